"""The press releases list — with its «En revisión» state, the queue of releases waiting for the
head of press — on the core's one list pattern (gabinete/queues.py).

No bulk action here, on purpose: approving a press release is reading it (the text, the photo, the
directorates it names) before it speaks for the municipality; there is nothing routine to do to
twenty of them at once, unlike validating twenty monthly values that are in order.

The support requests (SUPPORT_QUEUE) are Gabinete's queue of what the directorates asked for:
there, naming who takes them is routine, so it has one bulk action per person of Gabinete
(«Asignar a …», and «Dejar sin asignar»), each row through services.support_request_assign."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gabinete.bulk import BulkAction
from gabinete.queues import (
    ChoiceFilter,
    Column,
    DateRangeFilter,
    FlagFilter,
    Option,
    Queue,
    SearchFilter,
    Sort,
    directorate_filter,
    person_filter,
)

from .models import OPEN_SUPPORT_STATUSES, ReleaseStatus, SupportKind, SupportStatus

RELEASE_QUEUE = Queue(
    filters=[
        SearchFilter("q", _("Buscar"), ("title", "lead", "tags")),
        ChoiceFilter("estado", _("Estado"), "status", choices=ReleaseStatus.choices, all_label=_("Todos")),
        person_filter("autor", _("Autor/a"), "author"),
        DateRangeFilter("modificado", _("Última modificación"), "updated_at", is_datetime=True),
    ],
    sorts=[
        Sort("modificado", _("Última modificación"), ("updated_at",)),
        Sort("titulo", _("Título"), ("title",)),
        Sort("estado", _("Estado"), ("status",)),
        Sort("publicacion", _("Publicación"), ("published_at", "scheduled_at")),
    ],
    default_sort="modificado",
    default_descending=True,
    columns=[
        Column(_("Título"), "titulo"),
        Column(_("Estado"), "estado"),
        Column(_("Autor/a")),
        Column(_("Publicación"), "publicacion"),
        Column(_("Última modificación"), "modificado"),
    ],
    row_template="communications/_release_row.html",
    noun=(_("comunicado con estos filtros"), _("comunicados con estos filtros")),
    empty=_("No hay comunicados con estos filtros."),
)


# --- support requests -----------------------------------------------------------------------------
#: The state filter's own choice: what still waits for Gabinete (the list's default).
OPEN = "abiertas"


class SupportStateFilter(ChoiceFilter):
    """The state of a request, plus «Abiertas» (requested or accepted): the list opens on it."""

    def apply(self, queryset: QuerySet, value: Any) -> QuerySet:
        if value == OPEN:
            return queryset.filter(status__in=OPEN_SUPPORT_STATUSES)
        return super().apply(queryset, value)

    def options(self, queryset: QuerySet, value: Any, *, label: str | None = None) -> list[Option]:
        options = super().options(queryset, value, label=label)
        open_count = sum(o.count for o in options if o.value in OPEN_SUPPORT_STATUSES)
        return [Option(o.value, o.label, open_count, o.selected) if o.value == OPEN else o for o in options]


def support_overdue() -> Q:
    """Still open and its needed-by date has passed."""
    return Q(status__in=OPEN_SUPPORT_STATUSES, needed_by__lt=timezone.localdate())


SUPPORT_QUEUE = Queue(
    filters=[
        SupportStateFilter(
            "estado",
            _("Estado"),
            "status",
            choices=[(OPEN, _("Abiertas (solicitadas o aceptadas)")), *SupportStatus.choices],
        ),
        directorate_filter("directorate__slug", "directorate__name"),
        ChoiceFilter("tipo", _("Tipo de apoyo"), "kind", choices=SupportKind.choices, all_label=_("Todos")),
        person_filter("asignada", _("A cargo de"), "assignee", empty_label=_("Sin asignar")),
        DateRangeFilter("necesita", _("Se necesita el"), "needed_by"),
        FlagFilter("vencidas", _("Solo vencidas"), support_overdue),
    ],
    sorts=[
        Sort("necesita", _("Se necesita el"), ("needed_by",)),
        Sort("solicitada", _("Solicitada"), ("created_at",)),
    ],
    default_sort="necesita",
    columns=[
        Column(_("Solicitud")),
        Column(_("Tipo")),
        Column(_("Dirección")),
        Column(_("Se necesita el"), "necesita"),
        Column(_("Solicitada"), "solicitada"),
        Column(_("Estado")),
        Column(_("A cargo de")),
    ],
    row_template="communications/_support_row.html",
    noun=(_("solicitud con estos filtros"), _("solicitudes con estos filtros")),
    empty=_("No hay solicitudes con estos filtros."),
)


def support_queue_data(data: QueryDict) -> QueryDict:
    """The address as the queue reads it: no state means «Abiertas»; the old `?estado=todas` means every state."""
    data = data.copy()
    if "estado" not in data:
        data["estado"] = OPEN
    elif data.get("estado") == "todas":
        data["estado"] = ""
    return data


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else str(_("Sin asignar"))


def support_assign_actions(people: Iterable[Any], *, allowed: Callable[[Any], bool]) -> dict[str, BulkAction]:
    """«Asignar a <persona>» for each person of Gabinete, and «Dejar sin asignar»: `?accion=asignar-<pk>`."""
    from . import services

    def action(person: Any) -> BulkAction:
        def perform(support: Any, by: Any) -> Any:
            return services.support_request_assign(
                request=support, by=by, assignee=person, expected_version=support.version
            )

        def refusal(support: Any, user: Any) -> str:
            if support.assignee_id == (person.pk if person else None):
                return gettext("ya está a cargo de %(name)s: queda igual.") % {"name": _name(person)}
            return ""

        name = f"asignar-{person.pk}" if person is not None else "asignar-nadie"
        label = gettext("Asignar a %(name)s") % {"name": _name(person)} if person else gettext("Dejar sin asignar")
        return BulkAction(
            name,
            label,
            perform,
            allowed,
            change=lambda support: f"{_name(support.assignee)} → {_name(person)}",
            refusal=refusal,
        )

    actions = [action(p) for p in people] + [action(None)]
    return {a.name: a for a in actions}
