"""Reads for the protocol screens. Each one runs a fixed number of queries, whatever the data size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone

from gabinete.types import AnyUser

from . import precedence
from .models import (
    Attendee,
    Event,
    EventKind,
    EventStatus,
    LobbyAudience,
    LobbyAudienceAttendee,
    LobbyGift,
    LobbyMonthClosing,
    LobbyRecord,
    LobbyRegister,
    LobbyRules,
    LobbyTrip,
    PassiveSubject,
)
from .permissions import events_visible_to

FEED_PAST_DAYS = 30
FEED_FUTURE_DAYS = 92  # "the coming 3 months"


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def week_bounds(day: date) -> tuple[date, date]:
    """Monday and the following Monday of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=7)


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    return first, after


@dataclass
class AgendaDay:
    day: date
    events: list[Event] = field(default_factory=list)

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()


def mayor_agenda(user: AnyUser, first: date, after: date) -> list[AgendaDay]:
    """The Alcalde's agenda day by day between two dates (confirmed, held and cancelled events;
    proposals are not the Alcalde's agenda yet). One query."""
    events = list(
        events_visible_to(user)
        .for_agenda(_local_midnight(first), _local_midnight(after))
        .only(
            "id",
            "uid",
            "title",
            "kind",
            "start",
            "end",
            "all_day",
            "place_name",
            "place_address",
            "status",
            "is_public",
            "dress_code",
            "notes_for_mayor",
            "version",
        )
    )
    days = []
    day = first
    while day < after:
        start, end = _local_midnight(day), _local_midnight(day + timedelta(days=1))
        days.append(AgendaDay(day, [e for e in events if e.start < end and e.end > start]))
        day += timedelta(days=1)
    return days


def next_event(user: AnyUser) -> Event | None:
    """The Alcalde's next (or current) confirmed event, shown first on the phone. One query."""
    now = timezone.now()
    return (
        events_visible_to(user)
        .filter(status=EventStatus.CONFIRMED, start__gte=now - timedelta(days=2), end__gt=now)
        .order_by("start", "pk")
        .first()
    )


def _feed_window(user: AnyUser) -> QuerySet[Event]:
    now = timezone.now()
    return events_visible_to(user).for_agenda(
        now - timedelta(days=FEED_PAST_DAYS), now + timedelta(days=FEED_FUTURE_DAYS)
    )


def feed_events(user: AnyUser) -> list[Event]:
    """The events in a person's calendar feed: a month back and the coming three months."""
    return list(_feed_window(user).prefetch_related("directorates"))


def _fingerprint(events: QuerySet[Event]) -> str:
    """A cheap fingerprint of a set of events (one aggregate query). Every save bumps `updated_at`,
    so an edit raises the newest stamp; a removal lowers the count; an addition raises either. It
    carries today's date too: the windows move and "Hoy" changes every day."""
    found = events.order_by().aggregate(last=Max("updated_at"), n=Count("pk"), top=Max("pk"))
    last = found["last"].isoformat() if found["last"] else "-"
    return f"{timezone.localdate().isoformat()}:{found['n']}:{found['top']}:{last}"


def feed_stamp(user: AnyUser) -> str:
    """Fingerprint of a person's feed content: the rendered feed is cached under it."""
    return _fingerprint(_feed_window(user))


def agenda_stamp(user: AnyUser, first: date, after: date) -> str:
    """Fingerprint of the Alcalde's agenda between two dates: the rendered days are cached under it."""
    return _fingerprint(events_visible_to(user).for_agenda(_local_midnight(first), _local_midnight(after)))


def event_detail(event_qs: QuerySet[Event], pk: int) -> Event:
    return (
        event_qs.select_related("proposed_by", "proposing_directorate")
        .prefetch_related(
            "directorates",
            Prefetch("attendees", queryset=Attendee.objects.select_related("category")),
            "tasks__responsible",
            "status_changes__by",
        )
        .get(pk=pk)
    )


def event_parts(event_qs: QuerySet[Event], pk: int) -> Event:
    """An event with what its attendee and checklist sections show (what htmx swaps after a change)."""
    return event_qs.prefetch_related(
        Prefetch("attendees", queryset=Attendee.objects.select_related("category")), "tasks__responsible"
    ).get(pk=pk)


@dataclass
class PrecedenceView:
    ordered: list
    speaking: list
    seats: list
    row: list


def precedence_for(event: Event) -> PrecedenceView:
    """Order of precedence, speaking order and seating of an event's attendees (prefetched)."""
    ordered = precedence.order_of_precedence(list(event.attendees.all()))
    seats = precedence.seating(ordered)
    return PrecedenceView(
        ordered=ordered,
        speaking=precedence.speaking_order(ordered),
        seats=seats,
        row=precedence.seating_row_from_audience(seats),
    )


def event_list(user: AnyUser, *, status: str | None = None, upcoming: bool = True) -> QuerySet[Event]:
    qs = events_visible_to(user).select_related("proposing_directorate").prefetch_related("directorates")
    if status:
        qs = qs.filter(status=status)
    if upcoming:
        qs = qs.filter(end__gte=timezone.now() - timedelta(days=1)).order_by("start", "pk")
    else:
        qs = qs.order_by("-start", "-pk")
    return qs


@dataclass
class EventRow:
    """What a row of the activities list prints about an event."""

    event: Event
    when: str
    kind: str
    status: str
    directorates: str


