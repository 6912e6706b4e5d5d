"""What the accounts pages show: a person's open sessions and the state of their second step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gabinete.types import User

from . import twostep
from .models import UserSession
from .permissions import two_step_required


@dataclass(frozen=True)
class OpenSession:
    """One row of «Mis sesiones»."""

    row: UserSession
    last_used: datetime | None
    current: bool

    @property
    def pk(self) -> int:
        return self.row.pk


def _expiry_dates(keys: list[str]) -> dict[str, datetime]:
    """The expiry of each session still alive in the store (one query with the database store)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    now = timezone.now()
    if issubclass(store, DatabaseSessionStore):
        model = store.get_model_class()
        return dict(
            model.objects.filter(session_key__in=keys, expire_date__gt=now).values_list("session_key", "expire_date")
        )
    found = {}
    for key in keys:
        session = store(session_key=key)
        if session.exists(key):
            session.load()
            found[key] = session.get_expiry_date()
    return found


def sessions_open(user: User, *, current_key: str | None = None) -> list[OpenSession]:
    """The person's sessions still open, the one in use first, then by last use. The last use is the
    session's expiry minus the idle time: IdleSessionMiddleware moves the expiry at most once a
    minute while the session is used, so it is exact to the minute and costs no write of its own.
    Rows of sessions the store no longer holds (expired, closed) are dropped on the way."""
    rows = list(UserSession.objects.filter(user=user))
    expiries = _expiry_dates([row.session_key for row in rows])
    gone = [row.pk for row in rows if row.session_key not in expiries]
    if gone:
        UserSession.objects.filter(pk__in=gone).delete()
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    sessions = [
        OpenSession(row=row, last_used=expiries[row.session_key] - idle, current=row.session_key == current_key)
        for row in rows
        if row.session_key in expiries
    ]
    oldest = datetime.min.replace(tzinfo=timezone.get_current_timezone())
    return sorted(sessions, key=lambda s: (not s.current, -(s.last_used or oldest).timestamp()))


@dataclass(frozen=True)
class TwoStepStatus:
    """The second step of one person, as their account page and a superuser's page show it."""

    enabled: bool
    required: bool
    since: datetime | None
    recovery_codes_left: int


def two_step_status(user: User) -> TwoStepStatus:
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("-created_at").first()
    return TwoStepStatus(
        enabled=device is not None,
        required=two_step_required(user),
        since=device.created_at if device is not None else None,
        recovery_codes_left=twostep.recovery_codes_left(user) if device is not None else 0,
    )


def people_search(text: str) -> QuerySet:
    """Accounts whose username, name or e-mail contains `text` (the superusers' «Cuentas» page)."""
    people = get_user_model().objects.order_by("last_name", "first_name", "username")
    text = text.strip()
    if text:
        people = people.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(email__icontains=text)
        )
    return people
