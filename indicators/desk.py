"""Mi escritorio entries of the indicators app: late periods, values to send, values returned, values
to validate. Each provider runs at most three queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gabinete import desk
from gabinete.models import Directorate, Role
from gabinete.permissions import directorate_ids_of, has_role, is_gabinete

from .jobs import REPORT
from .models import Indicator, IndicatorYear, Measurement, MeasurementStatus, Period


@dataclass
class LateSummary:
    """One directorate's late values: how many (indicator, period) pairs, and which periods."""

    count: int = 0
    periods: list[Period] = field(default_factory=list)
    slug: str = ""
    name: str = ""
    short_name: str = ""

    @property
    def first_due(self):
        return min(p.due_on for p in self.periods)


#: How long a count of late values is kept; the key changes with the data anyway (`_late_fingerprint`).
LATE_CACHE_SECONDS = 600


def _late_fingerprint() -> str:
    """What the late count depends on, in one cheap query: the newest history row of each table it
    reads (every save and delete writes one; an index lookup each, not a count)."""
    tables = [m.history.model._meta.db_table for m in (Measurement, IndicatorYear, Indicator, Period, Directorate)]
    with connection.cursor() as cursor:
        # Only table names from the models' metadata are interpolated.
        cursor.execute(
            "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {connection.ops.quote_name(t)})" for t in tables)
        )
        return ":".join("-" if v is None else str(v) for v in cursor.fetchone())


def late_periods(directorate_ids: set[int] | None, *, today=None) -> dict[int, LateSummary]:
    """Per directorate, the (indicator, period) pairs whose due date passed in the last year without a
    value sent to Gabinete. `None` means every directorate.

    For Gabinete that aggregates every directorate's values of the year (tens of thousands): the
    answer is kept in the shared cache under the data's fingerprint and the day, so a repeat with
    unchanged data costs one query instead of three."""
    today = today or timezone.localdate()
    scope = "all" if directorate_ids is None else ",".join(str(i) for i in sorted(directorate_ids))
    key = f"indicators:late-periods:{today:%Y%m%d}:{scope}:{_late_fingerprint()}"
    late = cache.get(key)
    if late is None:
        late = _count_late_periods(directorate_ids, today=today)
        cache.set(key, late, LATE_CACHE_SECONDS)
    return late


