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

Each section has a `key` ("<app>.<provider name>", e.g. "protocol.mayor_agenda") and an `app`. What
comes first on the page depends on who looks: `layout_for(user)` names the role and puts that role's
sections on top (ROLE_FIRST), and for the Jefa de Gabinete gathers every overdue item into one block
grouped by app and directorate (`overdue_groups`). Items say which directorate they concern (`group`)
and, when one row stands for several things (a directorate's 9 late values), how many (`count`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

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
    #: What the row concerns, to group by: the directorate's name, or a heading such as «Mañana».
    group: str = ""
    #: How many things the row stands for (a directorate's late values in one row).
    count: int = 1
    #: A short leading label shown before the title (the time of an activity).
    lead: str = ""
    #: Further links of the row: (label, url).
    links: tuple[tuple[str, str], ...] = ()
    #: Whether `due` is a deadline (the deadline notices announce it) or only a date (an activity's day).
    is_deadline: bool = True

    @property
    def is_overdue(self) -> bool:
        return self.urgency == Urgency.OVERDUE

    @property
    def meta(self) -> list[tuple[str, str]]:
        """The row's small print in order, as (text, url or ""): the deadline (unless the lead shows
        the time instead), the detail, the further links. Empty parts are left out, so the template's
        « · » goes only between two parts, never before the first (no row starts «· Aseo»)."""
        parts: list[tuple[str, str]] = []
        if self.due and not self.lead:
            parts.append((gettext("Plazo: %(date)s") % {"date": f"{self.due:%d-%m-%Y}"}, ""))
        if self.detail:
            parts.append((str(self.detail), ""))
        parts.extend((str(label), url) for label, url in self.links if label)
        return parts


@dataclass
class ItemGroup:
    """Consecutive items of a section under one heading (the agenda's «Hoy», «Mañana»)."""

    title: str
    items: list[DeskItem]


@dataclass
class DeskSection:
    title: str
    order: int
    provider: Callable
    items: list[DeskItem] = field(default_factory=list)
    key: str = ""
    app: str = ""
    #: A chronological section (the agenda) shows its items' `group` as headings.
    ordered: bool = False

    @property
    def overdue_count(self) -> int:
        return sum(i.count for i in self.items if i.is_overdue)

    @property
    def groups(self) -> list[ItemGroup]:
        """The items under their `group` headings, in the order they come (one untitled group for a
        section that is not chronological: there `group` only serves the Jefa's overdue block)."""
        if not self.ordered:
            return [ItemGroup("", self.items)]
        groups: list[ItemGroup] = []
        for item in self.items:
            if not groups or groups[-1].title != item.group:
                groups.append(ItemGroup(item.group, []))
            groups[-1].items.append(item)
        return groups


class _Provider(NamedTuple):
    order: int
    title: str
    provider: Callable
    key: str
    app: str
    ordered: bool


_providers: list[_Provider] = []

#: The app a provider module belongs to, shown as the Jefa's group heading.
APP_NAMES = {
    "protocol": gettext_lazy("Agenda y protocolo"),
    "communications": gettext_lazy("Comunicaciones"),
    "archive": gettext_lazy("Archivo de prensa"),
    "indicators": gettext_lazy("Indicadores"),
    "transparency": gettext_lazy("Transparencia"),
    "office": gettext_lazy("Despacho"),
    "dataprotection": gettext_lazy("Datos personales"),
    "gabinete": gettext_lazy("Gabinete"),
}


def _app_of(provider: Callable) -> str:
    """ "indicators" for indicators.desk, "office" for gabinete.office.desk, "gabinete" for this module."""
    module = provider.__module__.removesuffix(".desk")
    return module.rsplit(".", 1)[-1] if module != "gabinete" else "gabinete"


def register(title: str, *, order: int = 100, key: str = "", ordered: bool = False):
    """Register `provider(user) -> list[DeskItem]` under a section title. `key` names the section for
    the role layouts (default "<app>.<function name>"); `ordered` keeps the provider's own order (an
    agenda is chronological) instead of putting overdue items first."""

    def decorator(provider):
        if not any(p.provider is provider for p in _providers):
            app = _app_of(provider)
            _providers.append(_Provider(order, str(title), provider, key or f"{app}.{provider.__name__}", app, ordered))
        return provider

    return decorator


def sections_for(user) -> list[DeskSection]:
    """Every section with at least one item, overdue items first within a section."""
    sections = []
    for p in sorted(_providers, key=lambda p: (p.order, p.title)):
        items = list(p.provider(user) or [])
        if not items:
            continue
        if not p.ordered:
            items.sort(key=lambda i: (URGENCY_ORDER.get(i.urgency, 9), i.due or date.max))
        sections.append(
            DeskSection(
                title=p.title, order=p.order, provider=p.provider, items=items, key=p.key, app=p.app, ordered=p.ordered
            )
        )
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


# --- helpers for the providers ------------------------------------------------------------------


def last_finished_jobs(user, kinds: list[str]) -> dict:
    """The newest finished document (`Job`) of each kind the person asked for. One query."""
    from .models import JobState
    from .permissions import jobs_visible_to

    last: dict = {}
    done = jobs_visible_to(user).filter(kind__in=kinds, state=JobState.DONE).order_by("-finished_at", "-pk")
    for job in done.only("pk", "kind", "finished_at")[:50]:
        last.setdefault(job.kind, job)
    return last


def issued(job) -> str:
    """A report's row: «Último emitido el …», or that the person never asked for it."""
    from django.utils.translation import gettext as _

    if job is None or job.finished_at is None:
        return _("Aún no lo ha pedido")
    return _("Último emitido el %(d)s") % {"d": f"{timezone.localtime(job.finished_at):%d-%m-%Y}"}


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


# --- open work of a person who left ---------------------------------------------------------------


@dataclass(frozen=True)
class OpenWork:
    """What one app still has open in a person's name (their pending tasks, their requests in
    course): how many, what they are, and where Gabinete gives them to someone else."""

    label: str
    count: int
    url: str


_open_work: list[Callable] = []


def register_open_work(provider: Callable) -> Callable:
    """Register `provider(person) -> OpenWork | None`, an app's answer to «what does this person still
    have open here». Apps declare theirs in `<app>/desk.py` (the core never imports an app). One or
    two queries each: the desk asks it for every person who left the directory."""
    if provider not in _open_work:
        _open_work.append(provider)
    return provider


def open_work_of(person) -> list[OpenWork]:
    """Every app's open work in this person's name, the apps with nothing open left out."""
    found = (provider(person) for provider in _open_work)
    return [work for work in found if work is not None and work.count > 0]


def _work_to_reassign(user) -> list[DeskItem]:
    """People who left the municipal directory (their account was deactivated) and still have open
    work in their name: Gabinete gives it to someone else."""
    from django.utils.translation import gettext as _

    from .ldap_directory import directory_people_left
    from .permissions import is_gabinete

    if not is_gabinete(user):
        return []
    items = []
    for person in directory_people_left().select_related("directory_account")[:20]:
        work = open_work_of(person)
        if not work:
            continue
        items.append(
            DeskItem(
                title=_("Reasignar el trabajo de %(name)s (dejó el directorio)")
                % {"name": person.get_full_name() or person.get_username()},
                url=work[0].url,
                urgency=Urgency.PENDING,
                detail=_("Dejó el directorio el %(date)s.")
                % {"date": f"{timezone.localtime(person.directory_account.left_at):%d-%m-%Y}"},
                count=sum(w.count for w in work),
                links=tuple((f"{w.label}: {w.count}", w.url) for w in work),
            )
        )
    return items


register(gettext_lazy("Trabajo por reasignar"), order=890)(_work_to_reassign)


# --- what comes first for whom ------------------------------------------------------------------


class DeskRole:
    """The part a person plays on Mi escritorio (the first that applies, in this order)."""

    ALCALDE = "alcalde"
    HEAD = "jefatura"
    ADMINISTRATOR = "administrador"
    DIRECTORATE = "direccion"
    OTHER = "otro"


#: Per role, the sections that come first, in this order ("what do I do next"); the rest follow.
ROLE_FIRST: dict[str, list[str]] = {
    DeskRole.ALCALDE: [
        "protocol.mayor_agenda",
        "archive.todays_briefing",
        "office.matters_waiting",
        "communications.support_requests_due",
        "office.assignments_waiting",
    ],
    DeskRole.ADMINISTRATOR: [
        "indicators.management_report",
        "transparency.compliance_report",
        "office.manuals_and_descriptors",
    ],
    DeskRole.DIRECTORATE: [
        "indicators.workflow_items",
        "indicators.late_items",
        "transparency.transparency_entries",
        "archive.forwardings_to_answer",
        "office.matters_waiting",
        "office.assignments_waiting",
        "communications.releases_waiting",
    ],
    DeskRole.HEAD: [],
    DeskRole.OTHER: [],
}


@dataclass
class DirectorateGroup:
    """The overdue items of one app concerning one directorate."""

    name: str
    items: list[DeskItem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(i.count for i in self.items)


@dataclass
class AppGroup:
    """One app's overdue items, by directorate (most first)."""

    app: str
    name: str
    directorates: list[DirectorateGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(d.count for d in self.directorates)


@dataclass
class DeskLayout:
    """Mi escritorio for one person: their role, the role's sections on top, the Jefa's overdue block,
    then everything else."""

    role: str
    first: list[DeskSection]
    rest: list[DeskSection]
    overdue: list[AppGroup] = field(default_factory=list)

    @property
    def compact(self) -> bool:
        """The Alcalde reads it on a phone between activities: no intro, small headings."""
        return self.role == DeskRole.ALCALDE

    @property
    def is_empty(self) -> bool:
        return not (self.first or self.rest or self.overdue)

    @property
    def overdue_total(self) -> int:
        return sum(g.count for g in self.overdue)


def role_of(user) -> str:
    from .models import Role
    from .permissions import has_role, is_alcalde, is_gabinete_head

    if is_alcalde(user):
        return DeskRole.ALCALDE
    if is_gabinete_head(user):
        return DeskRole.HEAD
    if has_role(user, Role.ADMINISTRATOR):
        return DeskRole.ADMINISTRATOR
    if has_role(user, Role.LIAISON, Role.DIRECTOR):
        return DeskRole.DIRECTORATE
    return DeskRole.OTHER


def overdue_groups(sections: list[DeskSection]) -> list[AppGroup]:
    """Every overdue item of the sections, by app then directorate, the largest groups first. Pure
    Python over what the providers returned: no query of its own."""
    apps: dict[str, AppGroup] = {}
    no_unit = str(gettext_lazy("Sin dirección asignada"))
    for section in sections:
        for item in section.items:
            if not item.is_overdue:
                continue
            app = apps.setdefault(section.app, AppGroup(section.app, str(APP_NAMES.get(section.app, section.app))))
            name = item.group or no_unit
            unit = next((d for d in app.directorates if d.name == name), None)
            if unit is None:
                unit = DirectorateGroup(name)
                app.directorates.append(unit)
            unit.items.append(item)
    for app in apps.values():
        app.directorates.sort(key=lambda d: (-d.count, d.name))
        for unit in app.directorates:
            unit.items.sort(key=lambda i: (i.due or date.max, i.title))
    return sorted(apps.values(), key=lambda a: (-a.count, a.name))


def layout_for(user) -> DeskLayout:
    """Mi escritorio as this person should read it (see ROLE_FIRST). Sections that are not among the
    role's first come after, those with overdue items before the others, each group in `order`."""
    role = role_of(user)
    sections = sections_for(user)
    overdue: list[AppGroup] = []
    if role == DeskRole.HEAD:
        overdue = overdue_groups(sections)
        # The overdue block holds them now; their sections keep what is not overdue.
        sections = [
            DeskSection(s.title, s.order, s.provider, [i for i in s.items if not i.is_overdue], s.key, s.app, s.ordered)
            for s in sections
        ]
        sections = [s for s in sections if s.items]
    wanted = ROLE_FIRST.get(role, [])
    by_key = {s.key: s for s in sections}
    first = [by_key[k] for k in wanted if k in by_key]
    rest = [s for s in sections if s.key not in wanted]
    rest.sort(key=lambda s: (0 if s.overdue_count else 1, s.order, s.title))
    return DeskLayout(role=role, first=first, rest=rest, overdue=overdue)
