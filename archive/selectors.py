"""Screen queries of the press archive: search, the daily briefing and the monthly media report."""

from __future__ import annotations

import calendar
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from html import escape
from typing import Any, cast

from django.contrib.postgres.search import SearchHeadline, SearchQueryCombinable, SearchRank
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat, Length, Substr, TruncMonth
from django.db.models.lookups import Regex
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gabinete.conditional import STAMP_CACHE_SECONDS, forget_stamp, shared_stamp
from gabinete.replica import reading_from_replica
from gabinete.types import AnyUser

from . import query as query_syntax
from .models import (
    SEARCH_CONFIG,
    STEM_CONFIG,
    TONE_ORDER,
    Article,
    Clipping,
    FeedSource,
    SavedSearch,
    Tone,
    normalise,
    search_query,
)
from .permissions import clippings_visible_to, saved_searches_visible_to

#: Longer search text is cut: nobody types more, and it bounds the work of the query parser.
MAX_QUERY_LENGTH = 200
#: Counting stops here ("más de 1.000 recortes"): an exact count of a huge archive costs more than
#: the page itself, and nobody pages past the hundredth page; filters narrow the list instead.
COUNT_CAP = 1_000
#: A ranked search orders by relevance the most recent RANK_WINDOW matches. Ranking every match of a
#: very common word ("vecinos" in half a million clippings) would cost seconds; walking the date index
#: until RANK_WINDOW matches are found costs milliseconds, and selective searches (fewer matches than
#: the window, the usual case) are ranked whole.
RANK_WINDOW = 1_000
PAGE_SIZE = 20

#: How the results are sorted (the «Ordenar por» select; its values are the page's `orden` parameter).
ORDER_RELEVANCE, ORDER_NEWEST, ORDER_OLDEST = "relevancia", "recientes", "antiguas"
ORDERS = (ORDER_RELEVANCE, ORDER_NEWEST, ORDER_OLDEST)

