"""What transparency prepares in the background (gabinete.jobs): the monthly compliance report PDF
(also e-mailed to its distribution list), and the reading of a table a liaison uploaded with a month's publication."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import jobs, lists, mail
from gabinete.exports import csv_text
from gabinete.models import Job, ListPurpose

from . import permissions

COMPLIANCE_REPORT = "transparency.compliance_report"
COMPLIANCE_REPORT_MAIL = "transparency.compliance_report_mail"
TABLE_IMPORT = "transparency.table_import"


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


def _mail_title(params: Mapping[str, Any]) -> str:
    return _("%(t)s — envío a la lista") % {"t": _title(params)}


@jobs.register(
    COMPLIANCE_REPORT_MAIL,
    gettext_lazy("Informe de cumplimiento por correo"),
    allowed=lambda user, params: permissions.can_send_compliance_report(user),
    title=_mail_title,
)
def mail_compliance_report(job: Job) -> jobs.JobOutput:
    """The month's compliance report PDF, e-mailed to the list «Informe de cumplimiento al Administrador
    Municipal» (once per job); the job keeps the PDF as sent and says to how many it went."""
    from .views import month_name

    output = make_compliance_report(job)
    year, month = int(job.params["year"]), int(job.params["month"])
    pdf = output.content if isinstance(output.content, bytes) else output.content.read()
    title = _title(job.params)
    line = _(
        "Adjunto el informe de cumplimiento de Transparencia Activa de %(m)s, con el resumen del año por dirección."
    ) % {"m": month_name(date(year, month, 1))}
    count = lists.mail_report_once(
        job,
        purpose=ListPurpose.COMPLIANCE_REPORT,
        title=title,
        lines=[line],
        attachment=mail.Attachment(output.filename, pdf, "application/pdf"),
        kind=COMPLIANCE_REPORT_MAIL,
    )
    name = lists.list_for(ListPurpose.COMPLIANCE_REPORT).name
    return jobs.JobOutput(output.filename, pdf, summary=lists.sent_summary(name, count))


def _may_read_table(user, params: Mapping[str, Any]) -> bool:
    """Whoever sees the publication (its liaison uploaded it) may have its table read."""
    return permissions.publications_visible_to(user).filter(pk=params.get("publication")).exists()


def _table_title(params: Mapping[str, Any]) -> str:
    return _("Lectura de la tabla de Transparencia Activa (publicación %(n)s)") % {"n": params.get("publication")}


@jobs.register(
    TABLE_IMPORT,
    gettext_lazy("Lectura de la tabla de Transparencia Activa"),
    allowed=_may_read_table,
    title=_table_title,
)
def read_table(job: Job) -> jobs.JobOutput:
    """Read the uploaded table (the long part, outside any transaction) and apply it to its publication
    (services.publication_table_apply, which checks again that the publication still waits for it);
    the job's file is the receipt: the errors found (row, column, reason) or the rows read."""
    from .models import Publication
    from .services import TableReadOutcome, publication_table_apply
    from .tables import MAX_BYTES, TableError, parse_table

    publication_id, upload = int(job.params["publication"]), str(job.params["upload"])
    jobs.report_progress(job, 1)
    publication = Publication.objects.select_related("section").filter(pk=publication_id).first()
    if publication is None or not publication.waits_for_table(upload):
        outcome = TableReadOutcome(applied=False, stale=True)  # nothing read: a newer upload won
    else:
        with publication.table_file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        table, errors, count, failure = None, [], 0, None
        try:
            table = parse_table(
                data,
                publication.source_name,
                list(publication.section.columns.all()),
                progress=lambda percent: jobs.report_progress(job, percent),
            )
        except TableError as exc:
            errors = [{"row": e.row, "column": e.column, "message": e.message} for e in exc.shown]
            count, failure = len(exc.errors), exc
        outcome = publication_table_apply(
            publication_id=publication_id, upload=upload, table=table, errors=errors, error_count=count
        )
    header = [_("Fila"), _("Estado"), _("Detalle")]
    if outcome.stale:
        rows = [["", _("No aplicada"), _("La publicación ya tiene otra tabla o fue enviada a revisión.")]]
    elif outcome.applied:
        rows = row_report(outcome.rows, [])
    else:
        rows = row_report(failure.row_count if failure else 0, failure.errors if failure else [])
    name = f"tabla-publicacion-{int(job.params['publication'])}-resultado.csv"
    return jobs.JobOutput(name, csv_text(header, rows).encode("utf-8"))


def row_report(row_count: int, errors) -> list[list]:
    """The upload's receipt row by row, as the person numbers rows in their spreadsheet (header = 1):
    first what concerns the whole file or its header, then every data row read, accepted or with each
    of its errors («Columna: motivo»)."""
    by_row: dict[int, list[str]] = {}
    rows: list[list] = []
    for error in errors:
        detail = f"{error.column}: {error.message}" if error.column else error.message
        if error.row is None or error.row == 1:
            rows.append([error.row or "", _("Archivo rechazado"), detail])
        else:
            by_row.setdefault(error.row, []).append(detail)
    for number in range(2, row_count + 2):
        found = by_row.get(number)
        rows.append([number, _("Con errores"), "; ".join(found)] if found else [number, _("Aceptada"), ""])
    return rows
