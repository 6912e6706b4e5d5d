"""What transparency prepares in the background (gabinete.jobs): the monthly compliance report PDF."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import jobs
from gabinete.models import Job

from . import permissions

COMPLIANCE_REPORT = "transparency.compliance_report"


def _title(params: Mapping[str, Any]) -> str:
    return _("Informe de cumplimiento de Transparencia Activa %(m)02d-%(y)s") % {
        "m": int(params["month"]),
        "y": params["year"],
    }


@jobs.register(
    COMPLIANCE_REPORT,
    gettext_lazy("Informe de cumplimiento de Transparencia Activa"),
    allowed=lambda user, params: permissions.can_view_compliance_report(user),
    title=_title,
)
def make_compliance_report(job: Job) -> jobs.JobOutput:
    """The month's compliance report over the sections the owner sees (the scope is the owner's)."""
    from .views import compliance_report_context

    year, month = int(job.params["year"]), int(job.params["month"])
    date(year, month, 1)  # a stored month that no longer makes sense fails the job, not the worker
    return jobs.pdf_output(
        job,
        f"cumplimiento-transparencia-{year}-{month:02d}.pdf",
        "transparency/compliance_pdf.html",
        lambda: compliance_report_context(job.owner, year, month),
    )
