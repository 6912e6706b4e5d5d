"""What the protocol app offers other apps on purpose (the only import other apps may make).

`transparency` publishes the Alcalde's Ley 20.730 register on the public page through these
functions. The public reads only published versions (`LobbyPublishedVersion`), never the records
Gabinete edits: a record appears when Gabinete checks it, and an edit of it (a correction) replaces
the published version only once it is checked in turn, marked as a correction, with the versions
it replaced kept in the record's public history.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Max, Q
from django.utils import timezone

from gabinete.conditional import forget_stamp, shared_stamp

from .models import LobbyPublishedVersion, LobbyRegister

#: The keys of the published data that hold dates (stored as ISO text).
DATE_KEYS = ("date", "date_start", "date_end")

#: The key of each register in `lobby_register`'s answer.
REGISTER_KEYS = {
    LobbyRegister.AUDIENCE: "audiences",
    LobbyRegister.TRIP: "trips",
    LobbyRegister.GIFT: "gifts",
}


def _period(year: int | None, month: int | None) -> Q:
    if year is None:
        return Q()
    if month is None:
        return Q(date__gte=date(year, 1, 1), date__lt=date(year + 1, 1, 1))
    first = date(year, month, 1)
    after = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return Q(date__gte=first, date__lt=after)


def _row(version: LobbyPublishedVersion) -> dict:
    """One published version as the public register shows it."""
    row = {"id": version.record_id, **version.data}
    for key in DATE_KEYS:
        if isinstance(row.get(key), str):
            row[key] = date.fromisoformat(row[key])
    row["version"] = version.number
    # «Corregido el DD-MM-AAAA»: the day the correction was checked and replaced the earlier one.
    row["corrected_on"] = timezone.localdate(version.published_at) if version.is_correction else None
    row["published_on"] = timezone.localdate(version.published_at)
    return row


def lobby_register(*, year: int | None = None, month: int | None = None) -> dict[str, list[dict]]:
    """The Alcalde's Ley 20.730 register as published (the current published version of each record).

    {"audiences": [{"id", "date": date, "place", "subject", "passive_subject",
                    "attendees": [{"name", "represents", "role"}], ...}],
     "trips": [{"id", "date_start": date, "date_end": date, "destination", "purpose",
                "cost": int (CLP), "paid_by", ...}],
     "gifts": [{"id", "date": date, "description", "giver", "occasion", ...}]}
    and in every row "version" (1, 2, …), "published_on" (date) and "corrected_on" (the date a
    correction was published, None for a first version). Ordered by date descending; filtered to a
    year / year+month when given. A trip belongs to the period in which it starts. One query.
    """
    if month is not None and year is None:
        raise ValueError("month needs a year")
    if month is not None and not 1 <= month <= 12:
        raise ValueError("month must be 1..12")
    register: dict[str, list[dict]] = {key: [] for key in REGISTER_KEYS.values()}
    versions = LobbyPublishedVersion.objects.current().filter(_period(year, month)).order_by("-date", "-record_id")
    for version in versions:
        register[REGISTER_KEYS[version.register]].append(_row(version))
    return register


def lobby_record_history(*, register: str, record_id: int) -> list[dict]:
    """Every published version of one lobby record, newest first (empty if never published).

    Each item is a row as in `lobby_register`, plus "superseded_on" (the date a correction
    replaced it, None for the version the register shows now).
    """
    if register not in REGISTER_KEYS:
        return []
    versions = LobbyPublishedVersion.objects.filter(register=register, record_id=record_id).order_by("-number")
    return [
        {
            **_row(v),
            "superseded_on": timezone.localdate(v.superseded_at) if v.superseded_at else None,
        }
        for v in versions
    ]


#: The shared-cache key of the register's stamp (`gabinete.conditional.shared_stamp`).
LOBBY_STAMP_KEY = "protocol:lobby-stamp"


def lobby_last_modified() -> datetime | None:
    """Newest change of the published register (for ETag/Last-Modified), kept in the shared cache.

    Published versions are never deleted and a correction's publication is also the moment the
    version it replaces leaves the register, so the newest publication is the newest change. Every
    write of a published version forgets the kept copy (`forget_lobby_stamp`, from the service and
    from a signal for the admin and demo data), so a cached answer asks no query.
    """
    return shared_stamp(LOBBY_STAMP_KEY, _compute_lobby_last_modified)


def _compute_lobby_last_modified() -> tuple[datetime | None, None]:
    return LobbyPublishedVersion.objects.aggregate(m=Max("published_at"))["m"], None


def forget_lobby_stamp() -> None:
    forget_stamp(LOBBY_STAMP_KEY)
