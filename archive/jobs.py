"""What the press archive prepares in the background (gabinete.jobs): the daily briefing PDF, the
monthly media report PDF (also e-mailed to its distribution list) and the CSV import of clippings."""

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

from gabinete import exports, jobs, lists, mail
from gabinete.models import Job, ListPurpose
from gabinete.types import User

from . import permissions as perms
from . import services

BRIEFING = "archive.briefing"
MONTHLY_REPORT = "archive.monthly_report"
MONTHLY_REPORT_MAIL = "archive.monthly_report_mail"
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


def _report_mail_title(params: Mapping[str, Any]) -> str:
    return _("%(t)s — envío a la lista") % {"t": _report_title(params)}


@jobs.register(
    MONTHLY_REPORT_MAIL,
    gettext_lazy("Informe mensual de prensa por correo"),
    allowed=lambda user, params: perms.can_send_reports(user),
    title=_report_mail_title,
)
def mail_monthly_report(job: Job) -> jobs.JobOutput:
    """The month's media report PDF, e-mailed to the list «Informe mensual de medios» (once per job);
    the job keeps the PDF as sent and says to how many it went."""
    from .views import report_context

    year, month = _month(job.params)
    context: dict[str, Any] = {}

    def gather() -> dict[str, Any]:
        context.update(report_context(year, month))
        return context

    output = jobs.pdf_output(job, f"informe-prensa-{year}-{month:02d}.pdf", "archive/report_pdf.html", gather)
    totals = context["report"].totals
    title = _report_title(job.params)
    line = _(
        "Adjunto el informe mensual de prensa de %(m)s: %(total)s publicaciones "
        "(%(neg)s negativas, %(neu)s neutras, %(pos)s positivas)."
    ) % {
        "m": context["month_label"],
        "total": totals.total,
        "neg": totals.negative,
        "neu": totals.neutral,
        "pos": totals.positive,
    }
    pdf = output.content if isinstance(output.content, bytes) else output.content.read()
    count = lists.mail_report_once(
        job,
        purpose=ListPurpose.MEDIA_REPORT,
        title=title,
        lines=[line],
        attachment=mail.Attachment(output.filename, pdf, "application/pdf"),
        kind=MONTHLY_REPORT_MAIL,
    )
    name = lists.list_for(ListPurpose.MEDIA_REPORT).name
    return jobs.JobOutput(output.filename, pdf, summary=lists.sent_summary(name, count))


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


def _outcome(report: services.ImportReport, created: int) -> dict[str, Any]:
    return {
        "created": created,
        "rows": report.rows,
        "encoding": report.encoding,
        "errors": [[e.line, e.headline, e.messages] for e in report.errors],
    }


def _save_params(job: Job, **changes: Any) -> None:
    """Inside the transaction that filed a part of the import: what is filed now (so a later attempt of
    the same job neither files it again nor loses count of it)."""
    params = {**job.params, **changes}
    Job.objects.filter(pk=job.pk).update(params=params)
    job.params = params


#: Rows filed per transaction: each part commits with the job's note of its lines, so the page shows
#: the rows filed so far and an attempt that dies loses at most one part (the next attempt files it).
IMPORT_PART_ROWS = 200
#: The share of the progress bar for checking the rows (reading is quick; filing is most of the work).
CHECKING_SHARE = 20


@jobs.register(
    CLIPPING_IMPORT,
    gettext_lazy("Importación de recortes"),
    allowed=lambda user, params: perms.can_manage_clippings(user),
    title=_import_title,
)
def make_clipping_import(job: Job) -> jobs.JobOutput:
    """Import the uploaded file as its owner; the result is a CSV of the rejected rows with the reason.

    Idempotent: the good rows are filed in parts of `IMPORT_PART_ROWS`, each in one transaction that
    also notes its lines on the job (`params["filed"]`); the last part writes the outcome. An attempt
    that died mid-way left whole parts and their note: the next attempt checks the file again, skips
    the lines noted and files the rest; an attempt after the outcome files nothing and only writes the
    result again."""
    outcome = job.params.get("outcome")
    if outcome is None:
        outcome = _import(job)
        default_storage.delete(job.params["upload"])  # imported: the upload is no longer needed
    rows = [[line, headline, " ".join(messages)] for line, headline, messages in outcome["errors"]]
    content = exports.csv_text([_("Línea"), _("Titular"), _("Motivo")], rows)
    return jobs.JobOutput(
        f"importacion-recortes-{job.pk}-filas-rechazadas.csv", content.encode("utf-8"), summary=_summary(outcome)
    )


def _import(job: Job) -> dict[str, Any]:
    name = job.params["upload"]
    if not default_storage.exists(name):
        raise ValidationError(_("El archivo subido ya no está disponible: súbalo de nuevo."))
    with default_storage.open(name, "rb") as upload:
        data = upload.read()
    filed: list[int] = list(job.params.get("filed", []))

    def checked(done: int, rows: int) -> None:
        jobs.report_progress(job, CHECKING_SHARE * done // max(rows, 1))

    plan = services.clipping_import_check(data, checked, filed_lines=filed)
    if plan.report.fatal:
        raise ValidationError(plan.report.fatal)
    total = len(filed) + len(plan.valid)
    if not plan.valid:  # nothing (more) to file: the file had no good row, or an attempt filed them all
        _save_params(job, outcome=_outcome(plan.report, len(filed)))
        return job.params["outcome"]
    earlier = len(filed)
    for start in range(0, len(plan.valid), IMPORT_PART_ROWS):
        part = plan.valid[start : start + IMPORT_PART_ROWS]
        last = start + IMPORT_PART_ROWS >= len(plan.valid)
        lines = [line for line, *_rest in part]

        def note(report: services.ImportReport, lines: list[int] = lines, last: bool = last) -> None:
            filed.extend(lines)
            changes: dict[str, Any] = {"filed": filed}
            if last:
                changes["outcome"] = _outcome(report, earlier + report.created)
            _save_params(job, **changes)

        services.clipping_import_file(
            plan=plan, rows=part, by=job.owner, on_filed=note, already_created=earlier, record=last
        )
        jobs.report_progress(job, CHECKING_SHARE + (100 - CHECKING_SHARE) * len(filed) // max(total, 1))
    return job.params["outcome"]
