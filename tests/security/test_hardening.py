"""Hardening: HTTPS in production, sessions that expire, rate-limited login, no public media, the
trivial health view, and the matrix's own judge (so that a leak cannot pass unnoticed)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.gabinete.factories import PASSWORD
from tests.security.access import (
    ALL_ACTORS,
    ANONYMOUS,
    NO_UNIT,
    OTHER_ENLACE,
    OWN,
    OWN_ENLACE,
    Rule,
    judge,
)
from tests.security.conftest import check_security_headers


def test_plain_http_is_redirected_to_https_in_production(client, db, production_security):
    response = client.get("/cuenta/ingresar/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_production_answers_carry_hsts_and_the_other_security_headers(client, db, production_security):
    response = client.get("/cuenta/ingresar/", secure=True)
    assert check_security_headers(response) == []
    assert "includeSubDomains" in response["Strict-Transport-Security"]


def test_production_settings_module_switches_https_on():
    # settings_test switches these off for the test client; production (DEBUG unset) has them on.
    from gabinete import settings as production

    if production.DEBUG:
        pytest.skip("DEBUG está activo en este entorno")
    assert production.SECURE_SSL_REDIRECT and production.SESSION_COOKIE_SECURE
    assert production.CSRF_COOKIE_SECURE and production.SECURE_HSTS_SECONDS >= 31536000


def _session_for(client) -> Session:
    return Session.objects.get(pk=client.cookies[django_settings.SESSION_COOKIE_NAME].value)


@pytest.mark.date_sensitive
def test_a_session_expires_after_the_idle_time(client, user_factory):
    user = user_factory("enlace", "aseo")
    client.force_login(user)
    assert client.get(reverse("gabinete:home")).status_code == 200
    idle = timedelta(seconds=django_settings.SESSION_COOKIE_AGE)
    assert idle <= timedelta(hours=2)
    later = timezone.now() + idle + timedelta(minutes=1)
    with mock.patch("django.contrib.sessions.backends.db.timezone.now", return_value=later):
        response = client.get(reverse("gabinete:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.date_sensitive
def test_activity_keeps_the_session_alive(client, user_factory):
    user = user_factory("enlace", "aseo")
    client.force_login(user)
    first_expiry = _session_for(client).expire_date
    idle = timedelta(seconds=django_settings.SESSION_COOKIE_AGE)
    almost = timezone.now() + idle - timedelta(minutes=5)
    with (
        mock.patch("django.contrib.sessions.backends.db.timezone.now", return_value=almost),
        mock.patch("django.contrib.sessions.backends.base.timezone.now", return_value=almost),
    ):
        assert client.get(reverse("gabinete:home")).status_code == 200
    assert _session_for(client).expire_date > first_expiry + timedelta(minutes=30)


@pytest.mark.date_sensitive
def test_a_session_in_use_is_written_at_most_once_a_minute(client, user_factory):
    """The idle clock moves without a database write on every page: within a minute of the last
    refresh nothing is written; after it, the expiry moves forward."""
    client.force_login(user_factory("enlace", "aseo"))
    client.get(reverse("gabinete:home"))
    expiry = _session_for(client).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("gabinete:home")).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")]
    later = timezone.now() + timedelta(minutes=2)
    with (
        mock.patch("django.contrib.sessions.backends.db.timezone.now", return_value=later),
        mock.patch("django.contrib.sessions.backends.base.timezone.now", return_value=later),
    ):
        assert client.get(reverse("gabinete:home")).status_code == 200
    assert _session_for(client).expire_date >= expiry + timedelta(minutes=2)


def test_a_lockout_does_not_block_the_same_user_from_another_address(client, user_factory, settings):
    user_factory("enlace", "aseo", username="camila")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "camila", "password": "mala"}, REMOTE_ADDR="10.9.0.1")
    assert (
        client.post(reverse("login"), {"username": "camila", "password": PASSWORD}, REMOTE_ADDR="10.9.0.1").status_code
        == 429
    )
    # Her own office computer still works: the lockout is per user and address, so an attacker
    # cannot lock a person out of the intranet from outside.
    response = client.post(reverse("login"), {"username": "camila", "password": PASSWORD}, REMOTE_ADDR="10.9.0.2")
    assert response.status_code == 302


def test_guessing_passwords_of_many_users_from_one_address_is_locked_per_user(client, user_factory, settings):
    for name in ("ana", "berta"):
        user_factory("enlace", "aseo", username=name)
    for name in ("ana", "berta"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("login"), {"username": name, "password": "mala"}, REMOTE_ADDR="10.9.0.3")
        response = client.post(reverse("login"), {"username": name, "password": PASSWORD}, REMOTE_ADDR="10.9.0.3")
        assert response.status_code == 429


@pytest.mark.date_sensitive
def test_the_lockout_ends_after_the_cool_off(client, user_factory, settings):
    user_factory("enlace", "aseo", username="camila")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "camila", "password": "mala"}, REMOTE_ADDR="10.9.0.4")
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    response = client.post(reverse("login"), {"username": "camila", "password": PASSWORD}, REMOTE_ADDR="10.9.0.4")
    assert response.status_code == 302


def test_uploaded_files_are_not_served_from_media_url(client, user_factory, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "secreto.pdf").write_bytes(b"%PDF-1.7 confidencial")
    url = settings.MEDIA_URL + "secreto.pdf"
    assert client.get(url).status_code in (302, 404)
    client.force_login(user_factory("gabinete", "gabinete-de-alcaldia"))
    response = client.get(url)
    assert response.status_code == 404
    assert b"confidencial" not in response.content


def test_protected_downloads_carry_content_disposition_and_nosniff(db, tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from gabinete.uploads import protected_file_response

    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("x/informe.pdf", ContentFile(b"%PDF-1.7 hola"))
    response = protected_file_response(default_storage.open(name), "informe.pdf")
    assert "attachment" in response["Content-Disposition"]
    assert "informe.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_trivial_view_answers_ok_without_touching_the_database(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("gabinete:ping"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert len(queries) == 0
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


# --- the matrix's judge -------------------------------------------------------------------------


class _Response(dict):
    def __init__(self, status, location=None):
        super().__init__({"Location": location} if location else {})
        self.status_code = status


def test_the_judge_flags_a_page_readable_by_another_directorate():
    rule = Rule("x", get=OWN)
    assert judge(rule, OTHER_ENLACE, "GET", _Response(200))
    assert judge(rule, OTHER_ENLACE, "GET", _Response(404)) is None
    assert judge(rule, OWN_ENLACE, "GET", _Response(200)) is None
    assert judge(rule, OWN_ENLACE, "GET", _Response(403))


def test_the_judge_wants_anonymous_sent_to_the_login():
    rule = Rule("x", get=OWN)
    assert judge(rule, ANONYMOUS, "GET", _Response(302, "/cuenta/ingresar/?next=/x/")) is None
    assert judge(rule, ANONYMOUS, "GET", _Response(200))
    assert judge(rule, ANONYMOUS, "GET", _Response(302, "/otra/"))


def test_the_judge_flags_a_form_another_directorate_can_post():
    rule = Rule("x", get=OWN, post=OWN)
    assert judge(rule, OTHER_ENLACE, "POST", _Response(302, "/hecho/"))
    assert judge(rule, NO_UNIT, "POST", _Response(403)) is None
    assert judge(rule, OWN_ENLACE, "POST", _Response(405))


def test_the_judge_flags_server_errors_even_for_public_pages():
    assert judge(Rule("x", get=ALL_ACTORS), ANONYMOUS, "GET", _Response(500))


@pytest.mark.parametrize("page", ["public", "staff"])
def test_the_content_security_policy_allows_only_the_sites_own_scripts(client, user_factory, page):
    """django-csp's own middleware sends the policy from the settings on a public and a staff page."""
    assert "csp.middleware.CSPMiddleware" in django_settings.MIDDLEWARE
    if page == "staff":
        client.force_login(user_factory("enlace", "aseo"))
        response = client.get(reverse("gabinete:home"))
    else:
        response = client.get(reverse("transparency_public:index"))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    script_src = policy.split("script-src")[1].split(";")[0]
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src
