"""Reads of personal data under Ley 21.719: the lists of requests, everything the intranet holds about one
person, and what the retention job would erase today.

The other apps are never imported: their models are reached through the app registry and their
`personal_data` declarations (`gabinete.privacy.inventory()`), which say where a person's name, e-mail
and RUT are kept (`lookup`) and which date and fields count for retention (`expiry`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, cast

from django.db import models
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from localflavor.cl.forms import CLRutField

from gabinete import privacy
from gabinete.types import AnyUser

from . import permissions
from .models import RIGHTS_OPEN_STATES, DataSubjectRequest, RetentionAction, RetentionRule

#: The list's filter values (the same words as the other request lists).
OPEN, CLOSED = "abiertas", "cerradas"


def rights_request_list(*, user: AnyUser, state: str = OPEN) -> QuerySet[DataSubjectRequest]:
    """The requests the person may see: open ones by deadline, answered ones newest first."""
    found = permissions.rights_requests_visible_to(user).select_related("answered_by", "created_by")
    if state == CLOSED:
        return found.exclude(status__in=RIGHTS_OPEN_STATES).order_by("-answered_at", "-pk")
    return found.filter(status__in=RIGHTS_OPEN_STATES).order_by("due_date", "pk")


# --- one person's records ---------------------------------------------------------------------------


def normalise_rut(value: str) -> str:
    """The RUT as the project stores it («12.345.678-5»), or "" when it is not a valid RUT."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return str(CLRutField(required=False).clean(value))
    except Exception:  # noqa: BLE001 — a malformed RUT finds nothing (the form already said why)
        return ""


def _rut_variants(rut: str) -> set[str]:
    compact = rut.replace(".", "")
    return {rut, compact, compact.replace("-", "")}


@dataclass
class FoundRecords:
    """The records of one processing that belong to the person, with the declared fields only."""

    entry: privacy.Entry
    rows: list[dict[str, Any]]

    @property
    def label(self) -> str:
        return self.entry.label

    @property
    def columns(self) -> list[str]:
        return ["id", *self.entry.processing.fields]


@dataclass
class PersonQuery:
    """Who is sought: any of a full name, an e-mail and a RUT (each compared whole, never in part, so a
    common surname does not bring someone else's data)."""

    name: str = ""
    email: str = ""
    rut: str = ""

    def __post_init__(self) -> None:
        self.name = " ".join((self.name or "").split())
        self.email = (self.email or "").strip()
        self.rut = normalise_rut(self.rut)

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.email or self.rut)

    @classmethod
    def of(cls, request: DataSubjectRequest) -> PersonQuery:
        return cls(name=request.requester_name, email=request.email, rut=request.requester_rut)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _matching(model: type[models.Model], lookup: privacy.Lookup, person: PersonQuery) -> QuerySet | None:
    """The model's records whose name, e-mail or RUT is the person's (None when nothing can match)."""
    queryset: QuerySet = model._default_manager.all()
    condition = Q()
    if person.name:
        for n, name_field in enumerate(lookup.name):
            if "+" in name_field:
                parts: list[Any] = []
                for part in name_field.split("+"):
                    parts.extend([F(part), Value(" ")])
                alias = f"_person_name_{n}"
                queryset = queryset.alias(**{alias: Concat(*parts[:-1], output_field=models.CharField())})
                condition |= Q(**{f"{alias}__iexact": person.name})
            else:
                condition |= Q(**{f"{name_field}__iexact": person.name})
    if person.email:
        for email_field in lookup.email:
            condition |= Q(**{f"{email_field}__iexact": person.email})
    if person.rut:
        for rut_field in lookup.rut:
            for variant in _rut_variants(person.rut):
                condition |= Q(**{f"{rut_field}__iexact": variant})
    if not condition:
        return None
    return queryset.filter(condition).order_by("pk")


