"""What the core prepares in the background (gabinete.jobs): the nómina PDF."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from . import jobs
from .models import Job
from .permissions import can_view_directory

DIRECTORY = "gabinete.directory"


@jobs.register(
    DIRECTORY, gettext_lazy("Nómina de direcciones y sus integrantes"), allowed=lambda u, p: can_view_directory(u)
)
def make_directory(job: Job) -> jobs.JobOutput:
    """The staff directory as the nómina page shows it, one section per directorate."""
    from .views import directory_context

    return jobs.pdf_output(job, "nomina-direcciones.pdf", "gabinete/directory_pdf.html", directory_context)
