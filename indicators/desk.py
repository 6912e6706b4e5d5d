"""Mi escritorio entries of the indicators app: late periods, values to send, values returned, values
to validate. Each provider runs at most three queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gabinete import desk
from gabinete.models import Directorate, Role
from gabinete.permissions import directorate_ids_of, is_gabinete

from .models import IndicatorYear, Measurement, MeasurementStatus, Period


def late_periods(directorate_ids: set[int] | None, *, today=None) -> dict[int, list[tuple[IndicatorYear, Period]]]:
    """Per directorate, the (indicator, period) pairs whose due date passed in the last year without a
    value sent to Gabinete. `None` means every directorate. Three queries."""
    today = today or timezone.localdate()
    periods = list(Period.objects.filter(due_on__lt=today, due_on__gte=today - timedelta(days=365)).order_by("due_on"))
    if not periods:
        return {}
    years = IndicatorYear.objects.filter(year__in={p.year for p in periods}, indicator__is_active=True).select_related(
        "indicator"
    )
    if directorate_ids is not None:
        years = years.filter(indicator__directorate_id__in=directorate_ids)
    years = list(years)
    reported = set(
        Measurement.objects.filter(
            indicator_year__in=years,
            period__in=periods,
            is_current=True,
            status__in=[MeasurementStatus.SUBMITTED, MeasurementStatus.VALIDATED],
        ).values_list("indicator_year_id", "period_id")
    )
    by_kind = defaultdict(list)
    for p in periods:
        by_kind[(p.year, p.periodicity)].append(p)
    late: dict[int, list] = defaultdict(list)
    for iy in years:
        for p in by_kind[(iy.year, iy.periodicity)]:
            if (iy.pk, p.pk) not in reported:
                late[iy.indicator.directorate_id].append((iy, p))
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
    found = Directorate.objects.filter(pk__in=late.keys()).values_list("pk", "slug", "name")
    names = {pk: slug for pk, slug, _name in found}
    labels = {pk: name for pk, _slug, name in found}
    items = []
    for directorate_id, pairs in late.items():
        first_due = min(p.due_on for _iy, p in pairs)
        periods = [p.label for p in sorted({p for _iy, p in pairs}, key=lambda p: (p.start, p.periodicity))]
        n = len(pairs)
        title = (
            ngettext("%(name)s: %(n)s valor atrasado", "%(name)s: %(n)s valores atrasados", n)
            % {"name": labels[directorate_id], "n": n}
            if ids is None
            else ngettext("%(n)s valor de indicador atrasado", "%(n)s valores de indicadores atrasados", n) % {"n": n}
        )
        items.append(
            desk.DeskItem(
                title=title,
                url=reverse("indicators:directorate", args=[names[directorate_id]]),
                due=first_due,
                urgency=desk.Urgency.OVERDUE,
                detail=_("Períodos: %(periods)s")
                % {"periods": ", ".join(periods[:6]) + ("…" if len(periods) > 6 else "")},
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
