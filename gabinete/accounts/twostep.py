"""The pieces of the second step that change nothing: what a session still owes, secrets, codes and
the QR code an authenticator app reads.

A session signed in with the password alone owes its second step when the person has an
authenticator app set up (VERIFY: type a code) or when the second step is required of them and they
have none yet (ENROL: set one up first). What it owes is decided when the password is accepted
(gabinete.accounts.signals) and kept in the session, so that the pages of a signed-in person cost no
extra query; TwoStepMiddleware sends the session to the matching page until it has been verified.
"""

from __future__ import annotations

import base64
import secrets
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gabinete.types import AnyUser

from .permissions import two_step_required

#: The session key holding what the session still owes (one of the two values below).
STATE_KEY = "accounts_two_step"
VERIFY = "verify"
ENROL = "enrol"
#: The secret of an authenticator app being set up, until its first code is confirmed.
PENDING_KEY = "accounts_pending_totp"
#: Recovery codes just made: shown once on their page, then gone.
NEW_CODES_KEY = "accounts_new_codes"
#: Wrong codes typed in this session (after TWO_FACTOR_MAX_ATTEMPTS the session is closed).
FAILURES_KEY = "accounts_code_failures"

#: How many single-use recovery codes a person gets.
RECOVERY_CODES = 10
#: The name of the devices as the authenticator app and the admin show them.
APP_DEVICE_NAME = "Aplicación de autenticación"
RECOVERY_DEVICE_NAME = "Códigos de recuperación"
ISSUER = "Gabinete Antofagasta"


def has_two_step(user: AnyUser) -> bool:
    """Whether the person has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def step_owed(user: AnyUser) -> str | None:
    """What a session signed in with the password still owes: VERIFY, ENROL or nothing."""
    if has_two_step(user):
        return VERIFY
    if two_step_required(user):
        return ENROL
    return None


def owed_by(session: SessionBase) -> str | None:
    return session.get(STATE_KEY)


def new_secret() -> str:
    """A new TOTP secret, hex (as django-otp stores it): 20 random bytes, as RFC 4226 recommends."""
    return secrets.token_hex(20)


def secret_base32(hex_key: str) -> str:
    """The secret as the authenticator apps ask for it when typed by hand (base32, in groups of four)."""
    text = base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(hex_key: str, username: str) -> str:
    """The otpauth:// address the QR code carries (the app shows «Gabinete Antofagasta: username»)."""
    secret = base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    label = quote(f"{ISSUER}:{username}")
    query = urlencode({"secret": secret, "issuer": ISSUER, "algorithm": "SHA1", "digits": 6, "period": 30})
    return f"otpauth://totp/{label}?{query}"


def qr_svg(uri: str) -> str:
    """The QR code of `uri` as inline SVG markup (no script, no external file: the CSP allows it)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff", omitsize=False)


def totp_match(hex_key: str, code: str) -> int | None:
    """The time step a code belongs to when it is right for this secret now (one step of drift either
    way: a phone's clock a little off), else None."""
    code = normalise_code(code)
    if not code.isdigit() or len(code) != 6:
        return None
    totp = TOTP(bytes.fromhex(hex_key), step=30, t0=0, digits=6, drift=0)
    for drift in (0, -1, 1):
        totp.drift = drift
        if totp.token() == int(code):
            return totp.t()
    return None


def normalise_code(code: str) -> str:
    """A code as typed: spaces and dashes dropped (apps show «123 456»), letters lower-case."""
    return "".join(code.split()).replace("-", "").lower()


def new_recovery_codes() -> list[str]:
    return [StaticToken.random_token() for _ in range(RECOVERY_CODES)]


def recovery_codes_left(user: AnyUser) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk, device__name=RECOVERY_DEVICE_NAME).count()


def recovery_device(user: AnyUser) -> StaticDevice | None:
    return StaticDevice.objects.filter(user_id=user.pk, name=RECOVERY_DEVICE_NAME).first()


def max_attempts() -> int:
    """Wrong codes one session may type before it is closed (django-axes counts them too)."""
    return getattr(settings, "TWO_FACTOR_MAX_ATTEMPTS", getattr(settings, "AXES_FAILURE_LIMIT", 5))
