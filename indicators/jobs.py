"""What indicators prepares in the background (gabinete.jobs): the Informe de Gestión PDF."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import jobs
from gabinete.models import Job

from . import permissions as perms

REPORT = "indicators.report"


def _report_title(params: Mapping[str, Any]) -> str:
    return _("Informe de Gestión %(year)s (hasta %(month)s)") % {
        "year": params["year"],
        "month": date_format(date(int(params["year"]), int(params["up_to"]), 1), "F").lower(),
    }


@jobs.register(
    REPORT,
    gettext_lazy("Informe de Gestión"),
    allowed=lambda user, params: perms.can_view_all_directorates(user),
    title=_report_title,
)
def make_report(job: Job) -> jobs.JobOutput:
    """The Informe de Gestión of `year` up to the month `up_to`, as its page printed it before."""
    from .views import report_pdf_bytes  # the one place that lays the report out (or finds it cached)

    year, up_to = int(job.params["year"]), int(job.params["up_to"])
    jobs.report_progress(job, 5)
    pdf = report_pdf_bytes(year, up_to, progress=lambda p: jobs.report_progress(job, p))
    return jobs.JobOutput(f"informe-de-gestion-{year}.pdf", pdf)