_MARK_START, _MARK_STOP = "\u2985", "\u2986"  # ⦅ ⦆, never in press text; swapped for <mark> after escaping
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2985\u2986]")


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def clean_query(text: str | None) -> str:
    """The search text made safe to hand to the parser: control characters and the highlight
    markers turned into spaces, single spaces, at most MAX_QUERY_LENGTH characters. (A NUL never
    arrives: gabinete.middleware.InvalidCharactersMiddleware refuses it.)"""
    text = _CONTROL.sub(" ", text or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


# --- filters ------------------------------------------------------------------------------------


@dataclass
class ClippingFilters:
    """What the filter form of the search page narrows by (all optional)."""

    date_from: date | None = None
    date_to: date | None = None
    outlet_id: int | None = None
    medium: str = ""
    tone: str = ""
    directorate_id: int | None = None
    topic_id: int | None = None
    source: str = ""

    def apply(self, qs: QuerySet[Clipping]) -> QuerySet[Clipping]:
        if self.date_from:
            qs = qs.filter(published_on__gte=self.date_from)
        if self.date_to:
            qs = qs.filter(published_on__lte=self.date_to)
        if self.outlet_id:
            qs = qs.filter(outlet_id=self.outlet_id)
        if self.medium:
            qs = qs.filter(medium=self.medium)
        if self.tone:
            qs = qs.filter(tone=self.tone)
        if self.source:
            qs = qs.filter(source=self.source)
        # EXISTS (not IN) lets PostgreSQL walk the date index and probe the link table per row,
        # stopping at the page size, instead of sorting every clipping of a large directorate.
        if self.directorate_id:
            through = Clipping.directorates.through.objects.filter(
                clipping_id=OuterRef("pk"), directorate_id=self.directorate_id
            )
            qs = qs.filter(Exists(through))
        if self.topic_id:
            topic_links = Clipping.topics.through.objects.filter(clipping_id=OuterRef("pk"), topic_id=self.topic_id)
            qs = qs.filter(Exists(topic_links))
        return qs


# --- search -------------------------------------------------------------------------------------


@dataclass
class SearchResult:
    """The clippings found, best first, and a cheaper query to count them.

    A ranked search (PostgreSQL) carries `ranked_ids`: the window's ids already in order of
    relevance, so a page fetches only its own rows by id.
    """

    text: str
    ordered: QuerySet[Clipping]
    count_queryset: QuerySet[Clipping]
    known_count: int | None = None
    ranked_ids: list[int] | None = None
    #: The search (`search_query`) a ranked result is ordered by.
    query: SearchQueryCombinable | None = None
    #: The order shown: ORDER_RELEVANCE (only with words), ORDER_NEWEST or ORDER_OLDEST.
    order: str = ORDER_NEWEST

    @property
    def ranked(self) -> bool:
        return self.ranked_ids is not None

    @cached_property
    def queryset(self) -> QuerySet[Clipping]:
        """Every clipping found, in the order shown (the CSV export reads it)."""
        if self.ranked_ids is None or self.query is None:
            return self.ordered
        return (
            Clipping.objects.filter(pk__in=self.ranked_ids)
            .annotate(rank=SearchRank(F("search_vector"), self.query))
            .order_by("-rank", "-published_on", "-id")
        )


def effective_order(text: str, order: str | None) -> str:
    """The order a search is shown in: relevance by default when there are words, newest first
    without words (nothing to rank by); an unknown value is the default."""
    if order not in ORDERS:
        order = ORDER_RELEVANCE if text else ORDER_NEWEST
    if order == ORDER_RELEVANCE and not text:
        return ORDER_NEWEST
    return order


def _by_date(qs: QuerySet[Clipping], order: str) -> QuerySet[Clipping]:
    if order == ORDER_OLDEST:
        return qs.order_by("published_on", "id")
    return qs.order_by("-published_on", "-id")


def _sqlite_rank(terms: list[str]) -> Any:
    """The SQLite relevance: per distinct word searched, 3 when it is in the headline, 1 when only in
    the summary or text. `search_text` is the normalised headline, summary and body in that order,
    one character for one, so its first len(headline) characters are the headline."""
    headline = Substr("search_text", 1, Length("headline"))
    score: Any = Value(0)
    for term in terms:
        pattern = Value(query_syntax.word_start(term))
        score = score + Case(
            When(Regex(headline, pattern), then=Value(3)),
            When(Regex(F("search_text"), pattern), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return score


def clipping_search(
    *, user: AnyUser, text: str = "", filters: ClippingFilters | None = None, order: str | None = None
) -> SearchResult:
    """One search box over headline, summary and full text, with the filters of the page.

    PostgreSQL: Spanish full-text search (websearch syntax: "a phrase", -word, or), ranked with the
    headline weighing most. SQLite: every term (or phrase) must appear, at a word start, in the
    accent-free copy; ranked by the words found in the headline, then elsewhere.
    `order`: ORDER_RELEVANCE (the default with words), ORDER_NEWEST or ORDER_OLDEST.
    Hostile input gives results or nothing, never an error.
    """
    text = clean_query(text)
    order = effective_order(text, order)
    qs = (filters or ClippingFilters()).apply(clippings_visible_to(user))
    if not text:
        listed = _by_date(qs, order)
        return SearchResult(text, listed, _by_date(qs, ORDER_NEWEST), order=order)
    if on_postgres():
        query = search_query(text)
        matched = qs.filter(search_vector=query)
        if order != ORDER_RELEVANCE:
            # Counting keeps the newest-first order (see CappedPaginator).
            return SearchResult(text, _by_date(matched, order), _by_date(matched, ORDER_NEWEST), order=order)
        # One query finds the window and ranks it (the rank is computed on the rows the date index
        # walk reads anyway); its length is the (capped) count. Sorting a thousand pairs here keeps
        # the window's ids out of a second query's IN list.
        window = list(
            matched.order_by("-published_on", "-id")
            .annotate(rank=SearchRank(F("search_vector"), query))
            .values_list("pk", "rank")[: RANK_WINDOW + 1]
        )
        # sorted() is stable: equal ranks keep the window's newest-first order.
        ranked_ids = [pk for pk, _rank in sorted(window[:RANK_WINDOW], key=lambda row: -row[1])]
        return SearchResult(
            text,
            matched,
            matched.order_by(),
            known_count=len(window),
            ranked_ids=ranked_ids,
            query=query,
            order=order,
        )
    matcher = query_syntax.Matcher.of(text)
    if not matcher:
        return SearchResult(text, qs.none(), qs.none(), order=order)
    matched = qs.filter(matcher.as_q("search_text"))
    if order != ORDER_RELEVANCE:
        return SearchResult(text, _by_date(matched, order), matched.order_by(), order=order)
    terms = sorted({t for group in matcher.groups for t in group.required})
    ranked = matched.annotate(search_score=_sqlite_rank(terms)).order_by("-search_score", "-published_on", "-id")
    return SearchResult(text, ranked, matched.order_by(), order=order)


class CappedPaginator(Paginator):
    """Counts with a cheaper query (no ranking) and stops counting at COUNT_CAP.

    The count query keeps the list's newest-first order: PostgreSQL then counts along the date
    index, through the recent rows the page itself reads (hot in cache), and stops at the cap,
    instead of scanning the table from its oldest rows.
    """

    def __init__(
        self,
        object_list: Sequence[Any] | QuerySet[Any],
        per_page: int,
        *,
        count_queryset: QuerySet[Any] | None = None,
        known_count: int | None = None,
        cap: int = COUNT_CAP,
        **kwargs: Any,
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        # A list (the ranked ids) always comes with its known_count: only a queryset is ever counted.
        self.count_queryset = count_queryset if count_queryset is not None else cast(QuerySet[Any], object_list)
        self.known_count = known_count
        self.cap = cap

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return min(self.known_count, self.cap)
        return self.count_queryset.values("pk")[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        if self.known_count is not None:
            return self.known_count > self.cap
        return self.count > self.cap


def paginate(result: SearchResult, page_number: int | str | None, per_page: int = PAGE_SIZE) -> Page:
    """One page of results with their labels and marked passages; a fixed number of queries."""
    if result.ranked_ids is not None:  # result.ranked
        page = CappedPaginator(result.ranked_ids, per_page, known_count=result.known_count).get_page(page_number)
        found = {c.pk: c for c in _page_rows(Clipping.objects.filter(pk__in=page.object_list))}
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
    else:
        paginator = CappedPaginator(
            _page_rows(result.queryset), per_page, count_queryset=result.count_queryset, known_count=result.known_count
        )
        page = paginator.get_page(page_number)
        page.object_list = list(page.object_list)
    attach_labels(page.object_list)
    attach_passages(page.object_list, result.text)
    return page


def _page_rows(qs: QuerySet[Clipping]) -> QuerySet[Clipping]:
    # The search columns are for the database only; the body stays for SQLite's passages.
    return qs.select_related("outlet").defer("search_vector", "search_text")


def attach_labels(clippings: list[Clipping]) -> None:
    """Give each clipping `directorate_names` and `topic_names` (two queries for the whole page).

    Plain values, not prefetch_related(): a page of results only shows the names, and building a
    related manager and model instances per row cost more than the rest of the page's queries.
    """
    ids = [c.pk for c in clippings]
    units: dict[int, list[str]] = {pk: [] for pk in ids}
    topics: dict[int, list[str]] = {pk: [] for pk in ids}
    if ids:
        links = Clipping.directorates.through.objects.filter(clipping_id__in=ids)
        for clipping_id, short, name in links.order_by("directorate__order", "directorate__name").values_list(
            "clipping_id", "directorate__short_name", "directorate__name"
        ):
            units[clipping_id].append(short or name)
        tags = Clipping.topics.through.objects.filter(clipping_id__in=ids)
        for clipping_id, name in tags.order_by("topic__name").values_list("clipping_id", "topic__name"):
            topics[clipping_id].append(name)
    for clipping in clippings:
        clipping.directorate_names = units[clipping.pk]
        clipping.topic_names = topics[clipping.pk]


def _marked(text: str) -> SafeString:
    return mark_safe(  # noqa: S308 - escaped first; only our own markers become <mark>
        escape(text).replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>")
    )


def attach_passages(clippings: list[Clipping], text: str) -> None:
    """Give each clipping `passage`: the matching passage of its text with the terms marked.

    PostgreSQL's ts_headline runs only for the rows of the page (one extra query), never over all
    the matches.
    """
    for clipping in clippings:
        clipping.passage = clipping.headline_marked = ""
    if not clippings or not text:
        return
    if on_postgres():
        query = search_query(text)
        options: dict[str, Any] = {
            "start_sel": _MARK_START,
            "stop_sel": _MARK_STOP,
            "max_words": 35,
            "min_words": 15,
            "max_fragments": 2,
            "fragment_delimiter": " … ",
        }
        # Summary and body together: the words searched for may be in either.
        text_field = Concat("summary", Value("\n"), "body", output_field=TextField())
        annotations = {}
        # Each configuration marks the words it recognises (see models.search_vector_expression):
        # the passage shown is the one with marks, accent-free matching first.
        for n, config in enumerate((SEARCH_CONFIG, STEM_CONFIG)):
            annotations[f"passage{n}"] = SearchHeadline(text_field, query, config=config, **options)
            annotations[f"title{n}"] = SearchHeadline(
                "headline", query, config=config, highlight_all=True, start_sel=_MARK_START, stop_sel=_MARK_STOP
            )
        rows = {
            row["pk"]: row
            for row in Clipping.objects.filter(pk__in=[c.pk for c in clippings])
            .annotate(**annotations)
            .values("pk", *annotations)
        }

        def best(row: dict[str, Any], prefix: str, default: str) -> str:
            candidates = [row.get(f"{prefix}{n}") or "" for n in (0, 1)]
            return next((c for c in candidates if _MARK_START in c), candidates[0] or default)

        for clipping in clippings:
            row = rows.get(clipping.pk, {})
            clipping.passage = _marked(best(row, "passage", ""))
            clipping.headline_marked = _marked(best(row, "title", clipping.headline))
        return
    groups = query_syntax.parse(text)
    terms = sorted({t for group in groups for t in group.required}, key=len, reverse=True)
    for clipping in clippings:
        clipping.passage = _sqlite_passage(f"{clipping.summary}\n{clipping.body}".strip(), terms)
        clipping.headline_marked = _sqlite_mark_all(clipping.headline, terms)


def _sqlite_spans(original: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the terms are, as whole words: a term counts where a word starts (as the search
    finds it) and its mark runs to the end of that word, never «re⦅pavimentación⦆»."""
    folded = normalise(original)
    spans = []
    for term in terms:
        for match in re.finditer(rf"{query_syntax.word_start(term)}\w*", folded):
            spans.append(match.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _sqlite_mark_all(original: str, terms: list[str], offset: int = 0, end: int | None = None) -> SafeString:
    end = len(original) if end is None else end
    spans = [(s, e) for s, e in _sqlite_spans(original, terms) if s >= offset and e <= end]
    out, cursor = [], offset
    for s, e in spans:
        out.append(original[cursor:s] + _MARK_START + original[s:e] + _MARK_STOP)
        cursor = e
    out.append(original[cursor:end])
    return _marked("".join(out))


def _sqlite_passage(original: str, terms: list[str], width: int = 240) -> SafeString:
    """About `width` characters around the first match, cut at word boundaries."""
    if not original:
        return mark_safe("")
    spans = _sqlite_spans(original, terms)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if start:
        space = original.rfind(" ", 0, start)
        start = space + 1 if space != -1 else start
    end = min(len(original), start + width)
    if end < len(original):
        space = original.find(" ", end)
        end = space if space != -1 else len(original)
    marked = _sqlite_mark_all(original, terms, start, end)
    prefix = "… " if start else ""
    suffix = " …" if end < len(original) else ""
    return mark_safe(escape(prefix) + marked + escape(suffix))


# --- the daily briefing -------------------------------------------------------------------------


@dataclass
class DirectorateGroup:
    name: str
    clippings: list[Clipping] = field(default_factory=list)


@dataclass
class ToneGroup:
    tone: str
    label: str
    directorates: list[DirectorateGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(g.clippings) for g in self.directorates)


@dataclass
class Briefing:
    day: date
    groups: list[ToneGroup]
    total: int

    def count(self, tone: str) -> int:
        return next((g.count for g in self.groups if g.tone == tone), 0)

    @property
    def negative(self) -> int:
        return self.count(Tone.NEGATIVE)

    @property
    def neutral(self) -> int:
        return self.count(Tone.NEUTRAL)

    @property
    def positive(self) -> int:
        return self.count(Tone.POSITIVE)


def briefing_for_day(day: date) -> Briefing:
    """The day's clippings, negative first, then grouped by the first directorate concerned (in the
    municipal order), clippings with no directorate last. Three queries."""
    clippings = list(
        Clipping.objects.on_day(day)
        .select_related("outlet")
        .prefetch_related("topics", "directorates")
        .order_by("headline", "id")
    )
    no_unit = _("Sin dirección asignada")
    groups = []
    for tone in TONE_ORDER:
        by_unit: dict[tuple, DirectorateGroup] = {}
        for clipping in clippings:
            if clipping.tone != tone:
                continue
            units = sorted(clipping.directorates.all(), key=lambda d: (d.order, d.name))
            key = (units[0].order, units[0].name) if units else (10_000, no_unit)
            group = by_unit.setdefault(key, DirectorateGroup(units[0].name if units else no_unit))
            group.clippings.append(clipping)
        if by_unit:
            groups.append(ToneGroup(tone, str(Tone(tone).label), [by_unit[k] for k in sorted(by_unit)]))
    return Briefing(day=day, groups=groups, total=len(clippings))


# --- the monthly media report -------------------------------------------------------------------


@dataclass
class ToneCounts:
    label: str
    negative: int = 0
    neutral: int = 0
    positive: int = 0

    @property
    def total(self) -> int:
        return self.negative + self.neutral + self.positive


def _tone_counts(prefix: str = "") -> dict[str, Count]:
    return {
        "negative": Count(f"{prefix}id", filter=Q(**{f"{prefix}tone": Tone.NEGATIVE})),
        "neutral": Count(f"{prefix}id", filter=Q(**{f"{prefix}tone": Tone.NEUTRAL})),
        "positive": Count(f"{prefix}id", filter=Q(**{f"{prefix}tone": Tone.POSITIVE})),
    }


@dataclass
class MonthlyReport:
    year: int
    month: int
    totals: ToneCounts
    citizen_reports: int
    by_directorate: list[ToneCounts]
    by_outlet: list[ToneCounts]
    by_day: list[ToneCounts]
    by_month: list[ToneCounts]

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


#: Changes on every write to a clipping (archive.apps connects the signals), so a report kept under
#: it in the shared cache is never served after the data it counts changed.
CLIPPINGS_GENERATION_KEY = "archive:clippings-generation"


def clippings_generation() -> str:
    return shared_stamp(CLIPPINGS_GENERATION_KEY, lambda: (uuid.uuid4().hex, None))


def forget_clippings_generation() -> None:
    forget_stamp(CLIPPINGS_GENERATION_KEY)


def monthly_report(year: int, month: int, *, months_back: int = 12) -> MonthlyReport:
    """Volume and tone per directorate, per outlet, per day of the month and over the last months.

    Its twelve-month chart aggregates every clipping of the year (150,000 at scale): the report is
    kept in the shared cache under the clippings' generation, so it is counted again only after a
    clipping changed (or once a minute, for writes that bypass the signals, such as bulk loads).
    """
    today = timezone.localdate()
    key = f"archive:monthly-report:{clippings_generation()}:{year}-{month:02d}:{months_back}:{today:%Y%m%d}"
    report = cache.get(key)
    if report is None:
        report = _count_monthly_report(year, month, months_back=months_back, today=today)
        cache.set(key, report, STAMP_CACHE_SECONDS)
    return report


@reading_from_replica()
def _count_monthly_report(year: int, month: int, *, months_back: int, today: date) -> MonthlyReport:
    """The report's counts, read from the replica when there is one (a report never shows what its
    own request wrote)."""
    last = calendar.monthrange(year, month)[1]
    start, end = date(year, month, 1), date(year, month, last)
    month_qs = Clipping.objects.filter(published_on__range=(start, end))
    totals = month_qs.aggregate(**_tone_counts(), citizen=Count("id", filter=Q(source="vecino")))
    # From the month's clippings to their directorates (the date range is in WHERE, so only this
    # month's links are joined, not every clipping–directorate link of all time).
    by_directorate = [
        ToneCounts(d["directorates__short_name"] or d["directorates__name"], d["negative"], d["neutral"], d["positive"])
        for d in month_qs.filter(directorates__isnull=False)
        .values("directorates__pk", "directorates__name", "directorates__short_name", "directorates__order")
        .annotate(**_tone_counts())
        .order_by("directorates__order", "directorates__pk")
    ]
    by_directorate = sorted((r for r in by_directorate if r.total), key=lambda r: -r.total)
    by_outlet = [
        ToneCounts(
            r["outlet__name"] or (_("Vecinos/as") if r["source"] == "vecino" else _("Medio sin registrar")),
            r["negative"],
            r["neutral"],
            r["positive"],
        )
        for r in month_qs.values("outlet__name", "source").annotate(**_tone_counts()).order_by()
    ]
    merged: dict[str, ToneCounts] = {}
    for r in by_outlet:
        row = merged.setdefault(r.label, ToneCounts(r.label))
        row.negative += r.negative
        row.neutral += r.neutral
        row.positive += r.positive
    by_outlet = sorted(merged.values(), key=lambda r: (-r.total, r.label))
    per_day = {r["published_on"]: r for r in month_qs.values("published_on").annotate(**_tone_counts()).order_by()}
    by_day = []
    # The current month is drawn up to today: the days ahead are not zeros, they have not happened.
    shown = today.day if (year, month) == (today.year, today.month) else last
    for d in range(1, shown + 1):
        r = per_day.get(date(year, month, d), {})
        by_day.append(ToneCounts(str(d), r.get("negative", 0), r.get("neutral", 0), r.get("positive", 0)))
    first_month = _add_months(start, -(months_back - 1))
    per_month = {
        r["m"].date() if hasattr(r["m"], "date") else r["m"]: r
        for r in Clipping.objects.filter(published_on__range=(first_month, end))
        .annotate(m=TruncMonth("published_on"))
        .values("m")
        .annotate(**_tone_counts())
        .order_by()
    }
    by_month = []
    cursor = first_month
    while cursor <= start:
        r = per_month.get(cursor, {})
        by_month.append(ToneCounts(f"{cursor:%m-%Y}", r.get("negative", 0), r.get("neutral", 0), r.get("positive", 0)))
        cursor = _add_months(cursor, 1)
    return MonthlyReport(
        year=year,
        month=month,
        totals=ToneCounts(_("Total"), totals["negative"], totals["neutral"], totals["positive"]),
        citizen_reports=totals["citizen"],
        by_directorate=by_directorate,
        by_outlet=by_outlet,
        by_day=by_day,
        by_month=by_month,
    )


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# --- saved searches -------------------------------------------------------------------------------


def saved_searches_listed(*, user: AnyUser) -> QuerySet[SavedSearch]:
    """«Búsquedas guardadas»: what the user sees, each with whether they follow it and how many do
    (one query)."""
    follows = SavedSearch.followers.through.objects.filter(savedsearch_id=OuterRef("pk"), user_id=user.pk or 0)
    return (
        saved_searches_visible_to(user)
        .annotate(following=Exists(follows), follower_count=Count("followers", distinct=True))
        .order_by("name", "pk")
    )


# --- the archive fills itself (issue 19) -------------------------------------------------------------

TRIAL_DAYS = 30


@dataclass
class RuleTrial:
    """What a rule would have matched among the articles fetched in the last `days` days."""

    query: str
    count: int
    sample: list[Article]
    days: int = TRIAL_DAYS


def rule_trial(query: str, *, days: int = TRIAL_DAYS) -> RuleTrial:
    """The same test the fetcher runs (archive/query.py), as one database condition on the folded text."""
    matcher = query_syntax.Matcher.of(clean_query(query))
    since = timezone.now() - timedelta(days=days)
    matched = Article.objects.filter(fetched_at__gte=since).filter(matcher.as_q("search_text"))
    sample = list(matched.select_related("outlet").order_by("-fetched_at", "-pk")[:10])
    return RuleTrial(query, matched.count(), sample, days)


def story_others(articles: Sequence[Article]) -> None:
    """Each article's `others`: the other articles of its story (other outlets that republished it),
    in one query for the whole page."""
    by_story: dict[int, list[Article]] = {}
    story_ids = {a.story_id for a in articles}
    for other in Article.objects.filter(story_id__in=story_ids).select_related("outlet").order_by("fetched_at", "pk"):
        by_story.setdefault(other.story_id, []).append(other)
    for article in articles:
        article.others = [o for o in by_story.get(article.story_id, []) if o.pk != article.pk]


def failing_sources(*, for_at_least: timedelta = timedelta(days=1)) -> QuerySet[FeedSource]:
    """Active sources failing without a success for at least a day (Mi escritorio)."""
    return FeedSource.objects.failing_since(timezone.now() - for_at_least).select_related("outlet")
