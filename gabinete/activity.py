"""The activity log's one API: every service that changes something calls `record()` in its transaction.

    from gabinete import activity

    CLIPPING_CREATED = activity.Verb("clipping.created", _("Registró el recorte"))

    @activity.service
    def clipping_create(*, ..., by) -> Clipping:
        clipping = Clipping.objects.create(...)
        activity.record(actor=by, verb=CLIPPING_CREATED, target=clipping, recipients=[...])
        return clipping

- `record()` refuses to run outside a transaction: the entry and the change commit or roll back together.
- Where the change came from (`ActivitySource`) is taken from a context variable: `ActivitySourceMiddleware`
  sets «web» for a request, every management command runs as «command» (`install_command_source()`, called
  by `GabineteConfig.ready()`), and a job says `with activity.source(ActivitySource.TASK, "name"):`.
  Outside all of those (a shell, a test) it is «command».
- `@activity.service` is `transaction.atomic` plus `acting_as(by)`: simple-history records the acting user
  for the saves of the service also outside a request (a command, a job), not only in a request where
  `HistoryRequestMiddleware` already does.
- `changes_between(before, after)` with `snapshot(obj, fields)` gives the before/after of an edit.
- `activity_for(obj)` is a record's timeline; `activity_search(...)` the «Quién hizo qué» page.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from . import notifications
from .models import Activity, ActivitySource, Directorate, Role
from .types import AnyUser, StrOrPromise, User

F = TypeVar("F", bound=Callable[..., Any])

#: Text values kept in `changes` are cut here (a press release's body does not belong in the log).
MAX_VALUE_CHARS = 300


@dataclass(frozen=True)
class Verb:
    """What was done: a stable machine code (`<thing>.<past participle>`) and the Spanish text shown."""

    code: str
    label: StrOrPromise


# --- where a change came from ---------------------------------------------------------------------

_source: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar("activity_source", default=None)


@contextmanager
def source(kind: str, detail: str = "") -> Iterator[None]:
    """Everything recorded inside comes from `kind` (an `ActivitySource`), e.g. a job:
    `with activity.source(ActivitySource.TASK, "fetch_media"): ...`."""
    token = _source.set((ActivitySource(kind).value, detail[:200]))
    try:
        yield
    finally:
        _source.reset(token)


def current_source() -> tuple[str, str]:
    """(source, detail) for an entry recorded now."""
    return _source.get() or (ActivitySource.COMMAND.value, "")


class ActivitySourceMiddleware:
    """Every entry recorded while a request is served comes from the web (with the method and path)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with source(ActivitySource.WEB, f"{request.method} {request.path}"):
            return self.get_response(request)


# --- the acting user of simple-history outside requests -------------------------------------------


@dataclass(frozen=True)
class _ActingRequest:
    """What simple-history reads from `HistoricalRecords.context.request`: only `.user`."""

    user: Any


@contextmanager
def acting_as(user: AnyUser | None) -> Iterator[None]:
    """Saves inside record `user` as their history_user, also with no request (a command, a job).
    Inside a request the middleware's request stays: its user is the same person."""
    context = HistoricalRecords.context
    if user is None or not getattr(user, "is_authenticated", False) or getattr(context, "request", None) is not None:
        yield
        return
    context.request = _ActingRequest(user)
    try:
        yield
    finally:
        del context.request


#: The attribute simple-history reads for the acting user of an instance's next save or delete.
_HISTORY_USER = "_history_user"


def set_history_user(instance: models.Model, user: User) -> None:
    """`user` is the history user of `instance`'s next save or delete (simple-history's `_history_user`),
    for a change made outside `service`'s `acting_as` or by someone other than its `by`."""
    setattr(instance, _HISTORY_USER, user)


def service(func: F) -> F:
    """A service: one transaction, and the keyword `by` is simple-history's acting user inside it."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with transaction.atomic(), acting_as(kwargs.get("by")):
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


# --- before and after ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (Decimal, date, datetime)):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    if isinstance(value, models.Model):
        return str(value)[:MAX_VALUE_CHARS]
    if isinstance(value, (list, tuple, set)):
        return [_plain(item) for item in value]
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` now, as JSON-ready text (a related record by its name)."""
    result = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_one or field.one_to_one:
            value = getattr(obj, name)
        else:
            value = cast(models.Field, field).value_from_object(obj)
        result[name] = _plain(value)
    return result


def snapshot_text(text: str) -> str:
    """A computed text kept as `snapshot` keeps a field's value (cut to the log's length)."""
    return cast(str, _plain(text))


