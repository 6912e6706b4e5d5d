"""The navigation: the apps in the header, and each app's own sections, shown to each person only
where they may go.

Each app registers its entry in its AppConfig.ready(), with the test from its permissions module:

    from gabinete import navigation

    navigation.register(
        navigation.NavEntry(
            "protocol", _("Agenda y protocolo"), "protocol:index", order=20, visible=perms.can_use_agenda,
            links=(navigation.NavLink("mayor", _("Agenda del Alcalde"), "protocol:mayor-week",
                                      icon="calendar-week", visible=perms.can_view_mayor_agenda), ...),
        )
    )

`entries_for(user)` gives the visible entries in order (base.html's header shows them through the
`navigation` context processor); `links_for(user, namespace)` the visible sections of one app (the
app's `_nav.html`); the core's own links (`gabinete`) sit in the header's person menu (`core_links`). Anonymous people see no entry. A second registration of the same key is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.http import HttpRequest

Test = Callable[..., bool]


def everyone(user) -> bool:
    """For a link every person who may open the app may follow."""
    return True


@dataclass(frozen=True)
class NavLink:
    """A section of an app (a pill under the app's title)."""

    key: str
    label: str
    url_name: str
    visible: Test = everyone
    icon: str = ""


@dataclass(frozen=True)
class NavEntry:
    """An app in the header: its namespace (`key`), label, landing URL name and who may use it."""

    key: str
    label: str
    url_name: str
    visible: Test
    order: int = 100
    links: tuple[NavLink, ...] = field(default_factory=tuple)
    #: False: listed in the person menu instead of the header (a small app for a few roles, where the
    #: header has no room left at 1280 px).
    header: bool = True


_entries: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> NavEntry:
    _entries.setdefault(entry.key, entry)
    return entry


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def entries_for(user, *, header: bool = True) -> list[NavEntry]:
    """The visible entries of the header (or, with header=False, of the person menu)."""
    if not _signed_in(user):
        return []
    found = sorted(_entries.values(), key=lambda e: (e.order, e.key))
    return [e for e in found if e.header == header and e.visible(user)]


def links_for(user, namespace: str) -> list[NavLink]:
    entry = _entries.get(namespace)
    if entry is None or not _signed_in(user) or not entry.visible(user):
        return []
    return [link for link in entry.links if link.visible(user)]


class Navigation:
    """What the templates see as `navigation`: worked out only if a template asks."""

    def __init__(self, request: HttpRequest):
        self.request = request

    @cached_property
    def namespace(self) -> str:
        match = getattr(self.request, "resolver_match", None)
        return match.namespace if match else ""

    @cached_property
    def entries(self) -> list[NavEntry]:
        return entries_for(getattr(self.request, "user", None))

    @cached_property
    def menu_entries(self) -> list[NavEntry]:
        """The apps listed in the person menu rather than the header."""
        return entries_for(getattr(self.request, "user", None), header=False)

    @cached_property
    def links(self) -> list[NavLink]:
        return links_for(getattr(self.request, "user", None), self.namespace)

    @cached_property
    def core_links(self) -> list[NavLink]:
        """The core's own pages this person may open (Listas de distribución…), on every page's menu."""
        return links_for(getattr(self.request, "user", None), "gabinete")
