"""The two review queues of Transparencia Activa — uploads waiting for Asesoría Jurídica, approved
uploads waiting for Gabinete to publish — declared with the core's one list pattern
(gabinete/queues.py) and their bulk actions (gabinete/bulk.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gabinete.bulk import BulkAction
from gabinete.queues import ChoiceFilter, Column, FlagFilter, Queue, Sort, directorate_filter, person_filter
from gabinete.types import StrOrPromise

from . import permissions, services
from .compliance import due_date
from .models import MONTHS, Action, Publication, Status


def _month(row: dict[str, Any]) -> str:
    # The filter chooses the update month only; each row shows its «información al» too.
    return _("Actualización de %(m)s de %(y)s") % {"m": MONTHS[row["period"].month], "y": row["period"].year}


def overdue() -> Q:
    """Months whose deadline (10th business day of the month) has passed: this month once its day is gone."""
    today = timezone.localdate()
    this_month = today.replace(day=1)
    if today > due_date(today.year, today.month):
        return Q(period__lte=this_month)
    return Q(period__lt=this_month)


def publications_in(status: str) -> QuerySet[Publication]:
    return Publication.objects.filter(status=status).select_related(
        "section__item", "item", "directorate", "prepared_by", "approved_by"
    )


def _queue(*, waiting_since: str, waiting_label: StrOrPromise, noun, empty) -> Queue:
    return Queue(
        filters=[
            directorate_filter("directorate__slug", "directorate__name"),
            ChoiceFilter(
                "item",
                _("Ítem del art. 7"),
                "item__letter",
                label_fields=("item__letter", "item__name"),
                all_label=_("Todos"),
            ),
            ChoiceFilter("mes", _("Mes de actualización"), "period", describe=_month, all_label=_("Todos")),
            person_filter("preparada_por", _("Preparada por"), "prepared_by"),
            FlagFilter("vencidas", _("Solo vencidas (plazo del mes pasado)"), overdue),
        ],
        sorts=[
            Sort("espera", waiting_label, (waiting_since,)),
            Sort("mes", _("Mes de actualización"), ("period",)),
            Sort("direccion", _("Dirección"), ("directorate__order",)),
            Sort("item", _("Ítem"), ("item__order", "section__order")),
        ],
        default_sort="espera",
        columns=[
            Column(_("Sub-sección"), "item"),
            Column(_("Dirección"), "direccion"),
            Column(_("Período"), "mes"),
            Column(_("Versión")),
            Column(_("Preparada por")),
            Column(waiting_label, "espera"),
            Column(_("Plazo")),
        ],
        row_template="transparency/_review_row.html",
        noun=noun,
        empty=empty,
    )


@dataclass(frozen=True)
class ReviewQueue:
    """One of the two queues: which state it holds, its title, its declared list and bulk action."""

    key: str
    status: str
    title: StrOrPromise
    waiting_since: str
    queue: Queue
    actions: dict[str, BulkAction]


def _action(name: str, action: str, allowed) -> dict[str, BulkAction]:
    bulk = BulkAction.from_workflow(
        name,
        services.PUBLICATION_WORKFLOW,
        action,
        perform=lambda p, by: services.publication_transition(publication=p, action=action, by=by),
        allowed=allowed,
    )
    return {bulk.name: bulk}


QUEUES = {
    q.key: q
    for q in [
        ReviewQueue(
            "juridica",
            Status.SENT,
            _("Por revisar (Asesoría Jurídica)"),
            "sent_at",
            _queue(
                waiting_since="sent_at",
                waiting_label=_("Enviada"),
                noun=(_("carga esperando revisión jurídica"), _("cargas esperando revisión jurídica")),
                empty=_("No hay cargas esperando revisión jurídica."),
            ),
            _action("aprobar", Action.APPROVE, permissions.can_bulk_approve),
        ),
        ReviewQueue(
            "gabinete",
            Status.APPROVED,
            _("Por publicar (Gabinete)"),
            "approved_at",
            _queue(
                waiting_since="approved_at",
                waiting_label=_("Aprobada"),
                noun=(_("carga aprobada por publicar"), _("cargas aprobadas por publicar")),
                empty=_("No hay cargas aprobadas esperando publicación."),
            ),
            _action("publicar", Action.PUBLISH, permissions.can_bulk_publish),
        ),
    ]
}
