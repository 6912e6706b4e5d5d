"""What the protocol app offers other apps on purpose (the only import other apps may make).

`transparency` publishes the Alcalde's Ley 20.730 register on the public page through these two
functions. Only records that Gabinete has checked are published.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Max, Prefetch, Q

from .models import LobbyAudience, LobbyAudienceAttendee, LobbyGift, LobbyTrip


def _period(field: str, year: int | None, month: int | None) -> Q:
    if year is None:
        return Q()
    if month is None:
        return Q(**{f"{field}__gte": date(year, 1, 1), f"{field}__lt": date(year + 1, 1, 1)})
    first = date(year, month, 1)
    after = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return Q(**{f"{field}__gte": first, f"{field}__lt": after})


def lobby_register(*, year: int | None = None, month: int | None = None) -> dict[str, list[dict]]:
    """The Alcalde's Ley 20.730 register as published (only records Gabinete has checked).

    {"audiences": [{"id", "date": date, "place", "subject", "passive_subject",
                    "attendees": [{"name", "represents", "role"}]}],
     "trips": [{"id", "date_start": date, "date_end": date, "destination", "purpose",
                "cost": int (CLP), "paid_by"}],
     "gifts": [{"id", "date": date, "description", "giver", "occasion"}]}
    ordered by date descending; filtered to a year / year+month when given. A trip belongs to the
    period in which it starts. Three queries for audiences+attendees, trips and gifts (plus one).
    """
    if month is not None and year is None:
        raise ValueError("month needs a year")
    if month is not None and not 1 <= month <= 12:
        raise ValueError("month must be 1..12")
    audiences = (
        LobbyAudience.objects.filter(checked_at__isnull=False)
        .filter(_period("date", year, month))
        .order_by("-date", "-pk")
        .prefetch_related(
            Prefetch("attendees", queryset=LobbyAudienceAttendee.objects.order_by("pk"))
        )
    )
    trips = (
        LobbyTrip.objects.filter(checked_at__isnull=False)
        .filter(_period("date_start", year, month))
        .order_by("-date_start", "-pk")
    )
    gifts = (
        LobbyGift.objects.filter(checked_at__isnull=False)
        .filter(_period("date", year, month))
        .order_by("-date", "-pk")
    )
    return {
        "audiences": [
            {
                "id": a.pk,
                "date": a.date,
                "place": a.place,
                "subject": a.subject,
                "passive_subject": a.passive_subject,
                "attendees": [
                    {"name": p.name, "represents": p.represents, "role": p.get_role_display()}
                    for p in a.attendees.all()
                ],
            }
            for a in audiences
        ],
        "trips": [
            {
                "id": t.pk,
                "date_start": t.date_start,
                "date_end": t.date_end,
                "destination": t.destination,
                "purpose": t.purpose,
                "cost": int(t.cost),
                "paid_by": t.paid_by,
            }
            for t in trips
        ],
        "gifts": [
            {
                "id": g.pk,
                "date": g.date,
                "description": g.description,
                "giver": g.giver,
                "occasion": g.occasion,
            }
            for g in gifts
        ],
    }


def lobby_last_modified() -> datetime | None:
    """Newest change of any published lobby record (for ETag/Last-Modified).

    Counts unpublished records too: un-checking a record changes what is published, so its time
    must move the date forward (it may say "changed" a little more often than strictly needed).
    Checked records are never deleted (services refuse it), so the date never goes back.
    """
    found = [
        model.objects.aggregate(m=Max("updated_at"))["m"]
        for model in (LobbyAudience, LobbyTrip, LobbyGift)
    ]
    found = [f for f in found if f is not None]
    return max(found) if found else None
