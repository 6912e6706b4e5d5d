"""Writes made by a separate process (`manage.py shell`) on the database and the cache that the
gunicorn workers of test_several_app_servers.py use: the ORM and the real services, nothing here
talks to a worker's memory. Each action prints one JSON line."""

import json
from datetime import date, timedelta

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from tests.gabinete.factories import make_user

CAST = {
    "enlace": ("enlace", "gestion-de-personas", "enlace.personas"),
    "director": ("director", "gestion-de-personas", "director.personas"),
    "gabinete": ("gabinete", "gabinete-de-alcaldia", "jefa.gabinete"),
    "juridica": ("juridica", "asesoria-juridica", "juridica"),
    "alcalde": ("alcalde", "gabinete-de-alcaldia", "alcalde"),
}


def _people() -> dict:
    from django.contrib.auth import get_user_model

    found = {}
    for key, (role, slug, username) in CAST.items():
        user = get_user_model().objects.filter(username=username).first()
        found[key] = user or make_user(role, slug, username=username)
    return found


def _session_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _say(**values) -> None:
    print(json.dumps(values))


def setup() -> None:
    from protocol import services
    from tests.protocol.factories import EventFactory

    people = _people()
    soon = timezone.now().replace(microsecond=0) + timedelta(days=2)
    event = EventFactory(title="Reunión con juntas de vecinos", start=soon, end=soon + timedelta(hours=1))
    feed = services.feed_create(by=people["alcalde"])
    _say(session=_session_for(people["gabinete"]), feed=feed.token, event=event.pk)


def add_holiday(day: str) -> None:
    from gabinete.models import ExtraHoliday

    ExtraHoliday.objects.create(date=date.fromisoformat(day), name="Feriado regional de prueba")
    _say(ok=True)


def rename_event(pk: int, title: str) -> None:
    from protocol.models import Event

    event = Event.objects.get(pk=pk)
    event.title = title
    event.save()
    _say(ok=True)


def publish_planta() -> None:
    from tests.transparency.factories import published
    from transparency.models import Section

    period = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    section = Section.objects.select_related("item").get(item__letter="d", slug="planta")
    published(section, period, _people())
    _say(ok=True)


def revoke_feed() -> None:
    from protocol import services

    _say(revoked=services.feed_revoke(by=_people()["alcalde"]))
