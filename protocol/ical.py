"""iCalendar (RFC 5545) output of the Alcalde's agenda, with the `icalendar` package.

Times are written in America/Santiago with its VTIMEZONE; all-day events as DATE values. UIDs are
the event's stable `uid`; cancelled events carry STATUS:CANCELLED so calendars remove them.
Private notes go into DESCRIPTION only for people allowed to read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import icalendar
from django.conf import settings
from django.utils import timezone

from .models import Event, EventStatus

UID_DOMAIN = "gabinete.municipalidadantofagasta.cl"
PRODID = "-//Municipalidad de Antofagasta//Gabinete de Alcaldía//ES"
_STATUS = {
    EventStatus.CONFIRMED: "CONFIRMED",
    EventStatus.DONE: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.PROPOSED: "TENTATIVE",
}


def event_component(event: Event, *, show_notes: bool, stamp) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", f"{event.uid}@{UID_DOMAIN}")
    component.add("dtstamp", stamp)
    tz = timezone.get_current_timezone()
    if event.all_day:
        first = timezone.localtime(event.start, tz).date()
        after = timezone.localtime(event.end, tz).date()
        component.add("dtstart", first)
        component.add("dtend", max(after, first + timedelta(days=1)))
    else:
        component.add("dtstart", timezone.localtime(event.start, tz))
        component.add("dtend", timezone.localtime(event.end, tz))
    title = event.title
    if event.status == EventStatus.CANCELLED:
        title = f"[CANCELADA] {title}"
    component.add("summary", title)
    if event.place:
        component.add("location", event.place)
    component.add("status", _STATUS[event.status])
    component.add("class", "PUBLIC" if event.is_public else "PRIVATE")
    component.add("categories", [event.get_kind_display()])
    component.add("sequence", max(event.version - 1, 0))
    if event.updated_at:
        component.add("last-modified", event.updated_at)
    lines = [f"Tipo: {event.get_kind_display()}"]
    if event.dress_code:
        lines.append(f"Vestimenta: {event.dress_code}")
    if show_notes and event.notes_for_mayor:
        lines.append("")
        lines.append(event.notes_for_mayor)
    component.add("description", "\n".join(lines))
    return component


def calendar_bytes(events: Iterable[Event], *, show_notes: bool, name: str | None = None) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", str(name))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for event in events:
        cal.add_component(event_component(event, show_notes=show_notes, stamp=stamp))
    cal.add_missing_timezones()
    return cal.to_ical()
