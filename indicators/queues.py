"""The validation queue of Gabinete, declared with the core's one list pattern (gabinete/queues.py)
and its bulk action (gabinete/bulk.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from gabinete.bulk import BulkAction
from gabinete.queues import (
    ChoiceFilter,
    Column,
    DateRangeFilter,
    FlagFilter,
    Queue,
    Sort,
    directorate_filter,
    person_filter,
)

from . import permissions as perms
from . import services
from .models import Measurement, MeasurementStatus, period_label


def _period(row: dict[str, Any]) -> str:
    return period_label(row["period__periodicity"], row["period__number"], row["period__year"])


def measurements_to_validate() -> QuerySet[Measurement]:
    """Values the directorates sent, with what Gabinete needs to decide without opening each one:
    the previous period's validated value of the same indicator and the change from it."""
    previous = (
        Measurement.objects.filter(
            indicator_year__indicator=OuterRef("indicator_year__indicator"),
            period__periodicity=OuterRef("period__periodicity"),
            period__start__lt=OuterRef("period__start"),
            is_current=True,
            status=MeasurementStatus.VALIDATED,
        )
        .order_by("-period__start")
        .values("value")[:1]
    )
    field = DecimalField(max_digits=16, decimal_places=4)
    return (
        Measurement.objects.filter(status=MeasurementStatus.SUBMITTED)
        .with_related()
        .select_related("submitted_by")
        .annotate(previous_value=Subquery(previous, output_field=field))
        .annotate(change=ExpressionWrapper(F("value") - F("previous_value"), output_field=field))
    )


REVIEW_QUEUE = Queue(
    filters=[
        directorate_filter(
            "indicator_year__indicator__directorate__slug", "indicator_year__indicator__directorate__name"
        ),
        ChoiceFilter(
            "periodo",
            _("Período"),
            "period_id",
            label_fields=("period__periodicity", "period__number", "period__year"),
            describe=_period,
            all_label=_("Todos"),
        ),
        person_filter("enviada_por", _("Enviada por"), "submitted_by", all_label=_("Todas las personas")),
        DateRangeFilter("enviada", _("Enviada"), "submitted_at", is_datetime=True),
        FlagFilter("vencidas", _("Solo enviadas fuera de plazo"), lambda: Q(submitted_late=True)),
        FlagFilter("sin_medio", _("Solo sin medio de verificación"), lambda: Q(evidence="")),
    ],
    sorts=[
        Sort("enviada", _("Enviada"), ("submitted_at",)),
        Sort("direccion", _("Dirección"), ("indicator_year__indicator__directorate__order",)),
        Sort("indicador", _("Indicador"), ("indicator_year__indicator__name",)),
        Sort("periodo", _("Período"), ("period__start",)),
        Sort("cambio", _("Cambio"), ("change",)),
    ],
    default_sort="enviada",
    columns=[
        Column(_("Indicador"), "indicador"),
        Column(_("Dirección"), "direccion"),
        Column(_("Período"), "periodo"),
        Column(_("Valor"), numeric=True),
        Column(_("Meta"), numeric=True),
        Column(_("Anterior"), numeric=True),
        Column(_("Cambio"), "cambio", numeric=True),
        Column(_("Medio de verificación")),
        Column(_("Enviada"), "enviada"),
    ],
    row_template="indicators/_review_row.html",
    noun=(_("medición esperando validación"), _("mediciones esperando validación")),
    empty=_("No hay mediciones esperando validación."),
)

BULK_ACTIONS = {
    action.name: action
    for action in [
        BulkAction.from_workflow(
            "validar",
            services.MEASUREMENT_WORKFLOW,
            "validate",
            perform=lambda m, by: services.measurement_validate(measurement=m, by=by),
            allowed=perms.can_bulk_validate,
        )
    ]
}
