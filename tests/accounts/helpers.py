"""What the accounts tests share: signing in through the real form and computing an app's code."""

from __future__ import annotations

import re

from django.urls import reverse
from django_otp.oath import TOTP

from gabinete.accounts import twostep
from tests.gabinete.factories import PASSWORD

#: The production list (gabinete/settings.py); the suite runs with none required (settings_test.py).
PRODUCTION_REQUIRED_ROLES = ["superuser", "gabinete", "juridica", "administrador"]


def code_for(hex_key: str) -> str:
    """The code an authenticator app shows now for this secret (what the person types)."""
    return f"{TOTP(bytes.fromhex(hex_key), step=30, t0=0, digits=6).token():06d}"


def secret_on_page(html: str) -> str:
    """The secret the enrolment page shows beside the QR code, back to hex as django-otp keeps it."""
    import base64

    shown = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    return base64.b32decode(shown + "=" * (-len(shown) % 8)).hex()


def sign_in(client, user, password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": user.username, "password": password}, **extra)


def enrol(client) -> tuple[str, list[str]]:
    """Set up an app from the enrolment page, as a person does; returns the secret and recovery codes."""
    page = client.get(reverse("accounts:two-step-enrol"))
    assert page.status_code == 200
    secret = secret_on_page(page.content.decode())
    response = client.post(reverse("accounts:two-step-enrol"), {"code": code_for(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    codes = client.session[twostep.NEW_CODES_KEY]
    return secret, codes
