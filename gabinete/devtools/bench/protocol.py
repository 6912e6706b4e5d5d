"""Scale data for `make bench`: 40,000 events over 10 years and 300,000 attendees at scale 1, and
the pages the issue times (the Alcalde's week and the 3-month feed, under 50 ms at the median)."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from gabinete.devtools import bench
from protocol.models import Attendee, CalendarFeed, Event, EventKind, EventStatus, PrecedenceCategory
from protocol.precedence import ensure_precedence

EVENTS = 40_000
ATTENDEES = 300_000
YEARS = 10
BATCH = 5_000
BENCH_FEED_TOKEN = "bench-feed-token-alcalde-0000000000000000000"


@bench.generator(order=30)
def generate(ctx: bench.ScaleContext) -> None:
    ensure_precedence()
    if Event.objects.filter(title__startswith="[bench]").exists():
        ctx.say("protocol: datos de escala ya generados")
        return
    rng = random.Random(20_730)
    tz = timezone.get_current_timezone()
    n_events = ctx.n(EVENTS)
    n_attendees = ctx.n(ATTENDEES)
    first_day = ctx.today - timedelta(days=365 * (YEARS - 1))
    span_days = 365 * YEARS
    kinds = list(EventKind.values)
    protocolo = ctx.user("protocolo")
    now = timezone.now()
    batch: list[Event] = []
    for i in range(n_events):
        day = first_day + timedelta(days=int(i * span_days / n_events))
        start = timezone.make_aware(datetime.combine(day, time(8 + rng.randrange(12), rng.choice((0, 30)))), tz)
        end = start + timedelta(minutes=rng.choice((30, 45, 60, 90, 120)))
        status = EventStatus.DONE if end < now else EventStatus.CONFIRMED
        if rng.random() < 0.05:
            status = EventStatus.CANCELLED
        elif end > now and rng.random() < 0.1:
            status = EventStatus.PROPOSED
        batch.append(
            Event(
                uid=uuid.uuid4(),
                title=f"[bench] Actividad {i:05d}",
                kind=rng.choice(kinds),
                start=start,
                end=end,
                place_name="Sala de Concejo",
                place_address="Av. Séptimo de Línea 3505",
                status=status,
                is_public=rng.random() < 0.8,
                notes_for_mayor="Nota de prueba" if i % 5 == 0 else "",
                proposed_by=protocolo,
            )
        )
        if len(batch) >= BATCH:
            Event.objects.bulk_create(batch)
            batch = []
    if batch:
        Event.objects.bulk_create(batch)
    event_ids = list(Event.objects.filter(title__startswith="[bench]").values_list("pk", flat=True))
    categories = list(PrecedenceCategory.objects.values_list("pk", flat=True)) + [None] * 5
    attendees: list[Attendee] = []
    for j in range(n_attendees):
        attendees.append(
            Attendee(
                event_id=event_ids[j % len(event_ids)],
                name=f"Asistente {j:06d}",
                office="Cargo",
                institution="Institución",
                category_id=rng.choice(categories),
            )
        )
        if len(attendees) >= BATCH:
            Attendee.objects.bulk_create(attendees)
            attendees = []
    if attendees:
        Attendee.objects.bulk_create(attendees)
    CalendarFeed.objects.get_or_create(token=BENCH_FEED_TOKEN, defaults={"user": ctx.user("alcalde")})
    ctx.say(f"protocol: {n_events} actividades, {n_attendees} asistentes")


@bench.pages
def pages(ctx: bench.ScaleContext) -> list[bench.BenchPage]:
    return [
        bench.BenchPage("Semana del Alcalde", "/agenda/alcalde/semana/", "bench.alcalde", target_ms=50),
        bench.BenchPage(
            "Calendario iCalendar (3 meses)",
            f"/agenda/calendario/{BENCH_FEED_TOKEN}.ics",
            None,
            target_ms=50,
            kind="feed",
        ),
        bench.BenchPage("Mes del Alcalde", "/agenda/alcalde/mes/", "bench.alcalde"),
        bench.BenchPage("Actividades (Gabinete)", "/agenda/actividades/", "bench.protocolo"),
        bench.BenchPage("Agenda semanal PDF", "/agenda/alcalde/semana.pdf", "bench.alcalde", kind="pdf"),
    ]
