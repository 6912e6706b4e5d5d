"""Business days ("días hábiles") as Ley 20.285 and Ley 19.880 count them.

Saturdays, Sundays and Chilean public holidays are not business days. Holidays come from the
`holidays` package (country CL, category PUBLIC only: its BANK category adds 31 December, which is not a
legal holiday), corrected by the admin-editable `ExtraHoliday` table for holidays declared at short
notice.

Several app servers must count the same deadline, so nothing here lives only in one process's memory:
each year's calendar is kept in Django's shared cache (Redis with `CACHE_URL`) under a calendar version,
and a change to ExtraHoliday gives the calendar a new version (`clear_cache`, from a signal, at once and
again when the transaction commits). Within one request (or, outside requests, for at most
`_LOCAL_SECONDS`) the version is read once and the years already seen are reused: a board that counts
thousands of deadlines asks the shared cache once, not per cell.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import holidays
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

VERSION_KEY = "business-days:calendar-version"
_YEAR_SECONDS = 24 * 60 * 60
#: Outside a request (commands, jobs), how long one process trusts the calendar version it read.
_LOCAL_SECONDS = 1.0


class _Local(threading.local):
    version: str | None = None
    read_at: float = 0.0
    in_request: bool = False
    years: dict[int, dict[date, str]]

    def __init__(self) -> None:
        self.years = {}


_local = _Local()


def _forget_locally(**kwargs) -> None:
    _local.version = None
    _local.years = {}


def _request_started(**kwargs) -> None:
    _forget_locally()
    _local.in_request = True


def _request_finished(**kwargs) -> None:
    _forget_locally()
    _local.in_request = False


request_started.connect(_request_started, dispatch_uid="business-days-request-started")
request_finished.connect(_request_finished, dispatch_uid="business-days-request-finished")


def calendar_version() -> str:
    """The holiday calendar's current version: it changes whenever a holiday is added, edited or
    removed, so a cache of deadlines can be keyed by it."""
    return _calendar_version()


def _calendar_version() -> str:
    fresh = _local.in_request or time.monotonic() - _local.read_at < _LOCAL_SECONDS
    if _local.version is not None and fresh:
        return _local.version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or "sin-version"
    if version != _local.version:
        _local.years = {}
    _local.version, _local.read_at = version, time.monotonic()
    return version


def _compute_year(year: int) -> dict[date, str]:
    from .models import ExtraHoliday

    found = dict(holidays.country_holidays("CL", years=year, categories=(holidays.PUBLIC,), language="es").items())
    for extra in ExtraHoliday.objects.filter(date__year=year):
        if extra.is_holiday:
            found[extra.date] = extra.name
        else:
            found.pop(extra.date, None)
    return found


def _holidays_for_year(year: int) -> dict[date, str]:
    version = _calendar_version()
    found = _local.years.get(year)
    if found is None:
        key = f"business-days:{version}:{year}"
        found = cache.get(key)
        if found is None:
            found = _compute_year(year)
            cache.set(key, found, _YEAR_SECONDS)
        _local.years[year] = found
    return found


#: Sent once a change to the holidays is committed (gabinete.signals): the apps that store a due date
#: (for their queues) recompute their open ones.
calendar_changed = Signal()


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _forget_locally()


def clear_cache() -> None:
    """The calendar changed: every process counts with the new one from its next request.

    The version changes at once (this process, this transaction) and again after commit, so a
    calendar another server read from the database before the commit is never kept under it."""
    _new_version()
    if transaction.get_connection().in_atomic_block:  # (outside one there is nothing to wait for)
        transaction.on_commit(_new_version)


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


def count_business_days(start: date, n: int) -> Deadline:
    """The day `n` business days after `start` (start itself not counted), with the days counted and
    skipped: the one count of every term in business days (Ley 19.880 art. 25)."""
    counted: list[date] = []
    skipped: list[SkippedDay] = []
    day = start
    while len(counted) < max(n, 1):
        day += timedelta(days=1)
        if is_business_day(day):
            counted.append(day)
        else:
            skipped.append(SkippedDay(day, _reason(day)))
    return Deadline(due=day, counted=counted, skipped=skipped)


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
