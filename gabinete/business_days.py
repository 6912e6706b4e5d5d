"""Business days ("días hábiles") as Ley 20.285 and Ley 19.880 count them.

Saturdays, Sundays and Chilean public holidays are not business days. Holidays come from the
`holidays` package (country CL, category PUBLIC only: its BANK category adds 31 December, which is not a
legal holiday), corrected by the admin-editable `ExtraHoliday` table for holidays declared at short
notice. Results are cached per year and the cache is cleared whenever ExtraHoliday changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _


@lru_cache(maxsize=64)
def _holidays_for_year(year: int) -> dict[date, str]:
    from .models import ExtraHoliday

    found = dict(holidays.country_holidays("CL", years=year, categories=(holidays.PUBLIC,), language="es").items())
    for extra in ExtraHoliday.objects.filter(date__year=year):
        if extra.is_holiday:
            found[extra.date] = extra.name
        else:
            found.pop(extra.date, None)
    return found


def clear_cache() -> None:
    _holidays_for_year.cache_clear()


def holiday_name(day: date) -> str | None:
    return _holidays_for_year(day.year).get(day)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def add_business_days(start: date, count: int) -> date:
    """The date `count` business days after `start` (start itself not counted)."""
    day = start
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_business_day(day):
            remaining -= 1
    return day


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to and including `end` (negative when end < start)."""
    if end < start:
        return -business_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_business_day(start + timedelta(n)))


@dataclass(frozen=True)
class SkippedDay:
    day: date
    reason: str


@dataclass(frozen=True)
class Deadline:
    """A deadline and how it was counted, so users can check it."""

    due: date
    counted: list[date]
    skipped: list[SkippedDay]

    def explanation(self) -> str:
        parts = [
            _("Se cuentan %(n)s días hábiles desde el %(first)s.")
            % {"n": len(self.counted), "first": self.counted[0].strftime("%d-%m-%Y")}
        ]
        if self.skipped:
            parts.append(
                _("No se cuentan: %(days)s.") % {"days": "; ".join(f"{s.day:%d-%m} ({s.reason})" for s in self.skipped)}
            )
        return " ".join(parts)


def _reason(day: date) -> str:
    name = holiday_name(day)
    if name:
        return _("feriado: %(name)s") % {"name": name}
    return _("sábado") if day.weekday() == 5 else _("domingo")


def nth_business_day_of_month(year: int, month: int, n: int) -> Deadline:
    """The n-th business day of a month (e.g. the 10th, the art. 7 update deadline)."""
    day = date(year, month, 1)
    counted: list[date] = []
    skipped: list[SkippedDay] = []
    while True:
        if is_business_day(day):
            counted.append(day)
            if len(counted) == n:
                return Deadline(due=day, counted=counted, skipped=skipped)
        else:
            skipped.append(SkippedDay(day, _reason(day)))
        day += timedelta(days=1)
