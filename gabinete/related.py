"""Content one app shows on another app's page without the page's app importing it.

The app that owns the content registers a provider for the target model:

    related.register("protocol.Event", _("Comunicados"), releases_for_event)   # communications

and the page of the target shows it: `{% for block in related_blocks %}` with
`related_blocks = related.for_object(event, request.user)`. A provider returns a list of
`RelatedLink` the user may see (an empty list hides the block).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RelatedLink:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class RelatedBlock:
    title: str
    links: list[RelatedLink]


_providers: dict[str, list[tuple[str, Callable]]] = {}


def register(target: str, title: str, provider: Callable) -> None:
    entries = _providers.setdefault(target.lower(), [])
    if not any(p is provider for _t, p in entries):
        entries.append((str(title), provider))


def for_object(obj, user) -> list[RelatedBlock]:
    label = obj._meta.label_lower
    blocks = []
    for title, provider in _providers.get(label, []):
        links = list(provider(obj, user) or [])
        if links:
            blocks.append(RelatedBlock(title, links))
    return blocks
