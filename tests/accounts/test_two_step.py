"""The second step of signing in (issue 20 point 2): required of superusers, Gabinete, Jurídica and the
Administrador Municipal, optional for the rest; set up with a QR code, verified with the app's code or a
single-use recovery code; a superuser may reset it. Codes are computed by the test from the secret the
page shows, at a clock the test moves (a code may not be used twice, nor within django-otp's throttle)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gabinete import settings as production_settings
from gabinete.accounts import twostep
from gabinete.accounts.permissions import two_step_required
from gabinete.models import Activity
from tests.accounts.helpers import PRODUCTION_REQUIRED_ROLES, code_for, enrol, sign_in
from tests.gabinete.factories import make_user

pytestmark = pytest.mark.django_db

HOME = "/"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = PRODUCTION_REQUIRED_ROLES
    return settings


def _sign_out(client):
    client.post(reverse("logout"))


def test_production_requires_the_second_step_of_superusers_gabinete_juridica_and_the_administrador():
    assert set(production_settings.TWO_FACTOR_REQUIRED_ROLES) == {"superuser", "gabinete", "juridica", "administrador"}


def test_required_roles_follow_the_setting(required, directorates):
    assert two_step_required(make_user("gabinete", "gabinete-de-alcaldia"))
    assert two_step_required(make_user("juridica", "asesoria-juridica"))
    assert two_step_required(make_user("administrador", "administracion-municipal"))
    assert two_step_required(make_user(is_superuser=True))
    assert not two_step_required(make_user("enlace", "aseo"))
    assert not two_step_required(make_user("director", "aseo"))
    required.TWO_FACTOR_REQUIRED_ROLES = []
    assert not two_step_required(make_user("gabinete", "gabinete-de-alcaldia"))


def test_a_required_role_must_set_up_the_app_before_reaching_any_page(client, required, directorates, clock):
    person = make_user("gabinete", "gabinete-de-alcaldia")
    assert sign_in(client, person).status_code == 302
    for path in (HOME, reverse("protocol:index"), reverse("accounts:sessions"), "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("accounts:two-step-enrol")), path
    # Public pages stay public.
    assert client.get(reverse("gabinete:privacy-inventory")).status_code == 200

    page = client.get(reverse("accounts:two-step-enrol"))
    html = page.content.decode()
    assert "<svg" in html and 'id="totp-secret"' in html
    assert 'class="navbar-nav' not in html  # the sign-in layout: no menus to pages that are closed

    secret, codes = enrol(client)
    assert len(codes) == twostep.RECOVERY_CODES and len(set(codes)) == twostep.RECOVERY_CODES
    device = TOTPDevice.objects.get(user=person)
    assert device.confirmed and device.key == secret
    shown = client.get(reverse("accounts:recovery-codes")).content.decode()
    assert all(code in shown for code in codes)
    # Shown once.
    assert not any(code in client.get(reverse("accounts:recovery-codes")).content.decode() for code in codes)
    assert client.get(HOME).status_code == 200
    assert Activity.objects.filter(verb="account.two_step_enrolled", object_id=str(person.pk)).exists()


def test_a_wrong_code_does_not_set_up_the_app(client, required, directorates):
    person = make_user("juridica", "asesoria-juridica")
    sign_in(client, person)
    client.get(reverse("accounts:two-step-enrol"))
    secret = client.session[twostep.PENDING_KEY]
    wrong = f"{(int(code_for(secret)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two-step-enrol"), {"code": wrong})
    assert response.status_code == 200
    assert "El código no es correcto" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert client.get(HOME).status_code == 302


def test_signing_in_again_asks_the_code_and_refuses_a_wrong_one(client, required, directorates, clock):
    person = make_user("administrador", "administracion-municipal")
    sign_in(client, person)
    secret, _codes = enrol(client)
    _sign_out(client)

    clock.shift(timedelta(seconds=31))  # the confirming code may not be used again
    response = sign_in(client, person)
    assert response.status_code == 302
    agenda = reverse("protocol:index")
    response = client.get(agenda)
    assert response.status_code == 302
    verify = response["Location"]
    assert verify.startswith(reverse("accounts:two-step-verify"))

    wrong = f"{(int(code_for(secret)) + 1) % 1_000_000:06d}"
    response = client.post(verify, {"code": wrong, "next": agenda})
    assert response.status_code == 200
    assert "El código no es correcto" in response.content.decode()
    assert client.get(HOME).status_code == 302

    clock.shift(timedelta(seconds=31))  # past django-otp's throttle after a wrong code
    response = client.post(verify, {"code": code_for(secret), "next": agenda})
    assert response.status_code == 302 and response["Location"] == agenda
    assert client.get(agenda).status_code == 200


@pytest.mark.parametrize(
    "next_", ['"><img src=x onerror=alert(1)>', "0000-00-00", "https://otro.example/", "//otro.example/"]
)
def test_after_the_code_a_next_that_is_not_a_page_of_the_intranet_leads_to_mi_escritorio(
    client, required, directorates, clock, next_
):
    person = make_user("administrador", "administracion-municipal")
    sign_in(client, person)
    secret, _codes = enrol(client)
    _sign_out(client)
    clock.shift(timedelta(seconds=31))
    sign_in(client, person)
    response = client.post(reverse("accounts:two-step-verify"), {"code": code_for(secret), "next": next_})
    assert response.status_code == 302 and response["Location"] == HOME


def test_a_person_with_a_pending_code_cannot_replace_the_app_without_it(client, required, directorates, clock):
    person = make_user("gabinete", "gabinete-de-alcaldia")
    sign_in(client, person)
    enrol(client)
    _sign_out(client)
    sign_in(client, person)
    response = client.get(reverse("accounts:two-step-enrol"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two-step-verify"))
    assert client.post(reverse("accounts:two-step-enrol"), {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=person).count() == 1


def test_a_recovery_code_signs_in_once(client, required, directorates, clock):
    person = make_user("gabinete", "gabinete-de-alcaldia")
    sign_in(client, person)
    _secret, codes = enrol(client)
    _sign_out(client)

    sign_in(client, person)
    response = client.post(reverse("accounts:two-step-verify"), {"code": codes[0]})
    assert response.status_code == 302 and response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert StaticToken.objects.filter(device__user=person).count() == twostep.RECOVERY_CODES - 1
    assert Activity.objects.filter(verb="account.recovery_code_used", object_id=str(person.pk)).exists()
    _sign_out(client)

    clock.shift(timedelta(seconds=2))
    sign_in(client, person)
    response = client.post(reverse("accounts:two-step-verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert client.get(HOME).status_code == 302


def test_too_many_wrong_codes_close_the_session_and_count_for_the_lockout(client, required, directorates, clock):
    person = make_user("gabinete", "gabinete-de-alcaldia")
    sign_in(client, person)
    enrol(client)
    _sign_out(client)
    sign_in(client, person)
    for _attempt in range(twostep.max_attempts()):
        clock.shift(timedelta(seconds=70))
        client.post(reverse("accounts:two-step-verify"), {"code": "000000"})
    # Signed out, and django-axes locks the person out of the password step too.
    assert client.get(HOME)["Location"].startswith(reverse("login"))
    attempt = AccessAttempt.objects.get(username=person.username)
    assert attempt.failures_since_start >= twostep.max_attempts()
    assert sign_in(client, person).status_code == 429


def test_the_second_step_is_optional_for_a_liaison(client, required, directorates, clock):
    liaison = make_user("enlace", "aseo")
    sign_in(client, liaison)
    assert client.get(HOME).status_code == 200
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Activar el segundo paso" in page and "Desactivar" not in page

    secret, _codes = enrol(client)
    assert client.get(HOME).status_code == 200
    _sign_out(client)
    clock.shift(timedelta(seconds=31))
    sign_in(client, liaison)
    assert client.get(HOME)["Location"].startswith(reverse("accounts:two-step-verify"))
    client.post(reverse("accounts:two-step-verify"), {"code": code_for(secret)})
    assert client.get(HOME).status_code == 200

    # Optional: the liaison may switch it off again; a required role may not.
    client.post(reverse("accounts:two-step-disable"))
    assert not TOTPDevice.objects.filter(user=liaison).exists()
    assert Activity.objects.filter(verb="account.two_step_disabled", object_id=str(liaison.pk)).exists()


def test_a_required_role_cannot_switch_the_second_step_off(client, required, directorates):
    person = make_user("gabinete", "gabinete-de-alcaldia")
    sign_in(client, person)
    enrol(client)
    client.post(reverse("accounts:two-step-disable"))
    assert TOTPDevice.objects.filter(user=person).exists()


def test_a_superuser_resets_a_persons_second_step_and_it_is_logged(client, required, directorates, clock):
    person = make_user("gabinete", "gabinete-de-alcaldia")
    sign_in(client, person)
    enrol(client)

    admin = make_user(is_superuser=True, is_staff=True)
    admin_client = client.__class__()
    sign_in(admin_client, admin)
    enrol(admin_client)  # a superuser works with their own second step given
    response = admin_client.post(reverse("accounts:person-two-step-reset", args=[person.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    entry = Activity.objects.get(verb="account.two_step_reset")
    assert entry.actor == admin and entry.object_id == str(person.pk)
    # The person's sessions were closed: they sign in again and set up a new app.
    assert client.get(HOME)["Location"].startswith(reverse("login"))
    sign_in(client, person)
    assert client.get(HOME)["Location"].startswith(reverse("accounts:two-step-enrol"))


def test_only_a_superuser_may_reset_someone_elses_second_step(client, directorates):
    person = make_user("gabinete", "gabinete-de-alcaldia")
    client.force_login(make_user("gabinete", "gabinete-de-alcaldia"))
    assert client.post(reverse("accounts:person-two-step-reset", args=[person.pk])).status_code == 403
    assert client.get(reverse("accounts:people")).status_code == 403
