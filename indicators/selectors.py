"""Reads for the indicator screens, exports and the Informe de Gestión. Each runs a fixed number of
queries, whatever the number of directorates, indicators or values."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from gabinete import charts
from gabinete.models import Directorate

from .models import IN_PROGRESS, Indicator, IndicatorYear, Measurement, MeasurementStatus, Period
from .status import Judgement

JUDGEMENTS = [j.value for j in Judgement]


# --- the value an indicator is judged by ---------------------------------------------------------

#: What every dashboard, the directorate page and the Informe de Gestión call the figure they judge
#: an indicator by. Validated values only: a draft or a value waiting for review is the directorate's
#: claim, not yet a municipal figure, and the Informe goes to the Administrador Municipal as the
#: municipality's word. Counting drafts on one screen and validated values on another gave two
#: truths for the same moment, both called "último valor".
SHOWN_VALUE_LABEL = _("Último valor validado")


def shown_values(measurements: QuerySet[Measurement]) -> QuerySet[Measurement]:
    """THE rule of what counts: of `measurements`, for each indicator-year, the value of its latest
    period that is validated and current (a validated correction replaces the value it corrects).
    An indicator without one is "sin dato". Dashboards, the directorate page and the report all
    take their status from here."""
    return (
        measurements.filter(is_current=True, status=MeasurementStatus.VALIDATED, value__isnull=False)
        .annotate(rank=Window(RowNumber(), partition_by=[F("indicator_year_id")], order_by=[F("period__start").desc()]))
        .filter(rank=1)
    )


def status_counts(rows: list[IndicatorRow]) -> dict[str, int]:
    """On track / at risk / off track / without data among `rows`, by their shown value."""
    counts = dict.fromkeys(JUDGEMENTS, 0)
    for row in rows:
        counts[row.judgement] += 1
    return counts


def available_years(indicator_years: QuerySet[IndicatorYear]) -> list[int]:
    years = sorted(indicator_years.order_by().values_list("year", flat=True).distinct(), reverse=True)
    return years or [timezone.localdate().year]


# --- all directorates at a glance ---------------------------------------------------------------


@dataclass
class DirectorateSummary:
    directorate: Directorate
    indicators: int = 0
    expected: int = 0
    entered: int = 0
    validated: int = 0
    late: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(JUDGEMENTS, 0))

    @property
    def completeness(self) -> int | None:
        """Share of the periods opened so far that have a validated value (percent)."""
        return round(100 * self.validated / self.expected) if self.expected else None


def directorates_overview(
    *, year: int, periodicity: str = "", directorates: QuerySet[Directorate] | None = None, today: date | None = None
) -> list[DirectorateSummary]:
    """Per directorate: indicators, completeness of reporting, late periods and status counts (each
    indicator counted once, by its shown value: see `shown_values`). Five queries, each returning at most
    a few hundred small rows, all aggregated by the database."""
    today = today or timezone.localdate()
    years = IndicatorYear.objects.filter(year=year, indicator__is_active=True)
    periods = list(Period.objects.filter(year=year).values_list("pk", "periodicity", "opens_on", "due_on"))
    # Select the year's values by their period ids (a measurement's period is always in its
    # definition's year): the database reads only those rows through the period index.
    current = Measurement.objects.filter(
        period_id__in=[p[0] for p in periods], indicator_year__indicator__is_active=True, is_current=True
    )
    if periodicity:
        years = years.filter(periodicity=periodicity)
        current = current.filter(indicator_year__periodicity=periodicity)
    directorate = "indicator_year__indicator__directorate_id"
    counts = (
        current.values(directorate)
        .annotate(
            n_entered=Count("pk"),
            n_validated=Count("pk", filter=Q(status=MeasurementStatus.VALIDATED)),
            n_reported_due=Count(
                "pk",
                filter=Q(
                    status__in=[MeasurementStatus.SUBMITTED, MeasurementStatus.VALIDATED], period__due_on__lt=today
                ),
            ),
        )
        .order_by()
    )
    latest = shown_values(current).values_list(directorate, "judgement")
    kinds = years.values_list("indicator__directorate_id", "periodicity").annotate(n=Count("pk")).order_by()
    opened: dict[str, int] = defaultdict(int)
    due: dict[str, int] = defaultdict(int)
    for _pk, periodicity_, opens_on, due_on in periods:
        opened[periodicity_] += opens_on <= today
        due[periodicity_] += due_on < today
    summaries = {
        d.pk: DirectorateSummary(d) for d in (directorates if directorates is not None else Directorate.objects.all())
    }
    for directorate_id, periodicity_, n in kinds:
        if (summary := summaries.get(directorate_id)) is not None:
            summary.indicators += n
            summary.expected += n * opened[periodicity_]
            summary.late += n * due[periodicity_]
            summary.counts[Judgement.MISSING] += n
    for row in counts:
        if (summary := summaries.get(row[directorate])) is not None:
            summary.entered = row["n_entered"]
            summary.validated = row["n_validated"]
            summary.late = max(summary.late - row["n_reported_due"], 0)
    for directorate_id, judgement in latest:
        if (summary := summaries.get(directorate_id)) is not None:
            summary.counts[judgement] += 1
            summary.counts[Judgement.MISSING] -= 1
    return list(summaries.values())


def overview_totals(summaries: list[DirectorateSummary]) -> DirectorateSummary:
    total = DirectorateSummary(Directorate(name="Total"))
    for s in summaries:
        total.indicators += s.indicators
        total.expected += s.expected
        total.entered += s.entered
        total.validated += s.validated
        total.late += s.late
        for k, v in s.counts.items():
            total.counts[k] += v
    return total


# --- indicators with their values for a year -----------------------------------------------------


@dataclass
class Cell:
    period: Period
    measurement: Measurement | None  # the value in progress if any, else the current one
    current: Measurement | None  # the current (last validated, or first entry) value

    @property
    def validated(self) -> Measurement | None:
        m = self.current
        return m if m is not None and m.status == MeasurementStatus.VALIDATED else None


@dataclass
class IndicatorRow:
    indicator_year: IndicatorYear
    cells: list[Cell]
    shown: Measurement | None = None  # the value the indicator is judged by (see shown_values)

    @property
    def indicator(self) -> Indicator:
        return self.indicator_year.indicator

    @property
    def judgement(self) -> str:
        """The indicator's status by its shown value (`shown_values`): the latest validated one."""
        return self.shown.judgement if self.shown is not None else Judgement.MISSING

    def sparkline_validated(self) -> SafeString:
        """The year's validated values as a word-sized trend line with the target (for the PDF)."""
        iy = self.indicator_year
        values = [
            float(c.validated.value) if c.validated and c.validated.value is not None else None for c in self.cells
        ]
        return charts.sparkline(
            f"{iy.indicator.name} ({iy.year}): valores validados y meta",
            values,
            target=float(iy.target),
            width=120,
            height=26,
        )

    def chart(self, *, validated_only: bool = False, width: int = 640, height: int = 220) -> SafeString:
        iy = self.indicator_year
        values = []
        for cell in self.cells:
            m = cell.validated if validated_only else cell.current
            values.append(float(m.value) if m is not None and m.value is not None else None)
        return charts.line_chart(
            f"{iy.indicator.name} ({iy.year})",
            [c.period.short_label for c in self.cells],
            [charts.Series(str(iy.unit_symbol or iy.get_unit_display()), values)],
            target=float(iy.target),
            width=width,
            height=height,
        )