def changes_between(
    before: dict[str, Any],
    after: dict[str, Any],
    model: type[models.Model] | None = None,
    labels: dict[str, StrOrPromise] | None = None,
) -> dict:
    """`{field: {"label", "before", "after"}}` for the fields whose value differs (`labels` names the
    computed keys that are no field)."""
    changed = {}
    for name, old in before.items():
        new = after.get(name)
        if old != new:
            label = str((labels or {}).get(name, name))
            if model is not None and name not in (labels or {}):
                try:
                    label = str(cast(models.Field, model._meta.get_field(name)).verbose_name)
                except Exception:  # noqa: BLE001 — a computed key has no field: keep its name
                    label = name
            changed[name] = {"label": label, "before": old, "after": new}
    return changed


# --- who should hear about it ---------------------------------------------------------------------


def directorate_people(directorate: Directorate | None, roles: Iterable[str] = (Role.DIRECTOR, Role.LIAISON)) -> list:
    """The active people of a directorate with one of `roles` (its director and liaisons by default):
    the usual audience of a change that concerns the directorate."""
    if directorate is None:
        return []
    return list(
        User.objects.filter(
            is_active=True, memberships__directorate=directorate, memberships__role__in=list(roles)
        ).distinct()
    )


def gabinete_people(team: str | None = None) -> list:
    """Gabinete's active staff (one area only when `team` is given): the audience of a directorate's
    request to Gabinete."""
    people = User.objects.filter(is_active=True, memberships__role=Role.GABINETE)
    if team is not None:
        people = people.filter(memberships__team=team)
    return list(people.distinct())


# --- recording -------------------------------------------------------------------------------------


def record(
    *,
    actor: AnyUser | None,
    verb: Verb,
    target: models.Model | None,
    directorate: Directorate | None = None,
    changes: dict | None = None,
    recipients: Iterable = (),
    source: str | None = None,
    app: str | None = None,
) -> Activity:
    """Write one entry about a change, in the transaction that makes the change.

    `directorate` defaults to the target's own (`target.directorate_id`); `app` to the target's app;
    `recipients` are the people who should hear about it (the actor never needs to): each gets a
    notification, delivered as they chose (`gabinete.notifications`); `source` to the
    context's (`current_source()`)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("activity.record() must run inside the transaction of the service that makes the change.")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    kind, detail = (ActivitySource(source).value, "") if source else current_source()
    entry = Activity(
        actor=cast("User | None", actor),  # signed in (checked above), or nobody
        verb=verb.code,
        verb_label=str(verb.label),
        changes=changes or {},
        source=kind,
        source_detail=detail,
    )
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target)
        entry.object_id = str(target.pk)
        entry.target_label = str(target)[:300]
        entry.app = app or target._meta.app_label
    else:
        entry.app = app or verb.code.split(".", 1)[0]
    if directorate is not None:
        entry.directorate = directorate
    elif target is not None and hasattr(target, "directorate_id"):
        entry.directorate_id = target.directorate_id
    entry.save()
    notifications.for_activity(entry, recipients, target)
    return entry


# --- reading ---------------------------------------------------------------------------------------

#: The apps an entry may belong to, by the label it is stored with, and the name people know them by.
APP_CHOICES = [
    ("", gettext_lazy("Todos")),
    ("protocol", gettext_lazy("Agenda y protocolo")),
    ("communications", gettext_lazy("Comunicaciones")),
    ("archive", gettext_lazy("Archivo de prensa")),
    ("indicators", gettext_lazy("Indicadores")),
    ("transparency", gettext_lazy("Transparencia")),
    ("office", gettext_lazy("Despacho")),
    ("dataprotection", gettext_lazy("Datos personales")),
    ("gabinete", gettext_lazy("Organización municipal")),
]
APP_NAMES = dict(APP_CHOICES)

# --- reading (queries) ---------------------------------------------------------------------------------------

#: How many entries a record's timeline shows.
TIMELINE_LIMIT = 50


def activity_for(obj: models.Model, *, limit: int = TIMELINE_LIMIT) -> list[Activity]:
    """A record's timeline, newest first (two queries at most, whatever its length)."""
    entries = Activity.objects.for_object(obj).changes_only().with_people()
    return list(entries.order_by("-created_at", "-pk")[:limit])


def activity_search(
    *,
    actor: User | None = None,
    directorate: Directorate | None = None,
    app: str = "",
    start: date | None = None,
    end: date | None = None,
    personal_data: bool = False,
) -> QuerySet[Activity]:
    """The «Quién hizo qué» list: every entry, filtered, newest first; with `personal_data`, the other
    part of the log instead: who took personal data out (the superuser's page)."""
    entries = Activity.objects.personal_data_taken() if personal_data else Activity.objects.changes_only()
    entries = entries.with_people().order_by("-created_at", "-pk")
    if actor is not None:
        entries = entries.filter(actor=actor)
    if directorate is not None:
        entries = entries.filter(directorate=directorate)
    if app:
        entries = entries.filter(app=app)
    if start is not None:
        entries = entries.filter(created_at__gte=timezone.make_aware(datetime.combine(start, time.min)))
    if end is not None:
        entries = entries.filter(
            created_at__lt=timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
        )
    return entries
