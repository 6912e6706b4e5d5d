"""The project on the shared Redis cache the README recommends for several app servers
(CACHE_URL=redis://…): commands start, and the features that cache (the public pages' stamp and
rendered pages, the news pages, the Alcalde's agenda fragments, the private calendar feed) work
through it.

Runs against the real Redis on 127.0.0.1:6379 (`.ci/run` starts it), in database 15 and under a key
prefix of its own, so it never touches anyone else's keys; its keys are deleted afterwards. Without
Redis the module is skipped, unless REQUIRE_REDIS=1 (CI), where that is a failure.
"""

import os
import re
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/15"
PREFIX = f"gabinete-test-{uuid.uuid4().hex[:12]}"


def _redis_or_skip():
    try:
        import redis
    except ImportError:
        pytest.fail("Falta el cliente `redis` (requirements.txt): CACHE_URL=redis://… no funcionaría.")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("Redis no responde en 127.0.0.1:6379 (CI lo inicia en .ci/run).")
        pytest.skip("Redis no responde en 127.0.0.1:6379")
    return client


@pytest.fixture
def redis_client():
    client = _redis_or_skip()
    yield client
    keys = list(client.scan_iter(f"{PREFIX}*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def redis_cache(settings, redis_client):
    """The settings' cache switched to Redis (Django resets its cache handles on the change)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": PREFIX,
        }
    }
    from django.core.cache import caches

    assert caches["default"].__class__.__name__ == "RedisCache"
    return redis_client


def _keys(client, fragment: str) -> list[str]:
    return [k.decode() for k in client.scan_iter(f"{PREFIX}*") if fragment in k.decode()]


def test_the_redis_client_is_pinned_in_requirements():
    """The venv of a fresh install comes from requirements.txt: a client installed by hand here
    would hide its absence."""
    runtime = (ROOT / "requirements.txt").read_text()  # the runtime file: production installs only it
    assert re.search(r"^redis==\d+(\.\d+)+$", runtime, re.MULTILINE)


def _manage(*args, cache_url: str):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gabinete.settings", "CACHE_URL": cache_url, "DEBUG": "false"}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_py_commands_work_with_a_redis_cache_url(redis_client):
    url = f"{REDIS_URL}?key_prefix={PREFIX}"
    checked = _manage("check", cache_url=url)
    assert checked.returncode == 0, checked.stderr
    script = (
        "from django.conf import settings; from django.core.cache import cache; "
        "cache.set('probe', {'valor': 1843}, 30); "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['KEY_PREFIX'], cache.get('probe'))"
    )
    shell = _manage("shell", "-c", script, cache_url=url)
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.strip().splitlines()[-1].split() == [
        "django.core.cache.backends.redis.RedisCache",
        PREFIX,
        "{'valor':",
        "1843}",
    ]
    # The key prefix of the URL is honoured: the value sits under it in Redis, not at the top level.
    assert _keys(redis_client, "probe")


def test_public_transparency_pages_are_stamped_and_cached_in_redis(client, db, redis_cache):
    from transparency.services import PUBLIC_STAMP_KEY

    url = reverse("transparency_public:index")
    first = client.get(url)
    assert first.status_code == 200
    assert _keys(redis_cache, PUBLIC_STAMP_KEY)
    assert _keys(redis_cache, "transparency:page:")
    again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_news_pages_are_cached_in_redis_and_a_new_release_shows_at_once(client, db, redis_cache):
    from tests.communications.factories import PublishedReleaseFactory

    PublishedReleaseFactory(title="Operativo de limpieza en La Chimba")
    url = reverse("news:list")
    assert "Operativo de limpieza en La Chimba" in client.get(url).text
    assert _keys(redis_cache, "communications:public:")
    PublishedReleaseFactory(title="Nueva ciclovía en avenida Brasil")
    page = client.get(url).text
    assert "Nueva ciclovía en avenida Brasil" in page and "Operativo de limpieza en La Chimba" in page


@pytest.mark.date_sensitive
def test_the_mayors_agenda_and_the_calendar_feed_are_cached_in_redis(client, user_factory, redis_cache):
    from protocol import services
    from tests.protocol.factories import EventFactory

    mayor = user_factory("alcalde", "gabinete-de-alcaldia", username="alcalde.redis")
    soon = timezone.now() + timedelta(hours=2)
    event = EventFactory(title="Ceremonia de aniversario", start=soon, end=soon + timedelta(hours=1))
    client.force_login(mayor)
    week = reverse("protocol:mayor-week")
    assert "Ceremonia de aniversario" in client.get(week).text
    assert _keys(redis_cache, "protocol-mayor-agenda")
    event.title = "Ceremonia del 147 aniversario"
    event.save()
    assert "Ceremonia del 147 aniversario" in client.get(week).text

    feed = services.feed_create(by=mayor)
    url = reverse("protocol:feed", args=[feed.token])
    first = client.get(url)
    assert "Ceremonia del 147 aniversario" in first.content.decode()
    assert _keys(redis_cache, "protocol-feed:")
    assert client.get(url).content == first.content
