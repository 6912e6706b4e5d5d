"""Screen queries of the communications app."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gabinete.conditional import forget_stamp, shared_stamp
from gabinete.text import fold

from .models import (
    OPEN_RELEASE_STATUSES,
    Journalist,
    JournalistQuerySet,
    Outlet,
    OutletQuerySet,
    PressRelease,
    ReleaseStatus,
    SupportRequest,
    SupportRequestQuerySet,
    SupportStatus,
)

#: Releases that were once public: a change to any of them changes the public list and feeds.
ONCE_PUBLIC_STATUSES = (ReleaseStatus.PUBLISHED, ReleaseStatus.SUPERSEDED, ReleaseStatus.WITHDRAWN)


def public_release_page_qs() -> QuerySet[PressRelease]:
    """The public list: newest first, only the columns a card needs."""
    return (
        PressRelease.objects.public()
        .newest_first()
        .only("pk", "title", "slug", "lead", "photo", "photo_alt", "published_at", "updated_at")
    )


#: Longer search text is cut: nobody types more, and it bounds the query.
NEWS_QUERY_MAX_LENGTH = 200
#: At most this many words are looked for (one LIKE each).
NEWS_QUERY_MAX_WORDS = 8


def news_search_terms(text: str | None) -> list[str]:
    """The words of a public news search, folded like `PressRelease.search_text` (case and accents
    do not matter), punctuation dropped, at most NEWS_QUERY_MAX_WORDS of them."""
    folded = fold((text or "")[:NEWS_QUERY_MAX_LENGTH])
    words = re.sub(r"[^\w]+", " ", folded).split()
    return list(dict.fromkeys(words))[:NEWS_QUERY_MAX_WORDS]


def public_release_search(text: str | None) -> QuerySet[PressRelease]:
    """Published releases (never drafts, scheduled, replaced or withdrawn ones: `public()`) whose
    title, lead or body text holds every word searched, newest first; none without words."""
    terms = news_search_terms(text)
    qs = public_release_page_qs()
    if not terms:
        return qs.none()
    for term in terms:
        qs = qs.filter(search_text__contains=term)
    return qs


NEWS_STAMP_KEY = "communications:public-news-stamp"


def public_news_stamp() -> tuple[datetime | None, str]:
    """(last_modified, version seed) of the public list and feeds: the newest publication time that
    has come, or the latest edit of a visible release, whichever is later. Kept in the shared cache
    (`gabinete.conditional.shared_stamp`): a saved or deleted release forgets it, and it expires by
    itself when the next scheduled publication comes."""
    return shared_stamp(NEWS_STAMP_KEY, _compute_public_news_stamp)


def forget_public_news_stamp() -> None:
    forget_stamp(NEWS_STAMP_KEY)


def _compute_public_news_stamp() -> tuple[tuple[datetime | None, str], datetime | None]:
    """Three index scans (no aggregate over the whole table), so it stays fast with tens of thousands
    of releases."""
    now = timezone.now()
    public = PressRelease.objects.public(now=now)
    newest = public.order_by("-published_at").values_list("published_at", flat=True).first()
    # Withdrawn and replaced versions count too: taking one down must change the list and feeds.
    edited = (
        PressRelease.objects.filter(status__in=ONCE_PUBLIC_STATUSES)
        .order_by("-updated_at")
        .values_list("updated_at", flat=True)
        .first()
    )
    # A release scheduled for later appears with no write: the stamp is valid until then.
    coming = (
        PressRelease.objects.filter(status=ReleaseStatus.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    values = [v for v in (newest, edited) if v is not None]
    last = max(values) if values else None
    seed = f"{newest.isoformat() if newest else '-'}|{edited.isoformat() if edited else '-'}"
    return (last, seed), coming


def public_release(*, slug: str) -> PressRelease | None:
    return (
        PressRelease.objects.public().select_related("event").prefetch_related("directorates").filter(slug=slug).first()
    )


def withdrawn_release(*, slug: str) -> PressRelease | None:
    """The withdrawn release at this address (when nothing public is there): its page answers 410."""
    return PressRelease.objects.filter(slug=slug, status=ReleaseStatus.WITHDRAWN).order_by("-withdrawn_at").first()


def release_corrections_shown(*, release: PressRelease) -> list[PressRelease]:
    """The published corrections of this release's address, oldest first (the public "Corregido el" notes)."""
    return list(
        PressRelease.objects.filter(slug=release.slug, corrected_at__isnull=False)
        .filter(status__in=ONCE_PUBLIC_STATUSES)
        .order_by("corrected_at")
        .only("pk", "corrected_at", "correction_note")
    )


def release_versions(*, release: PressRelease) -> list[PressRelease]:
    """Every version at this release's address (the original and its corrections), oldest first."""
    if not release.is_correction and not release.corrections.exists():
        return []
    return list(PressRelease.objects.filter(slug=release.slug).select_related("author").order_by("created_at", "pk"))


def release_open_correction(*, release: PressRelease) -> PressRelease | None:
    """The correction of this release still on its way to publication, if any."""
    return release.corrections.filter(status__in=OPEN_RELEASE_STATUSES).order_by("-pk").first()


def support_board(*, scope: SupportRequestQuerySet, recent_days: int = 30) -> dict[str, list[SupportRequest]]:
    """Requests grouped by state; closed ones only from the last `recent_days` days."""
    since = timezone.now() - timedelta(days=recent_days)
    rows = list(
        scope.with_related()
        .filter(Q(status__in=[SupportStatus.REQUESTED, SupportStatus.ACCEPTED]) | Q(updated_at__gte=since))
        .order_by("needed_by", "pk")[:400]
    )
    board: dict[str, list[SupportRequest]] = {value: [] for value in SupportStatus.values}
    for row in rows:
        board[row.status].append(row)
    return board


def journalist_search(*, scope: JournalistQuerySet, text: str = "", kind: str = "") -> QuerySet[Journalist]:
    qs = scope.with_outlet().search(text)
    if kind:
        qs = qs.filter(outlet__kind=kind)
    return qs.order_by("last_name", "first_name", "pk")


def outlet_search(*, scope: OutletQuerySet, text: str = "", kind: str = "") -> QuerySet[Outlet]:
    qs = scope.search(text).annotate(journalist_count=Count("journalists"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")
