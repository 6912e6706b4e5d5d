"""What the communications app offers other apps on purpose (the only import other apps may make).

`archive` files press clippings against the media outlets Gabinete keeps in Contactos de prensa
(`Clipping.outlet` is a ForeignKey to "communications.Outlet"): it offers them in the clipping form
and the search filter, matches them by name in the CSV import and by web address in quick entry,
and its demo data makes the outlets its stories come from.

`Outlet` itself is re-exported only so that those forms, annotations and the import can name it;
everything else about outlets (journalists, contacts, who may edit them) stays inside this app.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlparse

from django.db.models import QuerySet

from gabinete.richtext import html_to_lines

from .models import Outlet, PressRelease

__all__ = [
    "Outlet",
    "PressRelease",
    "active_outlets",
    "all_outlets",
    "demo_outlet",
    "outlet_choices",
    "outlet_for_address",
    "published_release_ids",
    "release_texts",
]


def active_outlets() -> QuerySet[Outlet]:
    """The outlets in use (vigentes), by name: what a new clipping may point to."""
    return Outlet.objects.active().order_by("name")


def all_outlets() -> QuerySet[Outlet]:
    """Every outlet, also those no longer in use (older clippings still point to them)."""
    return Outlet.objects.order_by("name")


def outlet_choices() -> list[tuple[int, str]]:
    """(pk, name) of every outlet, by name: the options of a filter over existing records."""
    return list(Outlet.objects.order_by("name").values_list("pk", "name"))


def _host(address: str) -> str:
    return (urlparse(address).hostname or "").removeprefix("www.")


def outlet_for_address(url: str) -> Outlet | None:
    """The outlet whose website serves `url` (its own domain or a subdomain of it), if any."""
    host = _host(url)
    if not host:
        return None
    for outlet in Outlet.objects.exclude(website=""):
        site = _host(outlet.website)
        if site and (host == site or host.endswith("." + site)):
            return outlet
    return None


def demo_outlet(*, name: str, kind: str, website: str) -> Outlet:
    """Demo data only: the outlet called `name`, made with this kind and website if it is missing."""
    outlet, _created = Outlet.objects.get_or_create(name=name, defaults={"kind": kind, "website": website})
    return outlet


# --- press releases, for the archive's republication detection (archive/clusters.py) ---------------
# `PressRelease` is re-exported only so that the archive's fingerprints and stories can name it.


def published_release_ids() -> list[int]:
    """The releases the public can read (a republication can only repeat those)."""
    return list(PressRelease.objects.public().values_list("pk", flat=True))


def release_texts(ids: Iterable[int]) -> dict[int, str]:
    """The published text of each release (title, lead and body without markup)."""
    rows = PressRelease.objects.public().filter(pk__in=list(ids)).values_list("pk", "title", "lead", "body_html")
    return {pk: f"{title}\n{lead}\n{html_to_lines(body)}" for pk, title, lead, body in rows}
