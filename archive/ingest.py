"""The archive fills itself: read a source, store its new articles, match the rules, fold
republications into stories (the body of the periodic fetch job, archive/tasks.py).

For each source whose time came: its feed or sitemap is read (archive/fetching.py: only registered
sites, robots.txt, conditional request); each item not stored yet (by canonical address: tracking
parameters and fragments dropped) has its page read and its text, title, author, date and lead image
extracted with trafilatura, or the feed's summary when the page cannot be read; the active rules are
tried on it (archive/query.py) and, when one that leads to the inbox matches, it waits there for a
press officer (archive/services.py: accept or discard). Every article is fingerprinted
(archive/clusters.py) and joins the story of the stored article it repeats, if any.

A source that fails is retried later with back-off and marked «falla desde»; one source's trouble
never touches another's (each is its own job), and an item's trouble never stops its source.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import courlan
import trafilatura
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gabinete.text import fold

from . import clusters
from .feeds import FeedError, Item, parse_feed, parse_sitemap
from .fetching import Fetcher, FetchError, Response, host_of
from .models import Article, ArticleState, FeedSource, MatchRule, SourceKind, Story
from .query import Matcher

logger = logging.getLogger(__name__)

#: Child sitemaps of an index read per fetch (the newest ones).
MAX_CHILD_SITEMAPS = 3
#: Back-off of a failing source: its interval doubled per failure, at most this long.
MAX_BACKOFF = timedelta(hours=6)


def canonical_url(url: str) -> str:
    """The address an article is stored under: lower-case host, no fragment, no tracking parameters
    (utm_*, fbclid, gclid, …: courlan's strict normalisation)."""
    try:
        return courlan.normalize_url(url.strip(), strict=True)[:500]
    except (ValueError, AttributeError):
        return url.strip()[:500]


# --- rules -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledRule:
    pk: int
    matcher: Matcher
    to_inbox: bool
    priority: bool
    topic_ids: tuple[int, ...]
    directorate_ids: tuple[int, ...]


@dataclass
class Decision:
    rule_ids: list[int] = field(default_factory=list)
    to_inbox: bool = False
    priority: bool = False
    topic_ids: set[int] = field(default_factory=set)
    directorate_ids: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[CompiledRule, ...]

    @classmethod
    def load(cls) -> RuleSet:
        """The active rules, parsed once for a whole fetch (three queries)."""
        rules = list(MatchRule.objects.filter(is_active=True).prefetch_related("topics", "directorates"))
        return cls(
            tuple(
                CompiledRule(
                    rule.pk,
                    Matcher.of(rule.query),
                    rule.to_inbox,
                    rule.priority,
                    tuple(t.pk for t in rule.topics.all()),
                    tuple(d.pk for d in rule.directorates.all()),
                )
                for rule in rules
            )
        )

    def decide(self, folded: str) -> Decision:
        decision = Decision()
        for rule in self.rules:
            if not rule.matcher.matches(folded):
                continue
            decision.rule_ids.append(rule.pk)
            decision.to_inbox |= rule.to_inbox
            decision.priority |= rule.priority
            decision.topic_ids.update(rule.topic_ids)
            decision.directorate_ids.update(rule.directorate_ids)
        return decision


# --- extraction --------------------------------------------------------------------------------------


@dataclass
class Extracted:
    title: str = ""
    author: str = ""
    published_at: datetime | None = None
    image_url: str = ""
    text: str = ""
    canonical: str = ""


def extract(html: bytes, url: str) -> Extracted | None:
    """What trafilatura finds in an article page, or None when it finds no article text."""
    try:
        document = trafilatura.bare_extraction(
            html.decode("utf-8", "replace"), url=url, with_metadata=True, include_comments=False
        )
    except Exception:  # a library error on a hostile page is a page without text, never a failed fetch
        logger.warning("Extraction failed for %s", url, exc_info=True)
        return None
    if document is None or not (document.text or "").strip():
        return None
    day = parse_date(document.date or "") if document.date else None
    return Extracted(
        title=(document.title or "").strip()[:300],
        author=(document.author or "").strip()[:200],
        published_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC) if day else None,
        image_url=(document.image or "")[:500],
        text=document.text.strip(),
        canonical=document.url or "",
    )