def label_events(events: Iterable[Event]) -> list[EventRow]:
    """The rows of a list page, their strings computed once per page: the choice labels
    (`get_FOO_display` rebuilds and hashes the whole choice list per call), the local date and time,
    and the directorates' names. Fifty rows of template filters and display calls were most of the
    activities list's time."""
    kinds, statuses = dict(EventKind.choices), dict(EventStatus.choices)
    tz = timezone.get_current_timezone()
    rows = []
    for event in events:
        start = timezone.localtime(event.start, tz)
        rows.append(
            EventRow(
                event=event,
                when=f"{start:%d-%m-%Y}" if event.all_day else f"{start:%d-%m-%Y %H:%M}",
                kind=str(kinds.get(event.kind, event.kind)),
                status=str(statuses.get(event.status, event.status)),
                directorates=", ".join(d.display_name for d in event.directorates.all()),
            )
        )
    return rows


def proposals_of(user: AnyUser) -> QuerySet[Event]:
    """A directorate's proposals and what became of them (newest first)."""
    from .permissions import proposing_directorate_ids

    return (
        Event.objects.filter(proposing_directorate_id__in=proposing_directorate_ids(user))
        .select_related("proposing_directorate")
        .prefetch_related("status_changes__by")
        .order_by("-created_at", "-pk")
    )


def lobby_lists(subjects: Iterable[PassiveSubject]) -> list[dict]:
    """The three registers of each passive subject given, in their order:
    [{"subject", "audiences", "trips", "gifts"}]. Four queries whatever the number of subjects."""
    subjects = list(subjects)
    ids = [s.pk for s in subjects]
    audiences = (
        LobbyAudience.objects.with_publication()
        .filter(subject_id__in=ids)
        .select_related("event", "checked_by")
        .prefetch_related(Prefetch("attendees", queryset=LobbyAudienceAttendee.objects.order_by("pk")))[:500]
    )
    trips = LobbyTrip.objects.with_publication().filter(subject_id__in=ids).select_related("checked_by")[:500]
    gifts = LobbyGift.objects.with_publication().filter(subject_id__in=ids).select_related("checked_by")[:500]
    groups: dict[int, dict[str, Any]] = {
        s.pk: {"subject": s, "audiences": [], "trips": [], "gifts": []} for s in subjects
    }
    for key, records in (("audiences", audiences), ("trips", trips), ("gifts", gifts)):
        for record in records:
            groups[record.subject_id][key].append(record)
    return list(groups.values())


@dataclass
class ClosingMonth:
    """One month of one register of a passive subject, as the closings page and the desk see it."""

    subject: PassiveSubject
    register: str
    month: date
    due: date
    closing: LobbyMonthClosing | None = None
    unchecked: int = 0

    @property
    def state(self) -> str:
        if self.closing is not None:
            return "closed"
        return "overdue" if self.due < timezone.localdate() else "pending"

    @property
    def is_overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def register_label(self) -> str:
        return str(LobbyRegister(self.register).label)


def _ended_months(subject: PassiveSubject, today: date) -> list[date]:
    """The months of the subject's period in office that have ended by `today`, oldest first."""
    month = subject.period_start.replace(day=1)
    last = subject.period_end if subject.period_end and subject.period_end < today else today
    months: list[date] = []
    while True:
        following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        if following > today or month > last:
            return months
        months.append(month)
        month = following


def lobby_closing_months(
    subjects: Iterable[PassiveSubject], *, only_overdue: bool = False, with_unchecked: bool = False
) -> list[ClosingMonth]:
    """Every ended month of each subject's period, per register, with its closing or its due date
    (the `LobbyRules.closing_business_days`-th business day of the next month). Newest first.

    Two queries (the rules and the closings), plus three with `with_unchecked` (records not
    checked per month, which keep the month from closing)."""
    from .services import lobby_closing_due

    subjects = list(subjects)
    if not subjects:
        return []
    today = timezone.localdate()
    rules = LobbyRules.current()
    closings = {
        (c.subject_id, c.register, c.month): c
        for c in LobbyMonthClosing.objects.filter(subject__in=subjects).select_related("closed_by")
    }
    unchecked: dict[tuple[int, str, date], int] = {}
    if with_unchecked:
        for register, model in _REGISTER_MODELS.items():
            rows = model.objects.filter(subject__in=subjects, checked_at__isnull=True).values_list(
                "subject_id", model.register_date_field
            )
            for subject_id, day in rows:
                key = (subject_id, register, day.replace(day=1))
                unchecked[key] = unchecked.get(key, 0) + 1
    dues: dict[date, date] = {}
    result = []
    for subject in subjects:
        for month in reversed(_ended_months(subject, today)):
            if month not in dues:
                dues[month] = lobby_closing_due(month, rules)
            for register in LobbyRegister.values:
                key = (subject.pk, register, month)
                row = ClosingMonth(
                    subject=subject,
                    register=register,
                    month=month,
                    due=dues[month],
                    closing=closings.get(key),
                    unchecked=unchecked.get(key, 0),
                )
                if not only_overdue or row.is_overdue:
                    result.append(row)
    return result


_REGISTER_MODELS: dict[str, type[LobbyRecord]] = {
    LobbyRegister.AUDIENCE: LobbyAudience,
    LobbyRegister.TRIP: LobbyTrip,
    LobbyRegister.GIFT: LobbyGift,
}
