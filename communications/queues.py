"""The press releases list — with its «En revisión» state, the queue of releases waiting for the
head of press — on the core's one list pattern (gabinete/queues.py).

No bulk action here, on purpose: approving a press release is reading it (the text, the photo, the
directorates it names) before it speaks for the municipality; there is nothing routine to do to
twenty of them at once, unlike validating twenty monthly values that are in order."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gabinete.queues import ChoiceFilter, Column, DateRangeFilter, Queue, SearchFilter, Sort

from .models import ReleaseStatus


def _person(row: dict[str, Any]) -> str:
    name = f"{row['author__first_name']} {row['author__last_name']}".strip()
    return name or row["author__username"]


RELEASE_QUEUE = Queue(
    filters=[
        SearchFilter("q", _("Buscar"), ("title", "lead", "tags")),
        ChoiceFilter("estado", _("Estado"), "status", choices=ReleaseStatus.choices, all_label=_("Todos")),
        ChoiceFilter(
            "autor",
            _("Autor/a"),
            "author__username",
            label_fields=("author__first_name", "author__last_name", "author__username"),
            describe=_person,
        ),
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