def _period_measurements(indicator_year: IndicatorYear) -> list[Measurement]:
    """The year's measurements that `indicator_rows` prefetched (`Prefetch(..., to_attr="period_measurements")`)."""
    return indicator_year.period_measurements  # type: ignore[attr-defined]  # set by the Prefetch, not a field


def indicator_rows(
    indicator_years: QuerySet[IndicatorYear], *, year: int, until: date | None = None
) -> list[IndicatorRow]:
    """Every indicator of `indicator_years` for `year`, with one cell per period ending on or before
    `until` (default: the whole year). Four queries."""
    until = until or date(year, 12, 31)
    periods_by_kind: dict[str, list[Period]] = defaultdict(list)
    for p in Period.objects.filter(year=year, end__lte=until).order_by("start"):
        periods_by_kind[p.periodicity].append(p)
    wanted = Measurement.objects.filter(Q(is_current=True) | Q(status__in=IN_PROGRESS), period__end__lte=until)
    qs = (
        indicator_years.filter(year=year)
        .select_related("indicator", "indicator__directorate")
        .prefetch_related(Prefetch("measurements", queryset=wanted, to_attr="period_measurements"))
        .order_by("indicator__directorate__order", "indicator__code")
    )
    rows = []
    for iy in qs:
        current, working = {}, {}
        for m in iy.period_measurements:
            if m.is_current:
                current[m.period_id] = m
            if m.status in IN_PROGRESS:
                working[m.period_id] = m
        cells = [
            Cell(p, working.get(p.pk) or current.get(p.pk), current.get(p.pk)) for p in periods_by_kind[iy.periodicity]
        ]
        rows.append(IndicatorRow(iy, cells))
    shown = dict(
        shown_values(
            Measurement.objects.filter(indicator_year__in=qs.values("pk"), period__end__lte=until)
        ).values_list("indicator_year_id", "pk")
    )
    for row in rows:
        pk = shown.get(row.indicator_year.pk)
        row.shown = next((m for m in _period_measurements(row.indicator_year) if m.pk == pk), None) if pk else None
    return rows


