"""Mi escritorio: what waits for a user, gathered from every app.

Each app registers its providers one way: decorated in `<app>/desk.py`, which the app's
AppConfig.ready() imports (`from . import desk  # noqa: F401`):

    from django.utils.translation import gettext_lazy
    from gabinete import desk

    @desk.register(gettext_lazy("Tareas de protocolo vencidas"), order=20)
    def overdue_tasks(user) -> list[desk.DeskItem]:
        ...

A provider answers for one user, quickly (a bounded number of queries, say 1–3), and returns an empty
list when nothing waits; sections with no items are not shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

logger = logging.getLogger(__name__)


class Urgency:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    PENDING = "pending"
    INFO = "info"


URGENCY_ORDER = {Urgency.OVERDUE: 0, Urgency.DUE_SOON: 1, Urgency.PENDING: 2, Urgency.INFO: 3}


@dataclass(frozen=True)
class DeskItem:
    title: str
    url: str
    due: date | None = None
    urgency: str = Urgency.PENDING
    detail: str = ""

    @property
    def is_overdue(self) -> bool:
        return self.urgency == Urgency.OVERDUE


@dataclass
class DeskSection:
    title: str
    order: int
    provider: Callable
    items: list[DeskItem] = field(default_factory=list)


_providers: list[tuple[int, str, Callable]] = []


def register(title: str, *, order: int = 100):
    """Register `provider(user) -> list[DeskItem]` under a section title."""

    def decorator(provider):
        if not any(p is provider for _o, _t, p in _providers):
            _providers.append((order, str(title), provider))
        return provider

    return decorator


def sections_for(user) -> list[DeskSection]:
    """Every section with at least one item, overdue items first within a section."""
    sections = []
    for order, title, provider in sorted(_providers, key=lambda p: (p[0], p[1])):
        items = list(provider(user) or [])
        if not items:
            continue
        items.sort(key=lambda i: (URGENCY_ORDER.get(i.urgency, 9), i.due or date.max))
        sections.append(DeskSection(title=title, order=order, provider=provider, items=items))
    return sections


def urgency_for(due: date | None, *, soon_days: int = 3, today: date | None = None) -> str:
    """Overdue when the date has passed, due soon within `soon_days` calendar days."""
    if due is None:
        return Urgency.PENDING
    today = today or timezone.localdate()
    if due < today:
        return Urgency.OVERDUE
    if (due - today).days <= soon_days:
        return Urgency.DUE_SOON
    return Urgency.PENDING


# --- the core's own entry -----------------------------------------------------------------------


def _people_without_unit(user) -> list[DeskItem]:
    """Gabinete assigns every new account to a directorate; until then the person sees nothing."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .permissions import is_gabinete

    if not is_gabinete(user):
        return []
    people = list(
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False, memberships__isnull=True)
        .order_by("-date_joined")[:20]
    )
    url = reverse("gabinete:directory") + "#sin-unidad"
    return [
        DeskItem(
            title=_("Asignar dirección y rol a %(name)s") % {"name": p.get_full_name() or p.get_username()},
            url=url,
            urgency=Urgency.PENDING,
            detail=_("Cuenta creada el %(date)s sin dirección asignada.") % {"date": f"{p.date_joined:%d-%m-%Y}"},
        )
        for p in people
    ]


register("Personas sin dirección asignada", order=900)(_people_without_unit)