# --- one source --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one fetch of a source did (the job's return value and the source's counters)."""

    fetched: bool = False
    not_modified: bool = False
    listed: int = 0
    new: int = 0
    to_inbox: int = 0
    page_errors: list[str] = field(default_factory=list)
    error: str = ""


def _claim(source_id: int, now: datetime) -> FeedSource | None:
    """Take the source for this fetch: one UPDATE moves its next time on, so a second job for the
    same slot finds nothing to do."""
    source = FeedSource.objects.filter(pk=source_id).select_related("outlet").first()
    if source is None or not source.is_active:
        return None
    claimed = FeedSource.objects.filter(pk=source_id, is_active=True, next_fetch_at__lte=now).update(
        next_fetch_at=now + timedelta(minutes=source.interval_minutes), last_fetched_at=now
    )
    return source if claimed else None


def _list_items(fetcher: Fetcher, source: FeedSource, response: Response) -> list[Item]:
    if source.kind == SourceKind.FEED:
        return parse_feed(response.content)
    items, children = parse_sitemap(response.content)
    for child in children[:MAX_CHILD_SITEMAPS]:
        try:
            child_items, _grandchildren = parse_sitemap(fetcher.get(child).content)
        except (FetchError, FeedError) as exc:
            logger.info("Child sitemap %s: %s", child, exc)
            continue
        items += child_items
    return items


def fetch_source(source_id: int, *, now: datetime | None = None) -> Outcome:
    """Read one source and store what is new (see the module's docstring)."""
    now = now or timezone.now()
    outcome = Outcome()
    source = _claim(source_id, now)
    if source is None:
        return outcome
    outlet = source.outlet
    with Fetcher([source.url, outlet.website]) as fetcher:
        try:
            response = fetcher.get(source.url, etag=source.etag, last_modified=source.last_modified)
            outcome.fetched = True
            if response.not_modified:
                outcome.not_modified = True
            else:
                items = _list_items(fetcher, source, response)
                outcome.listed = len(items)
                _ingest_items(fetcher, source, items, outcome)
        except (FetchError, FeedError) as exc:
            outcome.error = str(exc)
            _record_failure(source, now, outcome.error)
            return outcome
    _record_success(source, now, response, outcome)
    return outcome


def _new_items(items: list[Item]) -> list[tuple[str, Item]]:
    """The items not stored yet, by canonical address, the newest first, at most the fetch's limit."""
    unique: dict[str, Item] = {}
    for item in items:
        unique.setdefault(canonical_url(item.url), item)
    known: set[str] = set()
    addresses = list(unique)
    for start in range(0, len(addresses), 500):
        known.update(Article.objects.filter(url__in=addresses[start : start + 500]).values_list("url", flat=True))
    fresh = [(url, item) for url, item in unique.items() if url not in known]
    fresh.sort(key=lambda pair: pair[1].published_at or datetime.min.replace(tzinfo=UTC), reverse=True)
    return fresh[: int(getattr(settings, "ARCHIVE_FETCH_MAX_ITEMS", 200))]


def _ingest_items(fetcher: Fetcher, source: FeedSource, items: list[Item], outcome: Outcome) -> None:
    rules = RuleSet.load()
    clusters.index_releases()
    for url, item in _new_items(items):
        extracted = None
        if fetcher.is_allowed_site(url):
            try:
                page = fetcher.get(url)
                extracted = extract(page.content, page.url)
            except FetchError as exc:
                outcome.page_errors.append(f"{url[:120]}: {exc}")
                if exc.gone:
                    continue  # withdrawn by the outlet: nothing to archive
        else:
            outcome.page_errors.append(_("%(url)s: no es del sitio del medio, no se leyó.") % {"url": url[:120]})
        article = store_article(source=source, url=url, item=item, extracted=extracted, rules=rules)
        if article is not None:
            outcome.new += 1
            outcome.to_inbox += article.state == ArticleState.PENDING