def indicator_history(indicator: Indicator) -> list[tuple[IndicatorYear, list[Measurement]]]:
    """Every year's definition with all its measurements, revisions included (newest year first)."""
    years = indicator.years.order_by("-year").prefetch_related(
        Prefetch(
            "measurements",
            queryset=Measurement.objects.select_related("period", "entered_by", "submitted_by", "reviewed_by").order_by(
                "period__start", "revision"
            ),
        )
    )
    return [(iy, list(iy.measurements.all())) for iy in years]


def report_sections(rows: list[IndicatorRow]) -> tuple[list[DirectorateSummary], list[tuple]]:
    """The Informe de Gestión: per directorate (all 22, in order) a summary of validated values up to
    the report's last period, and its indicator rows. One query (the directorates)."""
    summaries = {d.pk: DirectorateSummary(d) for d in Directorate.objects.all()}
    by_directorate: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in rows:
        summary = summaries.get(row.indicator.directorate_id)
        if summary is None:
            continue
        by_directorate[summary.directorate.pk].append(row)
        summary.indicators += 1
        summary.expected += len(row.cells)
        summary.entered += sum(1 for c in row.cells if c.current is not None)
        summary.validated += sum(1 for c in row.cells if c.validated is not None)
        summary.counts[row.judgement] += 1
    ordered = list(summaries.values())
    return ordered, [(s, by_directorate.get(s.directorate.pk, [])) for s in ordered]


# --- what is missing before the report ----------------------------------------------------------


@dataclass
class Pending:
    directorate: Directorate
    indicator: Indicator
    period: Period
    measurement: Measurement | None

    @property
    def state(self) -> str:
        from django.utils.translation import gettext as _

        if self.measurement is None:
            return _("Sin ingresar")
        return self.measurement.get_status_display()


def pending_for_report(rows: list[IndicatorRow]) -> list[Pending]:
    """Periods of the report without a validated value: missing first, then by workflow state."""
    pending = []
    for row in rows:
        for cell in row.cells:
            if cell.validated is None:
                pending.append(Pending(row.indicator.directorate, row.indicator, cell.period, cell.measurement))
    order = {None: 0, "draft": 1, "returned": 2, "submitted": 3}
    pending.sort(
        key=lambda p: (
            order.get(p.measurement.status if p.measurement else None, 9),
            p.directorate.order,
            p.indicator.code,
            p.period.start,
        )
    )
    return pending


# --- exports ------------------------------------------------------------------------------------


def export_rows(rows: list[IndicatorRow]) -> list[list]:
    """Directorate, indicator, period, value, target, status (one row per period)."""
    out = []
    for row in rows:
        iy = row.indicator_year
        for cell in row.cells:
            m = cell.current
            out.append(
                [
                    row.indicator.directorate.name,
                    row.indicator.code,
                    row.indicator.name,
                    cell.period.label,
                    m.value if m is not None else None,
                    iy.unit_symbol,
                    iy.target,
                    str(m.get_judgement_display() if m is not None else Judgement.MISSING.label),
                    str(m.get_status_display() if m is not None else ""),
                ]
            )
    return out


# --- the Informe de Gestión's cache key ---------------------------------------------------------


def report_fingerprint(year: int, up_to: int) -> str:
    """A cheap fingerprint of everything the Informe de Gestión of `year` up to month `up_to` prints,
    in one query: per input table the row count and the highest id (an addition or a removal moves
    them), and the highest id of its history table (every save and delete writes a history row; the
    one bulk `update()` of the workflow, retiring a corrected value, comes with the correction's save).
    The rendered PDF is cached under it: a repeat with unchanged data is not laid out again."""
    from django.db import connection

    parts: list[QuerySet] = [
        Measurement.objects.filter(indicator_year__year=year),
        IndicatorYear.objects.filter(year=year),
        Indicator.objects.all(),
        Directorate.objects.all(),
        Period.objects.filter(year=year),
    ]
    selects, params = [], []
    for i, qs in enumerate(parts):
        history = qs.model.history.model
        inner, inner_params = qs.order_by().annotate(fp_id=F("pk")).values("fp_id").query.sql_with_params()
        selects.append(
            f"(SELECT COUNT(*) FROM ({inner}) s{i}), (SELECT MAX(fp_id) FROM ({inner}) s{i}), "
            f"(SELECT MAX(history_id) FROM {connection.ops.quote_name(history._meta.db_table)})"
        )
        params += [*inner_params, *inner_params]
    with connection.cursor() as cursor:
        # Only table names from the models' metadata and compiled ORM queries are interpolated;
        # every value travels as a parameter.
        cursor.execute("SELECT " + ", ".join(selects), params)
        found = cursor.fetchone()
    return f"{year}:{up_to}:" + ":".join("-" if v is None else str(v) for v in found)
