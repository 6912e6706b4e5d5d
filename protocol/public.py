"""What the protocol app offers other apps on purpose (the only import other apps may make).

`transparency` publishes the Ley 20.730 registers of every passive subject on the public page through
these functions. The public reads only published versions (`LobbyPublishedVersion`), never the records
Gabinete edits: a record appears when Gabinete checks it, and an edit of it (a correction) replaces
the published version only once it is checked in turn, marked as a correction, with the versions
it replaced kept in the record's public history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import Max, Q
from django.utils import timezone

from gabinete.conditional import forget_stamp, shared_stamp

from .lobby_exports import INFOLOBBY_SEED, json_value, value_of  # noqa: F401  (offered to transparency)
from .models import (
    LobbyExportColumn,
    LobbyMonthClosing,
    LobbyPublishedVersion,
    LobbyRegister,
    LobbyRules,
    PassiveSubject,
    PassiveSubjectOffice,
)

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
    row["reason"] = version.reason
    row["subject_id"] = version.subject_id
    return row


#: The order the public page lists passive subjects in: the law's order of art. 4 Nº 2 and Nº 7.
OFFICE_ORDER = [o.value for o in PassiveSubjectOffice]

#: The URL slug of each register in the public pages and downloads, and the key of `lobby_register`.
REGISTER_PARTS = {"audiencias": LobbyRegister.AUDIENCE, "viajes": LobbyRegister.TRIP, "donativos": LobbyRegister.GIFT}


def passive_subjects() -> list[dict]:
    """Every public passive subject, in the law's order of offices, then by name (one query).

    [{"id", "name", "office" (label, with the tender of a commission), "office_code",
      "period_start": date, "period_end": date | None, "in_office": bool, "decree"}]
    """
    today = timezone.localdate()
    subjects = sorted(
        PassiveSubject.objects.filter(is_public=True),
        key=lambda s: (OFFICE_ORDER.index(s.office), s.period_end is not None, s.name, -s.period_start.toordinal()),
    )
    return [
        {
            "id": s.pk,
            "name": s.name,
            "office": s.office_label,
            "office_code": s.office,
            "period_start": s.period_start,
            "period_end": s.period_end,
            "in_office": s.in_office_on(today),
            "decree": s.decree,
        }
        for s in subjects
    ]


def lobby_closings(*, year: int | None = None, month: int | None = None, subject_id: int | None = None) -> list[dict]:
    """The monthly closings of the registers (newest month first), so the public page can say «sin
    audiencias en el mes» where a closed month had none. One query.

    [{"subject_id", "register" (audiencia|viaje|donativo), "month": date (first day), "record_count",
      "closed_on": date}]
    """
    closings = LobbyMonthClosing.objects.order_by("-month", "subject_id", "register")
    if year is not None:
        closings = closings.filter(month__year=year)
        if month is not None:
            closings = closings.filter(month__month=month)
    if subject_id is not None:
        closings = closings.filter(subject_id=subject_id)
    return [
        {
            "subject_id": c.subject_id,
            "register": c.register,
            "month": c.month,
            "record_count": c.record_count,
            "closed_on": timezone.localdate(c.closed_at),
        }
        for c in closings
    ]


def infolobby_layout() -> str:
    """Which column layout the InfoLobby export follows (editable data, `LobbyRules`)."""
    return LobbyRules.current().infolobby_layout


def infolobby_columns(register: str) -> list[tuple[str, str]]:
    """The InfoLobby export's columns of one register as (header, field), in order (editable data; the
    seed when the list is empty, as on a database a test flushed)."""
    columns = LobbyExportColumn.objects.filter(register=register).order_by("position", "pk")
    return [(c.header, c.field) for c in columns] or list(INFOLOBBY_SEED[register])


def lobby_register(
    *, year: int | None = None, month: int | None = None, subject_id: int | None = None, only: str | None = None
) -> dict[str, list[dict]]:
    """The Ley 20.730 registers as published (the current published version of each record), of every
    passive subject or of one (`subject_id`).

    {"audiences": [{"id", "date": date, "place", "subject", "passive_subject",
                    "attendees": [{"name", "represents", "role"}], ...}],
     "trips": [{"id", "date_start": date, "date_end": date, "destination", "purpose",
                "cost": int (CLP), "paid_by", ...}],
     "gifts": [{"id", "date": date, "description", "giver", "occasion", ...}]}
    and in every row "version" (1, 2, …), "published_on" (date) and "corrected_on" (the date a
    correction was published, None for a first version), "reason" (the correction's reason) and
    "subject_id". Ordered by date descending; filtered to a year / year+month when given, and to one
    register when `only` names its key («audiences», «trips», «gifts»). A trip belongs to the period
    in which it starts. One query.
    """
    if month is not None and year is None:
        raise ValueError("month needs a year")
    if month is not None and not 1 <= month <= 12:
        raise ValueError("month must be 1..12")
    register: dict[str, list[dict]] = {key: [] for key in REGISTER_KEYS.values()}
    versions = LobbyPublishedVersion.objects.current().filter(_period(year, month)).order_by("-date", "-record_id")
    if subject_id is not None:
        versions = versions.filter(subject_id=subject_id)
    if only is not None:
        versions = versions.filter(register={key: value for value, key in REGISTER_KEYS.items()}[only])
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
    version it replaces leaves the register, so the newest publication, closing, or edit of a passive
    subject or of the export's columns is the newest change. Every such write forgets the kept copy
    (`forget_lobby_stamp`, from a signal), so a cached answer asks no query.
    """
    return shared_stamp(LOBBY_STAMP_KEY, _compute_lobby_last_modified)


def _compute_lobby_last_modified() -> tuple[datetime | None, None]:
    moments = [
        LobbyPublishedVersion.objects.aggregate(m=Max("published_at"))["m"],
        LobbyMonthClosing.objects.aggregate(m=Max("closed_at"))["m"],
        PassiveSubject.history.aggregate(m=Max("history_date"))["m"],
        LobbyExportColumn.history.aggregate(m=Max("history_date"))["m"],
        LobbyRules.history.aggregate(m=Max("history_date"))["m"],
    ]
    known = [m for m in moments if m is not None]
    return (max(known) if known else None), None


def forget_lobby_stamp() -> None:
    forget_stamp(LOBBY_STAMP_KEY)


def lobby_closings_by_month(subject_ids: Iterable[int] | None = None) -> dict[tuple[int, str, date], LobbyMonthClosing]:
    """The monthly closings of the lobby registers, keyed (subject_id, register, month) where month
    is the first day of the closed month and register a `LobbyRegister` value. A closing with
    `record_count == 0` (`is_empty`) is the register's «sin audiencias / viajes / donativos en el
    mes». All passive subjects, or those given. One query (closed_by is selected)."""
    closings = LobbyMonthClosing.objects.select_related("closed_by")
    if subject_ids is not None:
        closings = closings.filter(subject_id__in=list(subject_ids))
    return {(c.subject_id, c.register, c.month): c for c in closings}
