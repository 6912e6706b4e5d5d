"""The office's two review queues on the core's one list pattern (gabinete/queues.py):

- the matters waiting for the Alcalde (pending, and the decided ones on their own tab), with the one
  routine bulk action: group the ticked matters for the next dispatch meeting, each through
  `services.matter_schedule` exactly as one by one (gabinete/bulk.py);
- the job descriptors' versions under review by Gestión de Personas (and those returned or accepted
  that wait on Gabinete). No bulk action there, on purpose: accepting a descriptor is reading it (its
  functions, requirements, who it reports to); there are a few a year, one per position.

A matter has no deadline of its own, so its queue has no «overdue» flag; it has «not yet grouped for a
dispatch meeting» instead, what Gabinete decides on. A descriptor has its yearly review date: its
queue's flag is «annual review overdue».
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from gabinete.bulk import BulkAction
from gabinete.queues import (
    ChoiceFilter,
    Column,
    DateRangeFilter,
    FlagFilter,
    Queue,
    SearchFilter,
    Sort,
    directorate_filter,
    person_filter,
)

from . import permissions as perms
from . import services
from .models import (
    PENDING_MATTER_STATES,
    Decision,
    DocumentStatus,
    JobDescriptorVersion,
    Matter,
    MatterStatus,
    Urgency,
)


def matters_in(tab: str, user) -> QuerySet[Matter]:
    """The matters of a tab this person sees, with what each row shows (bounded: one query a page)."""
    matters = perms.matters_visible_to(user).with_related().annotate(attachment_count=Count("attachments"))
    return matters.decided() if tab == "resueltos" else matters.pending()


def _matter_filters(*, pending: bool) -> list:
    filters = [
        SearchFilter("q", _("Buscar en la materia"), ("subject", "background")),
        directorate_filter("directorate__slug", "directorate__name"),
        ChoiceFilter("urgencia", _("Urgencia"), "urgency", choices=Urgency.choices),
    ]
    if pending:
        filters.append(
            ChoiceFilter(
                "situacion",
                _("Estado"),
                "status",
                choices=[(s.value, s.label) for s in PENDING_MATTER_STATES],
                all_label=_("Todos los pendientes"),
            )
        )
    else:
        filters.append(
            ChoiceFilter("decision", _("Decisión"), "decision", choices=Decision.choices, all_label=_("Todas"))
        )
    filters += [
        person_filter("presentado_por", _("Presentado por"), "raised_by", all_label=_("Todas las personas")),
        DateRangeFilter("presentado", _("Presentado"), "submitted_at", is_datetime=True),
    ]
    if pending:
        filters.append(FlagFilter("sin_despacho", _("Solo sin reunión de despacho"), lambda: Q(meeting__isnull=True)))
    return filters


PENDING_MATTER_QUEUE = Queue(
    filters=_matter_filters(pending=True),
    sorts=[
        Sort("urgencia", _("Urgencia"), ("urgency", "submitted_at")),
        Sort("presentado", _("Presentado"), ("submitted_at",)),
        Sort("direccion", _("Dirección"), ("directorate__order", "directorate__name")),
        Sort("despacho", _("Despacho"), ("meeting__date", "urgency")),
    ],
    default_sort="urgencia",
    columns=[
        Column(_("Urgencia"), "urgencia"),
        Column(_("Materia")),
        Column(_("Dirección"), "direccion"),
        Column(_("Estado")),
        Column(_("Presentado"), "presentado"),
        Column(_("Despacho"), "despacho"),
    ],
    row_template="office/_matter_row.html",
    noun=(_("asunto pendiente"), _("asuntos pendientes")),
    empty=_("No hay asuntos pendientes de resolución con estos filtros."),
)

DECIDED_MATTER_QUEUE = Queue(
    filters=_matter_filters(pending=False),
    sorts=[
        Sort("resuelto", _("Resuelto"), ("decided_on",)),
        Sort("urgencia", _("Urgencia"), ("urgency", "submitted_at")),
        Sort("presentado", _("Presentado"), ("submitted_at",)),
        Sort("direccion", _("Dirección"), ("directorate__order", "directorate__name")),
    ],
    default_sort="resuelto",
    default_descending=True,
    columns=[
        Column(_("Urgencia"), "urgencia"),
        Column(_("Materia")),
        Column(_("Dirección"), "direccion"),
        Column(_("Decisión")),
        Column(_("Presentado"), "presentado"),
        Column(_("Resuelto"), "resuelto"),
    ],
    row_template="office/_matter_row.html",
    noun=(_("asunto resuelto"), _("asuntos resueltos")),
    empty=_("No hay asuntos resueltos con estos filtros."),
)

MATTER_QUEUES = {"pendientes": PENDING_MATTER_QUEUE, "resueltos": DECIDED_MATTER_QUEUE}


def _schedule_next(matter: Matter, by) -> Matter:
    return services.matter_schedule(matter=matter, meeting_date=services.next_meeting_date(), by=by)


def _schedule_change(matter: Matter) -> str:
    workflow = services.MATTER_WORKFLOW
    meeting = date_format(services.next_meeting_date(), "l d-m-Y")
    return str(
        _("%(from)s → %(to)s, para el despacho del %(date)s")
        % {
            "from": workflow.label(workflow.status_of(matter)),
            "to": workflow.label(MatterStatus.READY),
            "date": meeting,
        }
    )


_schedule = BulkAction.from_workflow(
    "agrupar",
    services.MATTER_WORKFLOW,
    "schedule",
    perform=_schedule_next,
    allowed=lambda user: perms.can_prepare_matter(user),
    label=_("Agrupar para la próxima reunión de despacho"),
)
#: Same rules and refusals as the workflow's step; the change names the meeting's date.
MATTER_BULK = {
    _schedule.name: BulkAction(
        _schedule.name, _schedule.label, _schedule.perform, _schedule.allowed, _schedule_change, _schedule.refusal
    )
}


# --- Job descriptors under review ------------------------------------------------------------------------

#: The versions of the queue: sent to Gestión de Personas, returned by it, or accepted and waiting approval.
REVIEW_STATES = (DocumentStatus.IN_REVIEW, DocumentStatus.RETURNED, DocumentStatus.REVIEWED)


def descriptor_versions_in_review() -> QuerySet[JobDescriptorVersion]:
    """The versions of the queue, each with when it entered its state and who last sent it to review
    (from its history: one subquery each, whatever the number of rows)."""
    history = JobDescriptorVersion.history.model.objects.filter(id=OuterRef("pk"))
    sent = history.filter(status=DocumentStatus.IN_REVIEW).order_by("-history_date", "-history_id")
    return (
        JobDescriptorVersion.objects.filter(status__in=REVIEW_STATES)
        .select_related("descriptor", "created_by", "reviewed_by")
        .annotate(
            state_since=Subquery(
                history.filter(status=OuterRef("status"))
                .order_by("-history_date", "-history_id")
                .values("history_date")[:1]
            ),
            submitted_at=Subquery(sent.values("history_date")[:1]),
            submitted_by_username=Subquery(sent.values("history_user__username")[:1]),
            submitted_by_first=Subquery(sent.values("history_user__first_name")[:1]),
            submitted_by_last=Subquery(sent.values("history_user__last_name")[:1]),
        )
    )


def _submitter(row: dict[str, Any]) -> str:
    name = f"{row['submitted_by_first'] or ''} {row['submitted_by_last'] or ''}".strip()
    return name or row["submitted_by_username"]


def _review_overdue() -> Q:
    return Q(descriptor__review_due_on__lt=timezone.localdate())


DESCRIPTOR_REVIEW_QUEUE = Queue(
    filters=[
        SearchFilter("q", _("Buscar cargo"), ("descriptor__position", "descriptor__unit", "change_summary")),
        ChoiceFilter(
            "unidad", _("Unidad"), "descriptor__unit", label_fields=("descriptor__unit",), all_label=_("Todas")
        ),
        ChoiceFilter(
            "estado",
            _("Estado"),
            "status",
            choices=[(s.value, s.label) for s in REVIEW_STATES],
            all_label=_("Todos"),
        ),
        ChoiceFilter(
            "enviada_por",
            _("Enviada por"),
            "submitted_by_username",
            label_fields=("submitted_by_first", "submitted_by_last", "submitted_by_username"),
            describe=_submitter,
            all_label=_("Todas las personas"),
        ),
        DateRangeFilter("enviada", _("Enviada"), "submitted_at", is_datetime=True),
        FlagFilter("vencidas", _("Solo con la revisión anual vencida"), _review_overdue),
    ],
    sorts=[
        Sort("enviada", _("Enviada"), ("submitted_at",)),
        Sort("cargo", _("Cargo"), ("descriptor__position", "descriptor__unit")),
        Sort("revision", _("Revisión anual"), ("descriptor__review_due_on",)),
    ],
    default_sort="enviada",
    columns=[
        Column(_("Cargo"), "cargo"),
        Column(_("Versión")),
        Column(_("Qué cambió")),
        Column(_("Estado")),
        Column(_("Enviada"), "enviada"),
        Column(_("Revisión anual"), "revision"),
    ],
    row_template="office/_descriptor_review_row.html",
    noun=(_("versión en revisión"), _("versiones en revisión")),
    empty=_("No hay versiones de descriptores en revisión con estos filtros."),
)
