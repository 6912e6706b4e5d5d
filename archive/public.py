"""What the archive offers other apps on purpose (the only import other apps may make).

`communications` shows, on a press release, the clippings that repeat it: its «repercusión en medios»
(the archive's republication detection links the story to the release, archive/clusters.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .models import Clipping

__all__ = ["Coverage", "coverage_of_release"]


@dataclass(frozen=True)
class Coverage:
    outlet: str
    headline: str
    published_on: date
    url: str
    clipping_url: str
    tone: str


def coverage_of_release(release_id: int) -> list[Coverage]:
    """The archived clippings whose story repeats the release, newest first."""
    clippings = (
        Clipping.objects.filter(article__story__press_release_id=release_id)
        .select_related("outlet")
        .order_by("-published_on", "-pk")
    )
    return [
        Coverage(c.origin_label, c.headline, c.published_on, c.url, c.get_absolute_url(), c.tone_label)
        for c in clippings
    ]
