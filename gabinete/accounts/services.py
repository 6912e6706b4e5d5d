"""The changes to a person's sign-in: setting up, using, renewing and resetting the second step, and
closing sessions. Each records its entry in the activity log (under «Organización municipal»)."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gabinete import activity
from gabinete.types import User

from . import twostep
from .models import UserSession

TWO_STEP_ENROLLED = activity.Verb("account.two_step_enrolled", _("Activó el segundo paso de ingreso"))
TWO_STEP_DISABLED = activity.Verb("account.two_step_disabled", _("Desactivó el segundo paso de ingreso"))
TWO_STEP_RESET = activity.Verb("account.two_step_reset", _("Restableció el segundo paso de ingreso"))
RECOVERY_CODES_RENEWED = activity.Verb("account.recovery_codes_renewed", _("Generó nuevos códigos de recuperación"))
RECOVERY_CODE_USED = activity.Verb("account.recovery_code_used", _("Ingresó con un código de recuperación"))
SESSIONS_CLOSED = activity.Verb("account.sessions_closed", _("Cerró sesiones abiertas"))
PASSWORD_CHANGED = activity.Verb("account.password_changed", _("Cambió su contraseña"))

#: The log shows these entries under «Organización municipal» (the accounts are the core's).
LOG_APP = "gabinete"


def _store() -> type[SessionBase]:
    return import_module(settings.SESSION_ENGINE).SessionStore


def _delete_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _make_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=twostep.RECOVERY_DEVICE_NAME, confirmed=True)
    codes = twostep.new_recovery_codes()
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# --- the second step ------------------------------------------------------------------------------


@activity.service
def two_step_enrol(*, user: User, secret: str, time_step: int, by: User) -> tuple[TOTPDevice, list[str]]:
    """The person has set up an authenticator app (they typed its first code, which belongs to
    `time_step`): from now on signing in asks for a code. Any earlier app and recovery codes stop
    working (a new phone replaces the old one). Returns the device and the new recovery codes, which
    are shown once."""
    _delete_devices(user)
    # last_t: the code just typed to confirm cannot be used again to sign in.
    device = TOTPDevice.objects.create(
        user=user, name=twostep.APP_DEVICE_NAME, key=secret, confirmed=True, last_t=time_step
    )
    codes = _make_recovery_codes(user)
    activity.record(actor=by, verb=TWO_STEP_ENROLLED, target=user, app=LOG_APP)
    return device, codes


@activity.service
def two_step_verify(*, user: User, code: str, by: User) -> Device | None:
    """Check a code typed at sign-in: the authenticator app's, or one of the recovery codes (used up
    on the spot, and noted in the log so that the person can tell if it was not them). Returns the
    device that accepted it, or None. Wrong codes are throttled by django-otp (each one doubles the
    wait before the next) besides the session's own limit (gabinete.accounts.views)."""
    code = twostep.normalise_code(code)
    if not code:
        return None
    if code.isdigit() and len(code) == 6:
        for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
        return None
    for static in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if static.verify_token(code):
            left = StaticToken.objects.filter(device=static).count()
            activity.record(actor=by, verb=RECOVERY_CODE_USED, target=user, app=LOG_APP, changes={"codes_left": left})
            return static
    return None


@activity.service
def recovery_codes_renew(*, user: User, by: User) -> list[str]:
    """New single-use recovery codes (the earlier ones stop working): for a person who used some or
    fears someone saw them."""
    codes = _make_recovery_codes(user)
    activity.record(actor=by, verb=RECOVERY_CODES_RENEWED, target=user, app=LOG_APP)
    return codes


@activity.service
def two_step_disable(*, user: User, by: User) -> None:
    """The person switches their second step off (only where it is optional: the view checks
    gabinete.accounts.permissions.can_disable_two_step)."""
    _delete_devices(user)
    activity.record(actor=by, verb=TWO_STEP_DISABLED, target=user, app=LOG_APP)


@activity.service
def two_step_reset(*, person: User, by: User) -> int:
    """A superuser removes a person's authenticator app and recovery codes (a lost or changed phone):
    at the next sign-in they set up a new one if it is required of them. All of their sessions are
    closed too, because whoever holds the lost phone may hold a session. Returns the sessions closed."""
    _delete_devices(person)
    closed = _close(_sessions_of(person))
    activity.record(actor=by, verb=TWO_STEP_RESET, target=person, app=LOG_APP, changes={"sessions_closed": closed})
    return closed


# --- sessions ---------------------------------------------------------------------------------------


def session_register(*, user: User, session_key: str, device: str, ip_address: str | None) -> UserSession:
    """Note a session just signed in (bookkeeping of the sign-in, not a change anyone makes)."""
    row, _created = UserSession.objects.update_or_create(
        session_key=session_key, defaults={"user": user, "device": device[:200], "ip_address": ip_address or None}
    )
    return row


def session_forget(*, session_key: str | None) -> None:
    """The session signed out: its row goes (bookkeeping, not a change anyone makes)."""
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def _sessions_of(user: User) -> list[str]:
    """The keys of every session of `user` in the store: the noted ones and, with the database store,
    any opened before sessions were noted (so that «close all» leaves none behind)."""
    keys = set(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    store = _store()
    if issubclass(store, DatabaseSessionStore):
        model = store.get_model_class()
        for session in model.objects.filter(expire_date__gt=timezone.now()).exclude(session_key__in=keys).iterator():
            if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
                keys.add(session.session_key)
    return sorted(keys)


def _close(keys: list[str]) -> int:
    """Delete these sessions from the store (the browsers holding them are signed out at once)."""
    store = _store()
    closed = 0
    for key in keys:
        session = store(session_key=key)
        if session.exists(key):
            closed += 1
        session.delete(key)
    UserSession.objects.filter(session_key__in=keys).delete()
    return closed


@activity.service
def session_close(*, user_session: UserSession, by: User) -> None:
    """Close one session (a computer the person no longer uses)."""
    _close([user_session.session_key])
    activity.record(
        actor=by,
        verb=SESSIONS_CLOSED,
        target=user_session.user,
        app=LOG_APP,
        changes={"sessions_closed": 1, "device": user_session.device},
    )


@activity.service
def sessions_close_others(*, user: User, keep_session_key: str | None, by: User) -> int:
    """Close every session of the person but the one they are using. Returns how many."""
    closed = _close([key for key in _sessions_of(user) if key != keep_session_key])
    activity.record(actor=by, verb=SESSIONS_CLOSED, target=user, app=LOG_APP, changes={"sessions_closed": closed})
    return closed


@activity.service
def sessions_close_all(*, person: User, by: User) -> int:
    """A superuser closes every session of a person (a stolen laptop, a person leaving the
    municipality). Returns how many."""
    closed = _close(_sessions_of(person))
    activity.record(actor=by, verb=SESSIONS_CLOSED, target=person, app=LOG_APP, changes={"sessions_closed": closed})
    return closed


@activity.service
def password_change(*, form: PasswordChangeForm, session: SessionBase, by: User) -> User:
    """The person changes their password: every other session of theirs is closed (deleted from the
    store, not merely refused at its next request), and this one continues under a new key (as
    django.contrib.auth.update_session_auth_hash does)."""
    user = form.save()
    old_key = session.session_key
    session.cycle_key()
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if old_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=session.session_key)
    closed = _close([key for key in _sessions_of(user) if key != session.session_key])
    activity.record(actor=by, verb=PASSWORD_CHANGED, target=user, app=LOG_APP, changes={"sessions_closed": closed})
    return user
