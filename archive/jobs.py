"""What the press archive prepares in the background (gabinete.jobs): the daily briefing PDF, the
monthly media report PDF and the CSV import of clippings."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gabinete import exports, jobs
from gabinete.models import Job
from gabinete.types import User

from . import permissions as perms
from . import services

BRIEFING = "archive.briefing"
MONTHLY_REPORT = "archive.monthly_report"
CLIPPING_IMPORT = "archive.clipping_import"

#: Where an uploaded import waits for its worker (through the default storage: a worker on another
#: machine reads it too), under a generated name.
UPLOADS = "jobs/uploads"


# --- the daily briefing and the monthly report ------------------------------------------------------


def _day(params: Mapping[str, Any]) -> date:
    return date.fromisoformat(str(params["day"]))


@jobs.register(
    BRIEFING,
    gettext_lazy("Síntesis de prensa"),
    allowed=lambda user, params: perms.can_read_briefing(user),
    title=lambda params: _("Síntesis de prensa del %(day)s") % {"day": f"{_day(params):%d-%m-%Y}"},
)
def make_briefing(job: Job) -> jobs.JobOutput:
    from .views import briefing_context  # the one place that gathers the day's briefing

    day = _day(job.params)
    return jobs.pdf_output(
        job, f"sintesis-prensa-{day:%Y-%m-%d}.pdf", "archive/briefing_pdf.html", lambda: briefing_context(day)
    )


def _month(params: Mapping[str, Any]) -> tuple[int, int]:
    year, month = int(params["year"]), int(params["month"])
    date(year, month, 1)  # a stored month that no longer makes sense fails the job, not the worker
    return year, month


def _report_title(params: Mapping[str, Any]) -> str:
    from .views import MONTH_NAMES

    year, month = _month(params)
    return _("Informe mensual de prensa: %(m)s") % {"m": f"{MONTH_NAMES[month]} de {year}"}


@jobs.register(
    MONTHLY_REPORT,
    gettext_lazy("Informe mensual de prensa"),
    allowed=lambda user, params: perms.can_read_briefing(user),
    title=_report_title,
)
def make_monthly_report(job: Job) -> jobs.JobOutput:
    from .views import report_context

    year, month = _month(job.params)
    return jobs.pdf_output(
        job, f"informe-prensa-{year}-{month:02d}.pdf", "archive/report_pdf.html", lambda: report_context(year, month)
    )


# --- the CSV import ---------------------------------------------------------------------------------


def clipping_import_request(*, by: User, data: bytes, filename: str) -> Job:
    """Keep an uploaded (already checked) CSV where any worker reads it and queue its import."""
    stored = default_storage.save(f"{UPLOADS}/{uuid.uuid4().hex}.csv", ContentFile(data))
    try:
        return jobs.job_request(by=by, kind=CLIPPING_IMPORT, params={"upload": stored, "name": filename[:120]})
    except Exception:
        default_storage.delete(stored)
        raise


def _import_title(params: Mapping[str, Any]) -> str:
    return _("Importación de recortes (%(name)s)") % {"name": params.get("name") or "CSV"}


def _summary(outcome: Mapping[str, Any]) -> str:
    created, errors = outcome["created"], len(outcome["errors"])
    text = ngettext("Se importó %(n)s recorte", "Se importaron %(n)s recortes", created) % {"n": created}
    if errors:
        text += "; " + ngettext("%(e)s fila con errores", "%(e)s filas con errores", errors) % {"e": errors}
    return text + "."


def _outcome(report: services.ImportReport) -> dict[str, Any]:
    return {
        "created": report.created,
        "rows": report.rows,
        "encoding": report.encoding,
        "errors": [[e.line, e.headline, e.messages] for e in report.errors],
    }


def _record_outcome(job: Job, report: services.ImportReport) -> None:
    """Inside the import's own transaction: this job's import is done (a later attempt of the same
    job finds it here and files nothing again)."""
    params = {**job.params, "outcome": _outcome(report)}
    Job.objects.filter(pk=job.pk).update(params=params)
    job.params = params


@jobs.register(
    CLIPPING_IMPORT,
    gettext_lazy("Importación de recortes"),
    allowed=lambda user, params: perms.can_manage_clippings(user),
    title=_import_title,
)
def make_clipping_import(job: Job) -> jobs.JobOutput:
    """Import the uploaded file as its owner; the result is a CSV of the rejected rows with the reason.

    Idempotent: the rows are filed in one transaction that also writes the outcome on the job, so an
    attempt that died before it committed left nothing, and an attempt after it committed (the worker
    died before finishing the job) files nothing and only writes the result again."""
    outcome = job.params.get("outcome")
    if outcome is None:
        name = job.params["upload"]
        if not default_storage.exists(name):
            raise ValidationError(_("El archivo subido ya no está disponible: súbalo de nuevo."))
        with default_storage.open(name, "rb") as upload:
            data = upload.read()

        def progress(done: int, rows: int) -> None:  # checking the rows: up to 80 %; filing them: the rest
            jobs.report_progress(job, 80 * done // max(rows, 1))

        plan = services.clipping_import_check(data, progress)
        if plan.report.fatal:
            raise ValidationError(plan.report.fatal)
        report = services.clipping_import_file(plan=plan, by=job.owner, on_filed=lambda r: _record_outcome(job, r))
        outcome = job.params["outcome"] = _outcome(report)
        default_storage.delete(name)  # imported: the upload is no longer needed
    rows = [[line, headline, " ".join(messages)] for line, headline, messages in outcome["errors"]]
    content = exports.csv_text([_("Línea"), _("Titular"), _("Motivo")], rows)
    return jobs.JobOutput(
        f"importacion-recortes-{job.pk}-filas-rechazadas.csv", content.encode("utf-8"), summary=_summary(outcome)
    )