def _count_late_periods(directorate_ids: set[int] | None, *, today) -> dict[int, LateSummary]:
    """The count itself: three queries, whose rows are directorates × periods (not indicators × periods)."""
    periods = list(Period.objects.filter(due_on__lt=today, due_on__gte=today - timedelta(days=365)).order_by("due_on"))
    if not periods:
        return {}
    years = IndicatorYear.objects.filter(year__in={p.year for p in periods}, indicator__is_active=True)
    if directorate_ids is not None:
        years = years.filter(indicator__directorate_id__in=directorate_ids)
    # Active indicator years per directorate, year and periodicity: each owes one value per period.
    owed_rows = list(
        years.values(
            "indicator__directorate_id",
            "indicator__directorate__slug",
            "indicator__directorate__name",
            "indicator__directorate__short_name",
            "year",
            "periodicity",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    owed = {(row["indicator__directorate_id"], row["year"], row["periodicity"]): row["n"] for row in owed_rows}
    names = {
        row["indicator__directorate_id"]: (
            row["indicator__directorate__slug"],
            row["indicator__directorate__name"],
            row["indicator__directorate__short_name"] or row["indicator__directorate__name"],
        )
        for row in owed_rows
    }
    # Values sent (or validated) per directorate and period, for the pairs that are owed.
    sent = {
        (row["indicator_year__indicator__directorate_id"], row["period_id"]): row["n"]
        for row in Measurement.objects.filter(
            indicator_year__in=years,
            period__in=periods,
            indicator_year__year=F("period__year"),
            indicator_year__periodicity=F("period__periodicity"),
            is_current=True,
            status__in=[MeasurementStatus.SUBMITTED, MeasurementStatus.VALIDATED],
        )
        .values("indicator_year__indicator__directorate_id", "period_id")
        .annotate(n=Count("indicator_year_id", distinct=True))
        .order_by()
    }
    by_kind = defaultdict(list)
    for p in periods:
        by_kind[(p.year, p.periodicity)].append(p)
    late: dict[int, LateSummary] = {}
    for (directorate_id, year, periodicity), n in owed.items():
        for p in by_kind[(year, periodicity)]:
            missing = n - sent.get((directorate_id, p.pk), 0)
            if missing > 0:
                slug, name, short_name = names[directorate_id]
                summary = late.setdefault(directorate_id, LateSummary(slug=slug, name=name, short_name=short_name))
                summary.count += missing
                summary.periods.append(p)
    return late


@desk.register(gettext_lazy("Indicadores de gestión atrasados"), order=40)
def late_items(user) -> list[desk.DeskItem]:
    if is_gabinete(user):
        ids = None
    else:
        ids = directorate_ids_of(user, (Role.LIAISON, Role.DIRECTOR))
        if not ids:
            return []
    late = late_periods(ids)
    if not late:
        return []
    items = []
    for summary in late.values():
        first_due = summary.first_due
        periods = [p.label for p in sorted(set(summary.periods), key=lambda p: (p.start, p.periodicity))]
        n = summary.count
        title = (
            ngettext("%(name)s: %(n)s valor atrasado", "%(name)s: %(n)s valores atrasados", n)
            % {"name": summary.name, "n": n}
            if ids is None
            else ngettext("%(n)s valor de indicador atrasado", "%(n)s valores de indicadores atrasados", n) % {"n": n}
        )
        items.append(
            desk.DeskItem(
                title=title,
                url=reverse("indicators:directorate", args=[summary.slug]),
                due=first_due,
                urgency=desk.Urgency.OVERDUE,
                detail=_("Períodos: %(periods)s")
                % {"periods": ", ".join(periods[:6]) + ("…" if len(periods) > 6 else "")},
                group=summary.short_name or summary.name,
                count=n,
            )
        )
    return items


@desk.register(gettext_lazy("Indicadores de gestión: mediciones en trámite"), order=41)
def workflow_items(user) -> list[desk.DeskItem]:
    """Director: drafts to send. Enlace: values Gabinete returned. Gabinete: values to validate."""
    items = []
    if is_gabinete(user):
        count = Measurement.objects.filter(status=MeasurementStatus.SUBMITTED).exclude(entered_by=user).count()
        if count:
            items.append(
                desk.DeskItem(
                    title=_("%(n)s mediciones de indicadores por validar") % {"n": count},
                    url=reverse("indicators:review-list"),
                    urgency=desk.Urgency.PENDING,
                )
            )
    director_of = directorate_ids_of(user, (Role.DIRECTOR,))
    entry_of = directorate_ids_of(user, (Role.LIAISON, Role.DIRECTOR))
    if entry_of:
        wanted = []
        if director_of:
            wanted.append(MeasurementStatus.DRAFT)
        wanted.append(MeasurementStatus.RETURNED)
        rows = (
            Measurement.objects.filter(indicator_year__indicator__directorate_id__in=entry_of, status__in=wanted)
            .select_related("indicator_year__indicator", "period")
            .order_by("period__due_on")[:30]
        )
        for m in rows:
            if m.status == MeasurementStatus.DRAFT and m.indicator_year.indicator.directorate_id not in director_of:
                continue
            verb = _("Enviar a Gabinete") if m.status == MeasurementStatus.DRAFT else _("Corregir (devuelta)")
            items.append(
                desk.DeskItem(
                    title=f"{verb}: {m.indicator_year.indicator.name} · {m.period.label}",
                    url=reverse("indicators:measurement-detail", args=[m.pk]),
                    due=m.period.due_on,
                    urgency=desk.urgency_for(m.period.due_on),
                    detail=m.observations[:120] if m.status == MeasurementStatus.RETURNED else "",
                )
            )
    return items


@desk.register(gettext_lazy("Informe de Gestión"), order=10)
def management_report(user) -> list[desk.DeskItem]:
    """For the Administrador Municipal, to whom it is addressed: how the year's values stand (late
    values and in how many directorates, from the cached count) and the last report he asked for.
    At most four queries."""
    if not has_role(user, Role.ADMINISTRATOR):
        return []
    today = timezone.localdate()
    late = late_periods(None, today=today)
    n = sum(s.count for s in late.values())
    job = desk.last_finished_jobs(user, [REPORT]).get(REPORT)
    state = (
        ngettext("%(n)s valor atrasado", "%(n)s valores atrasados", n) % {"n": n}
        + " "
        + ngettext("en %(d)s dirección", "en %(d)s direcciones", len(late)) % {"d": len(late)}
        if n
        else _("Todas las direcciones al día")
    )
    return [
        desk.DeskItem(
            title=_("Informe de Gestión %(y)s") % {"y": today.year},
            url=reverse("indicators:report"),
            urgency=desk.Urgency.OVERDUE if n else desk.Urgency.INFO,
            detail=" · ".join([state, desk.issued(job)]),
            count=n or 1,
            links=((_("Ver el último informe"), reverse("gabinete:job-detail", args=[job.pk])),) if job else (),
        )
    ]
