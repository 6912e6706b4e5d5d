"""Writes in Transparencia Activa: preparing a month's content, the review workflow, publication,
corrections and the responsible directorate. Each service checks permission, writes the record and its
workflow step in one transaction, and refuses what is not allowed with a Spanish message."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import activity, jobs, lists, notifications
from gabinete.conditional import forget_stamp
from gabinete.models import Delivery, Directorate, Job, ListPurpose, Role
from gabinete.types import AnyUser, StrOrPromise, User
from gabinete.workflow import Next, Tone, Transition, Workflow, requires_detail

from . import permissions
from .compliance import due_date
from .models import (
    Action,
    ContentKind,
    Document,
    Item,
    Publication,
    PublicationEvent,
    Section,
    Status,
    TableState,
    check_reported_through,
    default_reported_through,
)
from .tables import MAX_ERRORS_SHOWN, ParsedTable, format_cell, normalise, sort_rows

PUBLICATION_PREPARED = activity.Verb("publication.prepared", gettext_lazy("Preparó el contenido del mes"))
PUBLICATION_REPLACED = activity.Verb("publication.replaced", gettext_lazy("Reemplazó el contenido del mes"))
PUBLICATION_CORRECTION_STARTED = activity.Verb(
    "publication.correction_started", gettext_lazy("Inició una corrección de lo publicado")
)
PUBLICATION_TABLE_READ = activity.Verb("publication.table_read", gettext_lazy("La tabla cargada quedó lista"))
PUBLICATION_TABLE_REFUSED = activity.Verb(
    "publication.table_refused", gettext_lazy("La tabla cargada tiene errores y no se aplicó")
)
COMPLIANCE_REPORT_SENT = activity.Verb(
    "compliance_report.sent", gettext_lazy("Envió el informe de cumplimiento por correo")
)
ITEM_DIRECTORATE_ASSIGNED = activity.Verb("item.directorate_assigned", gettext_lazy("Asignó la dirección responsable"))

PUBLIC_STAMP_KEY = "transparency:public-stamp"


def invalidate_public_cache() -> None:
    """Public pages are cached by a stamp in the shared cache; forgetting it (now and again at commit)
    makes every page and ETag new in every process."""
    forget_stamp(PUBLIC_STAMP_KEY)


@dataclass
class Content:
    """What the liaison prepared: exactly one of a table, documents, links or "sin movimiento"."""

    kind: str
    table: ParsedTable | None = None
    table_upload: Any = None  # an uploaded table file, read later by the job (transparency.jobs)
    documents: list[tuple[str, object]] | None = None  # (title, uploaded file)
    links: list[dict] | None = None  # [{"title", "url"}]
    summary: str = ""
    source_name: str = ""
    # «Información al»: None keeps what the version had (a new one: the last day of the month before).
    reported_through: date | None = None


def _search_text(section: Section, content: Content) -> str:
    parts = [section.item.name, section.name, content.summary]
    if content.table:
        parts += [c["label"] for c in content.table.columns]
        for row in content.table.rows:
            parts += [format_cell(v, c["kind"]) for v, c in zip(row, content.table.columns, strict=False)]
    for title, _file in content.documents or []:
        parts.append(title)
    for link in content.links or []:
        parts.append(link["title"])
    if content.kind == Publication.NO_MOVEMENT:
        parts.append("sin movimiento")
    return normalise(" ".join(p for p in parts if p))


def _rows_in_section_order(section: Section, table: ParsedTable) -> list[list]:
    """The rows as they are published: newest first by the sub-section's `sort_column` when it has one
    (the CPLT's order for the Diario Oficial acts; catalogue data), else as uploaded."""
    return sort_rows(table.columns, table.rows, section.sort_column) if section.sort_column else table.rows


def _apply_content(publication: Publication, content: Content) -> None:
    if content.kind not in (publication.section.content_kind, Publication.NO_MOVEMENT):
        raise ValidationError(_("Esta sub-sección publica otro tipo de contenido."))
    if content.kind == ContentKind.TABLE and content.table is None and content.table_upload is None:
        raise ValidationError(_("Suba la tabla en CSV o XLSX."))
    if content.kind == ContentKind.DOCUMENTS and not content.documents and not publication.pk:
        raise ValidationError(_("Adjunte al menos un documento PDF."))
    if content.kind == ContentKind.LINKS and not content.links:
        raise ValidationError(_("Indique al menos un enlace."))
    publication.kind = content.kind
    publication.summary = content.summary
    publication.table_columns = content.table.columns if content.table else []
    publication.table_rows = _rows_in_section_order(publication.section, content.table) if content.table else []
    publication.table_errors, publication.table_error_count = [], 0
    if content.kind == ContentKind.TABLE and content.table_upload is not None:
        # Stored now, read by a job: the publication waits «procesando la tabla» until then.
        publication.table_file = content.table_upload
        publication.table_state = TableState.PROCESSING
    else:
        publication.table_file = ""
        publication.table_state = TableState.READY
    publication.links = content.links or []
    publication.source_name = content.source_name[:200]
    if content.reported_through is not None:
        publication.reported_through = content.reported_through
    elif publication.reported_through is None:
        publication.reported_through = default_reported_through(publication.period)
    check_reported_through(publication.period, publication.reported_through)


def _content_snapshot(publication: Publication) -> dict[str, Any]:
    """What a replacement of the content is compared on: the note, the links, the uploaded file and the
    documents' titles (a new upload is a change even with the same name: its stored name differs)."""
    values = activity.snapshot(
        publication, ("kind", "summary", "links", "source_name", "table_file", "reported_through")
    )
    rows = json.dumps(publication.table_rows, sort_keys=True, default=str).encode()
    values["table_rows"] = (
        _("%(n)s filas (%(digest)s)")
        % {"n": len(publication.table_rows), "digest": hashlib.sha256(rows).hexdigest()[:8]}
        if publication.table_rows
        else ""
    )
    values["documents"] = activity.snapshot_text(
        ", ".join(publication.documents.order_by("pk").values_list("title", flat=True))
    )
    return values


def _request_table_read(publication: Publication, by: User) -> None:
    """Hand the stored upload to the queue; the job names the upload so a newer one makes it stale."""
    if not publication.table_is_processing:
        return
    from gabinete import jobs

    from .jobs import TABLE_IMPORT

    job = jobs.job_request(
        by=by, kind=TABLE_IMPORT, params={"publication": publication.pk, "upload": publication.table_file.name}
    )
    publication.table_job = job
    publication.save(update_fields=["table_job"])


def _record(publication: Publication, action: str, by: User, comment: str = "") -> None:
    """The one writer of a publication's step log (PublicationEvent)."""
    PublicationEvent.objects.create(publication=publication, action=action, by=by, at=timezone.now(), comment=comment)


def _save_documents(publication: Publication, content: Content) -> None:
    if content.kind != ContentKind.DOCUMENTS:
        publication.documents.all().delete()
        return
    for title, upload in content.documents or []:
        Document.objects.create(publication=publication, title=title, file=upload, size=getattr(upload, "size", 0) or 0)


def _refresh_search_text(publication: Publication, content: Content) -> None:
    text = _search_text(publication.section, content)
    if content.kind == ContentKind.DOCUMENTS:
        text += " " + normalise(" ".join(publication.documents.values_list("title", flat=True)))
    publication.search_text = text


@activity.service
def publication_prepare(*, section: Section, period: date, content: Content, by: User) -> Publication:
    """The liaison prepares (or replaces, while not yet sent) a month's content for a sub-section."""
    if not permissions.can_prepare(by, section):
        raise PermissionDenied(
            _("Solo el enlace de la dirección responsable de esta sub-sección puede preparar su contenido.")
        )
    period = period.replace(day=1)
    if period > timezone.localdate().replace(day=1):
        raise ValidationError(_("No se puede preparar contenido para un mes futuro."))
    publication = Publication.objects.select_for_update().filter(section=section, period=period).open().first()
    action = Action.REPLACE
    if publication is None:
        if Publication.objects.filter(section=section, period=period, status=Status.PUBLISHED).exists():
            raise ValidationError(_("Este mes ya está publicado: para cambiarlo, ingrese una corrección."))
        publication = Publication(
            section=section,
            item=section.item,
            period=period,
            number=1,
            directorate_id=cast(int, section.responsible_id),  # set: its enlace prepares (checked above)
        )
        action = Action.PREPARE
    elif publication.status not in (Status.DRAFT, Status.RETURNED):
        raise ValidationError(_("El contenido ya fue enviado a revisión y no puede reemplazarse ahora."))
    before = _content_snapshot(publication) if publication.pk else {}
    _apply_content(publication, content)
    publication.prepared_by = by
    publication.prepared_at = timezone.now()
    if publication.status == Status.RETURNED:
        publication.status = Status.DRAFT
    publication.save()
    _save_documents(publication, content)
    _refresh_search_text(publication, content)
    publication.save(update_fields=["search_text"])
    _request_table_read(publication, by)
    _record(publication, action, by, content.summary if action == Action.PREPARE else "")
    activity.record(
        actor=by,
        verb=PUBLICATION_PREPARED if action == Action.PREPARE else PUBLICATION_REPLACED,
        target=publication,
        changes=activity.changes_between(
            before,
            _content_snapshot(publication),
            Publication,
            labels={"documents": _("documentos"), "table_rows": _("filas de la tabla")},
        )
        if before
        else None,
    )
    return publication


@activity.service
def publication_correct(*, publication: Publication, content: Content, reason: str, by: User) -> Publication:
    """Start a correction of a published version: a new version that points to it, with a public reason."""
    if not permissions.can_correct(by, publication):
        raise PermissionDenied(_("No puede corregir esta publicación."))
    if not reason.strip():
        raise ValidationError(_("Indique el motivo de la corrección: se mostrará al público."))
    if Publication.objects.filter(section=publication.section, period=publication.period).open().exists():
        raise ValidationError(_("Ya hay una versión de este mes en preparación o revisión."))
    number = (
        Publication.objects.filter(section=publication.section, period=publication.period).aggregate(n=Max("number"))[
            "n"
        ]
        or 0
    ) + 1
    correction = Publication(
        section=publication.section,
        item=publication.item,
        period=publication.period,
        number=number,
        corrects=publication,
        correction_reason=reason.strip(),
        reported_through=publication.reported_through,  # the same report, corrected (unless changed)
        directorate_id=cast(int, publication.section.responsible_id),  # a published section has one
        prepared_by=by,
        prepared_at=timezone.now(),
    )
    _apply_content(correction, content)
    correction.save()
    _save_documents(correction, content)
    _refresh_search_text(correction, content)
    correction.save(update_fields=["search_text"])
    _request_table_read(correction, by)
    _record(correction, Action.CORRECT, by, reason.strip())
    for target in (publication, correction):
        activity.record(
            actor=by, verb=PUBLICATION_CORRECTION_STARTED, target=target, changes={"reason": reason.strip()}
        )
    return correction


@dataclass(frozen=True)
class TableReadOutcome:
    """What a table job did: applied the rows, kept the errors, or nothing (a newer upload or a
    publication already sent won)."""

    applied: bool
    stale: bool = False
    rows: int = 0
    errors: tuple = ()
    error_count: int = 0


@activity.service
def publication_table_apply(
    *,
    publication_id: int,
    upload: str,
    table: ParsedTable | None,
    errors: list[dict],
    error_count: int,
    by: User | None = None,
) -> TableReadOutcome:
    """Apply what a table job read (transparency.jobs.read_table): the rows, or the errors (row,
    column, reason) kept on the publication for the liaison to see.

    Only while the publication still waits for this same upload (checked under a row lock, after the
    long read): a newer upload, a publication sent on, a second delivery of the job or a retry after
    it was applied change nothing. `by` is nobody: the queue applies it for the uploader."""
    publication = Publication.objects.select_for_update().select_related("section__item").get(pk=publication_id)
    if not publication.waits_for_table(upload):
        return TableReadOutcome(applied=False, stale=True)
    if table is None:
        publication.table_state = TableState.ERRORS
        publication.table_errors, publication.table_error_count = errors[:MAX_ERRORS_SHOWN], error_count
        publication.save(update_fields=["table_state", "table_errors", "table_error_count"])
        activity.record(
            actor=None,
            verb=PUBLICATION_TABLE_REFUSED,
            target=publication,
            recipients=[publication.prepared_by],
            changes={"errores": error_count},
        )
        return TableReadOutcome(applied=False, errors=tuple(publication.table_errors), error_count=error_count)
    publication.table_columns = table.columns
    publication.table_rows = _rows_in_section_order(publication.section, table)
    publication.table_state = TableState.READY
    content = Content(kind=publication.kind, table=table, summary=publication.summary)
    publication.search_text = _search_text(publication.section, content)
    publication.save(update_fields=["table_columns", "table_rows", "table_state", "search_text"])
    activity.record(
        actor=None,
        verb=PUBLICATION_TABLE_READ,
        target=publication,
        recipients=[publication.prepared_by],
        changes={"filas": len(table.rows)},
    )
    return TableReadOutcome(applied=True, rows=len(table.rows))


def _table_not_ready(publication: Publication, **details: Any) -> list[str]:
    """A table still being read, or one with errors, cannot go to review."""
    if publication.kind != ContentKind.TABLE:
        return []
    if publication.table_state == TableState.PROCESSING:
        return [_("La tabla aún se está procesando: espere a que esté lista para enviarla a revisión.")]
    if publication.table_state == TableState.ERRORS:
        return [_("La tabla tiene errores: corríjala y vuelva a subirla antes de enviarla a revisión.")]
    return []


_OWN_UPLOAD = gettext_lazy("No puede revisar ni aprobar un contenido que usted mismo cargó.")


def _review_refusal(message: StrOrPromise) -> Callable[[AnyUser, Publication], str]:
    def refusal(user: AnyUser, publication: Publication) -> str:
        return str(_OWN_UPLOAD if permissions.is_own_upload(user, publication) else message)

    return refusal


def _is_late_first_version(publication: Publication) -> bool:
    late = timezone.localdate() > due_date(publication.period.year, publication.period.month)
    return late and not publication.corrects_id


def _late_reason_missing(publication: Publication, *, late_reason: str = "", **details: Any) -> list[str]:
    """Sent after the month's deadline, a first version says why (a correction never does)."""
    if _is_late_first_version(publication) and not late_reason.strip() and not publication.late_reason:
        return [_("El plazo de este mes ya venció: indique el motivo del atraso.")]
    return []


def _publication_audience(publication: Publication, transition: Transition, by: User) -> list:
    """Who may take the next step hears about it: content sent waits for Asesoría Jurídica (never the one
    who uploaded it), approved content for Gabinete, which publishes; what was returned or published goes
    back to who prepared it and the responsible directorate's director."""
    if transition.name == Action.SEND:
        legal = User.objects.filter(is_active=True, memberships__role=Role.LEGAL).distinct()
        return [u for u in legal if not permissions.is_own_upload(u, publication)]
    if transition.name == Action.APPROVE:
        return activity.gabinete_people()
    return [
        publication.prepared_by,
        *activity.directorate_people(publication.section.responsible, roles=(Role.DIRECTOR,)),
    ]


PUBLICATION_TO_REVIEW_KIND = notifications.Kind(
    "transparency.publication_to_review",
    gettext_lazy("Contenidos de transparencia que esperan revisión jurídica"),
    verbs=[f"publication.{Action.SEND.value}"],
)
PUBLICATION_RETURNED_KIND = notifications.Kind(
    "transparency.publication_returned",
    gettext_lazy("Contenidos de transparencia devueltos con observaciones"),
    verbs=[f"publication.{Action.RETURN.value}"],
)
PUBLICATION_APPROVED_KIND = notifications.Kind(
    "transparency.publication_approved",
    gettext_lazy("Contenidos de transparencia aprobados, listos para publicar"),
    verbs=[f"publication.{Action.APPROVE.value}"],
)
PUBLICATION_PUBLISHED_KIND = notifications.Kind(
    "transparency.publication_published",
    gettext_lazy("Contenidos de transparencia de mi dirección publicados"),
    verbs=[f"publication.{Action.PUBLISH.value}"],
    default=Delivery.DIGEST,
)
TABLE_READ_KIND = notifications.Kind(
    "transparency.table_read",
    gettext_lazy("Lectura de las tablas que cargué"),
    verbs=[PUBLICATION_TABLE_READ.code, PUBLICATION_TABLE_REFUSED.code],
    default=Delivery.WEB,
)
ITEM_ASSIGNED_KIND = notifications.Kind(
    "transparency.item_assigned",
    gettext_lazy("Ítems de transparencia asignados a mi dirección"),
    verbs=[ITEM_DIRECTORATE_ASSIGNED.code],
)

#: The review workflow as data: which action moves which states, who may take it, what it needs.
PUBLICATION_WORKFLOW = Workflow(
    states=Status,
    notify=_publication_audience,
    wrong_state=gettext_lazy("La publicación está «%(status)s»: esta acción ya no corresponde."),
    next_steps={
        Status.DRAFT: Next(
            gettext_lazy("Ahora el director o la directora debe enviarlo a revisión jurídica."),
            gettext_lazy("Director o directora de la dirección responsable"),
        ),
        Status.SENT: Next(
            gettext_lazy("Ahora Asesoría Jurídica debe aprobarlo o devolverlo con observaciones."),
            gettext_lazy("Asesoría Jurídica"),
        ),
        Status.RETURNED: Next(
            gettext_lazy(
                "Ahora el enlace debe corregirlo y el director o la directora enviarlo de nuevo, "
                "respondiendo a las observaciones."
            ),
            gettext_lazy("Enlace y director o directora de la dirección responsable"),
        ),
        Status.APPROVED: Next(
            gettext_lazy("Ahora Gabinete debe publicarlo en la página de transparencia."), gettext_lazy("Gabinete")
        ),
        Status.PUBLISHED: Next(gettext_lazy("Queda publicado en la página de transparencia: no requiere más pasos.")),
    },
    tones={
        Status.DRAFT: Tone.NEUTRAL,
        Status.SENT: Tone.WARNING,
        Status.RETURNED: Tone.DANGER,
        Status.APPROVED: Tone.INFO,
        Status.PUBLISHED: Tone.SUCCESS,
    },
    transitions=[
        Transition(
            Action.SEND,
            (Status.DRAFT, Status.RETURNED),
            Status.SENT,
            gettext_lazy("Enviar a revisión jurídica"),
            allowed=permissions.can_send,
            refusal=gettext_lazy("Solo el director o directora de la dirección responsable puede enviar a revisión."),
            needs=(_table_not_ready, _late_reason_missing),
            done=gettext_lazy("Contenido enviado a revisión jurídica."),
            answers=Action.RETURN,
        ),
        Transition(
            Action.APPROVE,
            (Status.SENT,),
            Status.APPROVED,
            gettext_lazy("Aprobar"),
            allowed=permissions.can_review,
            refusal=_review_refusal(
                gettext_lazy("Solo Asesoría Jurídica puede aprobar contenido enviado, y nunca una carga propia.")
            ),
            done=gettext_lazy("Contenido aprobado por Asesoría Jurídica."),
        ),
        Transition(
            Action.RETURN,
            (Status.SENT,),
            Status.RETURNED,
            gettext_lazy("Devolver con observaciones"),
            allowed=permissions.can_review,
            refusal=_review_refusal(
                gettext_lazy("Solo Asesoría Jurídica puede devolver contenido enviado, y nunca una carga propia.")
            ),
            needs=requires_detail("comment", gettext_lazy("Escriba las observaciones para la dirección.")),
            done=gettext_lazy("Contenido devuelto a la dirección con sus observaciones."),
            records={"comment": gettext_lazy("Observaciones")},
        ),
        Transition(
            Action.PUBLISH,
            (Status.APPROVED,),
            Status.PUBLISHED,
            gettext_lazy("Publicar"),
            allowed=permissions.can_publish,
            refusal=gettext_lazy("Solo Gabinete publica, y solo contenido aprobado por Asesoría Jurídica."),
            done=gettext_lazy("Contenido publicado en la página de transparencia."),
        ),
    ],
)


@activity.service
def publication_transition(
    *, publication: Publication, action: str, by: User, comment: str = "", late_reason: str = "", reply: str = ""
) -> Publication:
    """Move a publication one step through the review workflow and record the step. Content returned
    with observations goes again only changed and with a reply to them (the workflow's rule)."""
    PUBLICATION_WORKFLOW.get(action)
    publication = Publication.objects.select_for_update().select_related("section__item").get(pk=publication.pk)
    comment, late_reason = comment.strip(), late_reason.strip()
    reply = reply.strip()
    PUBLICATION_WORKFLOW.apply(publication, action, by=by, comment=comment, late_reason=late_reason, reply=reply)
    now = timezone.now()
    fields = ["status"]
    if action == Action.SEND:
        publication.sent_at = now
        fields.append("sent_at")
        if late_reason and _is_late_first_version(publication):
            publication.late_reason = late_reason
            fields.append("late_reason")
    elif action == Action.APPROVE:
        publication.approved_by, publication.approved_at = by, now
        fields += ["approved_by", "approved_at"]
    elif action == Action.PUBLISH:
        publication.published_by, publication.published_at = by, now
        fields += ["published_by", "published_at"]
    publication.save(update_fields=fields)
    _record(publication, action, by, comment)
    if action == Action.PUBLISH:
        _after_publish(publication, now)
    return publication


def _after_publish(publication: Publication, now: datetime) -> None:
    section = publication.section
    current = section.current_publication
    if current is None or current.period <= publication.period:
        Section.objects.filter(pk=section.pk).update(current_publication=publication, last_published_at=now)
    else:
        Section.objects.filter(pk=section.pk).update(last_published_at=now)
    Item.objects.filter(pk=publication.item_id).update(last_published_at=now)
    # Now and again after commit: a page rendered in between from the old data must not survive.
    invalidate_public_cache()


@activity.service
def item_assign_directorate(
    *, item: Item, directorate: Directorate, by: User, expected_version: int | None = None
) -> Item:
    """Gabinete names the directorate responsible for an item."""
    from gabinete.concurrency import check_version

    if not permissions.can_assign_responsible(by):
        raise PermissionDenied(_("Solo Gabinete asigna la dirección responsable."))
    check_version(item, expected_version)
    before = str(item.directorate) if item.directorate_id else None
    item.directorate = directorate
    item.save(update_fields=["directorate", "updated_at"])
    activity.record(
        actor=by,
        verb=ITEM_DIRECTORATE_ASSIGNED,
        target=item,
        changes={"directorate": {"label": _("Dirección responsable"), "before": before, "after": str(directorate)}},
        recipients=activity.directorate_people(directorate),
    )
    invalidate_public_cache()
    return item


# --- the compliance report by e-mail -------------------------------------------------------------


@activity.service
def compliance_report_send(*, year: int, month: int, by: User) -> Job:
    """E-mail the month's compliance report PDF to its distribution list (the Administrador Municipal's).

    A job (`transparency.compliance_report_mail`) renders the PDF and puts the e-mail in the outbox; an
    empty list raises `lists.EmptyList` and nothing is asked for."""
    from .jobs import COMPLIANCE_REPORT_MAIL

    if not permissions.can_send_compliance_report(by):
        raise PermissionDenied(_("No tiene permiso para enviar el informe de cumplimiento."))
    distribution_list, recipients = lists.require_recipients(ListPurpose.COMPLIANCE_REPORT)
    activity.record(
        actor=by,
        verb=COMPLIANCE_REPORT_SENT,
        target=None,
        app="transparency",
        changes={"month": f"{year}-{month:02d}", "list": distribution_list.name, "recipients": len(recipients)},
    )
    return jobs.job_request(by=by, kind=COMPLIANCE_REPORT_MAIL, params={"year": year, "month": month, "to": recipients})
