"""«Mis sesiones» (issue 20 point 3): a person sees where they are signed in and closes the other
sessions; a superuser closes all of someone's sessions; a password change closes the others. Closing
deletes the session from the store, so the browser holding it is signed out at its next request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gabinete.accounts import selectors
from gabinete.accounts.models import UserSession
from gabinete.models import Activity
from tests.accounts.helpers import sign_in
from tests.gabinete.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
HOME = "/"


@pytest.fixture
def person(directorates):
    return make_user("enlace", "aseo")


@pytest.fixture
def desk(person):
    client = Client(HTTP_USER_AGENT=FIREFOX_WINDOWS)
    sign_in(client, person)
    return client


@pytest.fixture
def phone(person):
    client = Client(HTTP_USER_AGENT=CHROME_ANDROID, REMOTE_ADDR="10.1.2.3")
    sign_in(client, person)
    return client


def _signed_out(client) -> bool:
    response = client.get(HOME)
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_sessions_page_lists_each_device_with_its_address_and_marks_this_one(desk, phone):
    page = desk.get(reverse("accounts:sessions")).content.decode()
    assert "Firefox 128 en Windows 10" in page
    assert "Chrome Mobile 126 en Android 14" in page
    assert "10.1.2.3" in page
    assert page.count("Esta sesión") == 1
    assert "Cerrar las demás sesiones" in page


def test_last_use_follows_the_sessions_use(person, desk, phone, clock):
    clock.shift(timedelta(minutes=10))
    phone.get(HOME)  # IdleSessionMiddleware moves the phone session's expiry
    rows = {s.row.device: s for s in selectors.sessions_open(person)}
    assert abs(rows["Chrome Mobile 126 en Android 14"].last_used - timezone.now()) < timedelta(seconds=5)
    assert timezone.now() - rows["Firefox 128 en Windows 10"].last_used >= timedelta(minutes=9)


def test_closing_the_other_sessions_signs_them_out_and_keeps_this_one(person, desk, phone):
    phone_key = phone.session.session_key
    response = desk.post(reverse("accounts:sessions-close-others"))
    assert response.status_code == 302
    assert _signed_out(phone)
    assert not Session.objects.filter(session_key=phone_key).exists()
    assert desk.get(HOME).status_code == 200
    assert UserSession.objects.filter(user=person).count() == 1
    entry = Activity.objects.get(verb="account.sessions_closed")
    assert entry.actor == person and entry.changes["sessions_closed"] == 1


def test_closing_one_session(person, desk, phone):
    phone_row = UserSession.objects.get(session_key=phone.session.session_key)
    assert desk.post(reverse("accounts:session-close", args=[phone_row.pk])).status_code == 302
    assert _signed_out(phone)
    assert desk.get(HOME).status_code == 200


def test_a_person_cannot_close_someone_elses_session(desk, directorates):
    other = Client()
    sign_in(other, make_user("enlace", "aseo"))
    row = UserSession.objects.get(session_key=other.session.session_key)
    assert desk.post(reverse("accounts:session-close", args=[row.pk])).status_code == 404
    assert other.get(HOME).status_code == 200


def test_signing_out_forgets_the_session(person, desk, phone):
    phone.post(reverse("logout"))
    assert UserSession.objects.filter(user=person).count() == 1
    page = desk.get(reverse("accounts:sessions")).content.decode()
    assert "Chrome Mobile" not in page


def test_a_superuser_closes_all_of_a_persons_sessions_and_it_is_logged(person, desk, phone):
    admin = make_user(is_superuser=True)
    admin_client = Client()
    admin_client.force_login(admin)
    page = admin_client.get(reverse("accounts:person", args=[person.pk])).content.decode()
    assert "Chrome Mobile 126 en Android 14" in page and "Firefox 128 en Windows 10" in page
    response = admin_client.post(reverse("accounts:person-sessions-close", args=[person.pk]))
    assert response.status_code == 302
    assert _signed_out(desk) and _signed_out(phone)
    entry = Activity.objects.get(verb="account.sessions_closed")
    assert entry.actor == admin and entry.object_id == str(person.pk) and entry.changes["sessions_closed"] == 2
    assert admin_client.get(HOME).status_code == 200


def test_closing_all_also_closes_sessions_opened_before_they_were_listed(person, desk):
    UserSession.objects.all().delete()  # a session from before this feature: in the store only
    admin_client = Client()
    admin_client.force_login(make_user(is_superuser=True))
    admin_client.post(reverse("accounts:person-sessions-close", args=[person.pk]))
    assert _signed_out(desk)


def test_only_a_superuser_closes_someone_elses_sessions(person, desk, directorates):
    other = Client()
    other.force_login(make_user("director", "aseo"))
    assert other.post(reverse("accounts:person-sessions-close", args=[person.pk])).status_code == 403
    assert other.get(reverse("accounts:person", args=[person.pk])).status_code == 403
    assert desk.get(HOME).status_code == 200


def test_a_password_change_closes_the_other_sessions(person, desk, phone):
    phone_key = phone.session.session_key
    response = desk.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "otra-clave-Segura-2026",
            "new_password2": "otra-clave-Segura-2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert not Session.objects.filter(session_key=phone_key).exists()  # gone from the store
    assert _signed_out(phone)
    assert desk.get(HOME).status_code == 200  # this one continues, under a new key
    rows = list(UserSession.objects.filter(user=person))
    assert [row.session_key for row in rows] == [desk.session.session_key]
    assert Activity.objects.filter(verb="account.password_changed", actor=person).exists()


def test_a_wrong_old_password_changes_nothing(person, desk, phone):
    response = desk.post(
        reverse("password_change"),
        {"old_password": "mala", "new_password1": "otra-clave-Segura-2026", "new_password2": "otra-clave-Segura-2026"},
    )
    assert response.status_code == 200
    assert phone.get(HOME).status_code == 200