def person_records(person: PersonQuery) -> list[FoundRecords]:
    """Everything the intranet holds about one person, processing by processing (the declared personal
    fields of each record), across every app that declares where a person is found."""
    if person.is_empty:
        return []
    found = []
    for entry in privacy.inventory():
        lookup = entry.processing.lookup
        if lookup is None:
            continue
        queryset = _matching(entry.model, lookup, person)
        if queryset is None:
            continue
        rows = []
        for record in queryset:
            row: dict[str, Any] = {"id": record.pk}
            for name in entry.processing.fields:
                row[name] = _plain(getattr(record, name, None))
            rows.append(row)
        if rows:
            found.append(FoundRecords(entry, rows))
    return found


# --- retention ----------------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when it has no such day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _final_field(model: type[models.Model], path: str) -> models.Field:
    current: Any = model
    found: Any = None
    for part in path.split("__"):
        found = current._meta.get_field(part)
        if found.is_relation:
            current = found.related_model
    return cast(models.Field, found)


def _cutoff_value(model: type[models.Model], path: str, cutoff: date) -> date | datetime:
    """The cutoff as the date field compares: a date, or the start of that day here for a date-time."""
    if isinstance(_final_field(model, path), models.DateTimeField):
        return timezone.make_aware(datetime.combine(cutoff, time.min))
    return cutoff


@dataclass
class PlanRow:
    """One processing in the retention plan: its rule, and how many records would go today."""

    entry: privacy.Entry
    rule: RetentionRule | None
    cutoff: date | None = None
    count: int = 0
    #: Why nothing is done (no rule, kept by law, inactive): shown on the dry run's page.
    reason: str = ""

    @property
    def label(self) -> str:
        return self.entry.label

    @property
    def acts(self) -> bool:
        return bool(self.rule and self.rule.is_active and self.rule.action != RetentionAction.KEEP and self.count)


@dataclass
class RetentionPlan:
    today: date
    rows: list[PlanRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rows if r.acts)

    def row(self, label: str) -> PlanRow | None:
        return next((r for r in self.rows if r.label == label), None)


def expired(entry: privacy.Entry, rule: RetentionRule, today: date) -> QuerySet | None:
    """The records of `entry` whose term under `rule` passed and that still hold personal data."""
    expiry = entry.processing.expiry
    if expiry is None or rule.action == RetentionAction.KEEP:
        return None
    model = entry.model
    cutoff = months_before(today, rule.months)
    queryset = model._base_manager.filter(
        **{f"{expiry.date_field}__lt": _cutoff_value(model, expiry.date_field, cutoff)}
    )
    if expiry.eligible is not None:
        queryset = queryset.filter(expiry.eligible)
    if rule.action == RetentionAction.ANONYMISE:
        # Already anonymised: nothing left to erase.
        queryset = queryset.exclude(**expiry.replacements())
    return queryset.order_by("pk")


def retention_plan(*, today: date | None = None) -> RetentionPlan:
    """What the retention job would do today, processing by processing (its dry run)."""
    today = today or timezone.localdate()
    rules = {r.processing: r for r in RetentionRule.objects.all()}
    plan = RetentionPlan(today=today)
    for entry in privacy.inventory():
        rule = rules.get(entry.label)
        row = PlanRow(entry, rule)
        if rule is None:
            row.reason = (
                _("Se conserva: lo ordena publicar una ley.")
                if entry.processing.published
                else _("Sin regla de conservación: por definir con Asesoría Jurídica.")
            )
        elif rule.action == RetentionAction.KEEP:
            row.reason = _("Se conserva: %(why)s") % {"why": rule.legal_reference or _("la regla dice conservar.")}
        elif entry.processing.expiry is None:
            row.reason = _("El registro no declara qué datos se pueden borrar: no se aplica.")
        else:
            row.cutoff = months_before(today, rule.months)
            queryset = expired(entry, rule, today)
            row.count = queryset.count() if queryset is not None else 0
            if not rule.is_active:
                row.reason = _("Regla inactiva: no se aplica.")
        plan.rows.append(row)
    return plan