def store_article(
    *, source: FeedSource, url: str, item: Item, extracted: Extracted | None, rules: RuleSet
) -> Article | None:
    """Store one new article with its rules' decision and its story; None when there is nothing to
    keep (no title and no text) or another job stored the same address first."""
    title = (extracted.title if extracted and extracted.title else item.title).strip()
    text = extracted.text if extracted else ""
    summary = item.summary[:2000]
    if not title or not (text or summary):
        return None
    if extracted and extracted.canonical:
        candidate = canonical_url(extracted.canonical)
        if candidate != url and host_of(candidate) == host_of(url):
            if Article.objects.filter(url=candidate).exists():
                return None
            url = candidate
    folded = fold(f"{title}\n{summary}\n{text}")
    decision = rules.decide(folded)
    sig = clusters.signature(f"{title}\n{text or summary}")
    try:
        with transaction.atomic():
            similar, release_id = clusters.nearest(sig) if sig is not None else (None, None)
            if similar is not None:
                story = similar.story
                if release_id and story.press_release_id is None:
                    Story.objects.filter(pk=story.pk).update(press_release_id=release_id)
            else:
                story = Story.objects.create(headline=title[:300], press_release_id=release_id)
            article = Article.objects.create(
                source=source,
                outlet_id=source.outlet_id,
                url=url,
                title=title[:300],
                author=(extracted.author if extracted else "") or item.author,
                # Without a date anywhere, the moment it was found (the inbox sorts by it).
                published_at=item.published_at or (extracted.published_at if extracted else None) or timezone.now(),
                image_url=(extracted.image_url if extracted else "") or item.image_url[:500],
                summary=summary,
                text=text,
                from_summary=extracted is None,
                search_text=folded,
                signature=clusters.to_bytes(sig),
                state=ArticleState.PENDING if decision.to_inbox else ArticleState.UNMATCHED,
                priority=decision.priority,
                story=story,
            )
            if decision.rule_ids:
                article.rules.set(decision.rule_ids)
                article.suggested_topics.set(decision.topic_ids)
                article.suggested_directorates.set(decision.directorate_ids)
            clusters.index_article(article, sig)
    except IntegrityError:
        return None  # stored meanwhile by another job (the address is unique)
    return article


def _record_success(source: FeedSource, now: datetime, response: Response, outcome: Outcome) -> None:
    errors = outcome.page_errors
    note = (
        ngettext(
            "%(n)s página no se pudo leer: %(first)s",
            "%(n)s páginas no se pudieron leer; la primera: %(first)s",
            len(errors),
        )
        % {"n": len(errors), "first": errors[0]}
        if errors
        else ""
    )
    FeedSource.objects.filter(pk=source.pk).update(
        last_success_at=now,
        failing_since=None,
        consecutive_failures=0,
        last_error=note[:500],
        last_new_items=outcome.new,
        items_found=F("items_found") + outcome.new,
        etag=response.etag if not response.not_modified else source.etag,
        last_modified=response.last_modified if not response.not_modified else source.last_modified,
    )


def _record_failure(source: FeedSource, now: datetime, error: str) -> None:
    failures = source.consecutive_failures + 1
    delay = min(timedelta(minutes=source.interval_minutes) * 2 ** min(failures, 10), MAX_BACKOFF)
    FeedSource.objects.filter(pk=source.pk).update(
        failing_since=source.failing_since or now,
        consecutive_failures=failures,
        last_error=error[:500],
        last_new_items=0,
        next_fetch_at=now + max(delay, timedelta(minutes=source.interval_minutes)),
    )
