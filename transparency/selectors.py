"""Screen queries for Transparencia Activa (staff board, compliance report, public pages)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import Max, Min, Q
from django.utils import timezone

from gabinete.business_days import calendar_version
from gabinete.models import Directorate

from .compliance import Cell, State, due_date, state_for
from .models import Item, Publication, Section, SectionQuerySet, Status
from .tables import normalise


def months_until(year: int, today: date) -> list[date]:
    """The months of `year` that have started by `today`."""
    last = 12 if year < today.year else (today.month if year == today.year else 0)
    return [date(year, m, 1) for m in range(1, last + 1)]


@dataclass
class GridRow:
    section: Section
    cells: list[Cell] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for cell in self.cells:
            out[cell.state] += 1
        return out


def compliance_grid(*, sections: SectionQuerySet, year: int, today: date | None = None) -> list[GridRow]:
    """Each sub-section × started month of `year` with its compliance state (2 queries)."""
    today = today or timezone.localdate()
    months = months_until(year, today)
    section_list = list(sections.filter(is_active=True).with_related().order_by("item__order", "order"))
    first_published: dict[tuple[int, date], tuple] = {}
    open_status: dict[tuple[int, date], tuple] = {}
    rows = (
        Publication.objects.filter(section__in=[s.pk for s in section_list], period__year=year)
        .values("section_id", "period", "status")
        .annotate(first=Min("published_at"), pk=Min("id"), reason=Max("late_reason"), reported=Max("reported_through"))
    )
    for row in rows:
        key = (row["section_id"], row["period"])
        if row["status"] == Status.PUBLISHED:
            first_published[key] = (row["first"], row["pk"], row["reason"], row["reported"])
        else:
            open_status[key] = (row["status"], row["pk"], row["reason"], row["reported"])
    dues = {m: due_date(m.year, m.month) for m in months}
    tz = timezone.get_current_timezone()
    grid = []
    for section in section_list:
        cells = []
        for month in months:
            published = first_published.get((section.pk, month))
            opened = open_status.get((section.pk, month))
            state = state_for(
                due=dues[month],
                today=today,
                published_at=published[0] if published else None,
                open_status=opened[0] if opened else None,
                tz=tz,
            )
            source = published or opened
            cells.append(
                Cell(
                    period=month,
                    due=dues[month],
                    state=state,
                    publication_id=source[1] if source else None,
                    published_at=published[0] if published else None,
                    reason=(source[2] or "") if source else "",
                    reported_through=source[3] if source else None,
                )
            )
        grid.append(GridRow(section=section, cells=cells))
    return grid


def grid_by_directorate(grid: list[GridRow]) -> list[tuple[Directorate | None, list[GridRow]]]:
    groups: dict[int | None, list[GridRow]] = defaultdict(list)
    names: dict[int | None, Directorate | None] = {}
    for row in grid:
        responsible = row.section.responsible
        groups[row.section.responsible_id].append(row)
        names[row.section.responsible_id] = responsible
    return sorted(
        ((names[k], rows) for k, rows in groups.items()),
        key=lambda pair: (pair[0].order if pair[0] else 999, pair[0].name if pair[0] else ""),
    )


#: How long the board's summary is kept; its key changes with the data anyway (`_board_fingerprint`).
SUMMARY_CACHE_SECONDS = 600


def _board_fingerprint() -> str:
    """What the compliance states depend on, in one cheap query: the newest history row of each table
    they read (every save and delete writes one; an index lookup each) and the holiday calendar's
    version (the deadlines move with a holiday)."""
    tables = [m.history.model._meta.db_table for m in (Publication, Section, Item, Directorate)]
    with connection.cursor() as cursor:
        # Only table names from the models' metadata are interpolated.
        cursor.execute(
            "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {connection.ops.quote_name(t)})" for t in tables)
        )
        found = cursor.fetchone()
    return ":".join("-" if v is None else str(v) for v in found) + f":{calendar_version()}"


def board_summary(*, year: int, today: date) -> list[dict]:
    """`year_summary` over every sub-section (what Gabinete's board opens on). Counting it means the
    state of every sub-section × month (3,400 at scale): the answer is kept in the shared cache under
    the data's fingerprint and the day."""
    key = f"transparency:board-summary:{year}:{today:%Y%m%d}:{_board_fingerprint()}"
    summary = cache.get(key)
    if summary is None:
        summary = year_summary(compliance_grid(sections=Section.objects.with_related(), year=year, today=today))
        cache.set(key, summary, SUMMARY_CACHE_SECONDS)
    return summary


def year_summary(grid: list[GridRow]) -> list[dict]:
    """Per directorate: how many sub-section-months were on time, late, in review, overdue."""
    out = []
    for directorate, rows in grid_by_directorate(grid):
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            for state, n in row.counts.items():
                counts[state] += n
        total = sum(counts.values())
        out.append(
            {
                "directorate": directorate,
                "total": total,
                "on_time": counts[State.ON_TIME],
                "late": counts[State.LATE],
                "in_review": counts[State.IN_REVIEW],
                "missing": counts[State.OVERDUE],
                "pending": counts[State.PENDING] + counts[State.DUE_SOON],
                "rate": round(100 * counts[State.ON_TIME] / total) if total else 0,
            }
        )
    return out


# --- public ------------------------------------------------------------------------------------


def public_items() -> list[Item]:
    """Items in legal order with their sub-sections and each one's current published version."""
    items = list(Item.objects.in_legal_order().select_related("directorate"))
    sections = (
        Section.objects.filter(is_active=True)
        .select_related("current_publication")
        .only(
            "id",
            "item_id",
            "name",
            "slug",
            "order",
            "content_kind",
            "last_published_at",
            "current_publication__id",
            "current_publication__period",
            "current_publication__reported_through",
            "current_publication__published_at",
            "current_publication__kind",
            "current_publication__number",
        )
        .order_by("order", "name")
    )
    by_item = defaultdict(list)
    for section in sections:
        by_item[section.item_id].append(section)
    for item in items:
        item.public_sections = by_item[item.pk]
    return items


def item_history(item: Item) -> list[tuple[int, list[date]]]:
    """Years (newest first) with the months that have published content for an item."""
    periods = (
        Publication.objects.filter(item=item, status=Status.PUBLISHED)
        .values_list("period", flat=True)
        .distinct()
        .order_by("-period")
    )
    years: dict[int, list[date]] = defaultdict(list)
    for period in periods:
        years[period.year].append(period)
    return sorted(years.items(), reverse=True)


def item_month_publications(item: Item, period: date) -> list[Publication]:
    """Every published version of an item's sub-sections for one month, current version first."""
    return list(
        Publication.objects.published()
        .filter(item=item, period=period)
        .select_related("section", "corrects")
        .prefetch_related("documents", "corrections")
        .order_by("section__order", "section__name", "-number")
    )


@dataclass
class PublicSection:
    """A sub-section as the public page shows it: its versions for the period shown, possibly none
    (then the page says «Sin información que publicar en el período» instead of leaving it out)."""

    section: Section
    publications: list[Publication]


def _public_sections(item: Item, publications: list[Publication]) -> list[PublicSection]:
    by_section: dict[int, list[Publication]] = defaultdict(list)
    for publication in publications:
        by_section[publication.section_id].append(publication)
    sections = Section.objects.filter(item=item).filter(Q(is_active=True) | Q(pk__in=list(by_section)))
    # A link sub-section (the lobby register, InfoProbidad) is shown as its link, never as «sin información».
    sections = sections.exclude(Q(link_url__gt="") & ~Q(pk__in=list(by_section)))
    return [PublicSection(s, by_section.get(s.pk, [])) for s in sections.order_by("order", "name")]


def item_month_sections(item: Item, period: date) -> list[PublicSection]:
    """Every sub-section of an item for one update month, with its published versions (maybe none)."""
    return _public_sections(item, item_month_publications(item, period))


def item_current_sections(item: Item) -> list[PublicSection]:
    """Every active sub-section of an item with its current published version (maybe none)."""
    return _public_sections(item, item_current_publications(item))


def item_current_publications(item: Item) -> list[Publication]:
    ids = [s.current_publication_id for s in item.sections.filter(is_active=True) if s.current_publication_id]
    return list(
        Publication.objects.filter(pk__in=ids)
        .select_related("section", "corrects")
        .prefetch_related("documents")
        .order_by("section__order", "section__name")
    )


def item_corrections(item: Item) -> list[Publication]:
    return list(
        Publication.objects.published()
        .filter(item=item, corrects__isnull=False)
        .select_related("section", "corrects")
        .order_by("-published_at")[:50]
    )


def public_search(text: str, limit: int = 50) -> tuple[list[Item], list[Publication]]:
    words = normalise(text).split()[:8]
    if not words:
        return [], []
    items = [
        item
        for item in Item.objects.in_legal_order()
        if all(w in normalise(f"{item.name} {item.legal_text}") for w in words)
    ]
    query = Q()
    for word in words:
        query &= Q(search_text__contains=word)
    publications = list(
        Publication.objects.published()
        .filter(query)
        .select_related("section", "item")
        .only(
            "id",
            "period",
            "reported_through",
            "number",
            "published_at",
            "section__name",
            "item__letter",
            "item__name",
            "item__order",
            "kind",
        )
        .order_by("-period", "item__order")[:limit]
    )
    return items, publications
