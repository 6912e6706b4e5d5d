"""Several app servers, one truth: real gunicorn with 3 workers on the shared Redis cache and one
database. Changes are made by another process (the ORM and the services, through `manage.py shell`):
a holiday added, an event renamed, a transparency section published, a calendar feed revoked. Then
every worker is read at once (15 parallel requests) and every answer must already be the new one.

Before each change every worker has read the page, so anything a worker kept in its own memory (the
holiday calendar used to sit in a per-process `lru_cache`) would show here as a stale answer.

The database follows the session's: PostgreSQL `<name>_mw` (created and dropped here) when
DATABASE_URL is PostgreSQL, else a SQLite file. Redis: database 14 under a key prefix of its own,
deleted afterwards; without Redis the module is skipped, unless REQUIRE_REDIS=1 (CI).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/14"
PREFIX = f"gabinete-mw-{uuid.uuid4().hex[:12]}"
WORKERS = 3
PARALLEL = 15


def _redis_or_skip():
    try:
        import redis
    except ImportError:
        pytest.fail("Falta el cliente `redis` (requirements.txt).")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("Redis no responde en 127.0.0.1:6379 (CI lo inicia en .ci/run).")
        pytest.skip("Redis no responde en 127.0.0.1:6379: la prueba de varios procesos necesita la caché compartida")
    return client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_url(tmp_path):
    default = django_settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp_path / 'varios-servidores.sqlite3'}"
        return
    import psycopg

    name = f"{os.environ.get('DATABASE_URL', '').rsplit('/', 1)[-1] or 'gabinete'}_mw"
    host, port, user = default.get("HOST") or "127.0.0.1", default.get("PORT") or 5432, default.get("USER")
    admin = f"host={host} port={port} user={user} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{user}@{host}:{port}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_client():
    client = _redis_or_skip()
    yield client
    keys = list(client.scan_iter(f"{PREFIX}*"))
    if keys:
        client.delete(*keys)


class Servers:
    def __init__(self, env: dict[str, str], port: int, access_log: Path):
        self.env, self.port, self.access_log = env, port, access_log

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        done = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done

    def act(self, call: str) -> dict:
        script = f"from tests.operations import multiworker_actions as a; a.{call}"
        return json.loads(self.manage("shell", "-c", script).stdout.strip().splitlines()[-1])

    def get(self, path: str, cookie: str = "") -> tuple[int, str]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers={"Cookie": cookie})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our local server
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def get_all(self, path: str, cookie: str = "") -> list[tuple[int, str]]:
        """PARALLEL requests at once, so every worker answers some of them."""
        with ThreadPoolExecutor(PARALLEL) as pool:
            return list(pool.map(lambda _n: self.get(path, cookie), range(PARALLEL)))

    def pids_that_answered(self, path: str) -> set[str]:
        lines = self.access_log.read_text().splitlines()
        return {line.split()[0] for line in lines if f" {path} " in f" {line} "}


@pytest.fixture
def servers(tmp_path, database_url, redis_client):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.operations.multiworker_settings",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECRET_KEY": "prueba-varios-servidores-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "CACHE_URL": f"{REDIS_URL}?key_prefix={PREFIX}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "WEB_CONCURRENCY": str(WORKERS),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_REPLICA_URL", None)
    port, access_log = _free_port(), tmp_path / "access.log"
    found = Servers(env, port, access_log)
    found.manage("migrate", "--noinput")
    gunicorn = [sys.executable, "-m", "gunicorn", "gabinete.wsgi", "--bind", f"127.0.0.1:{port}"]
    gunicorn += ["--workers", str(WORKERS), "--timeout", "120", "--access-logfile", str(access_log)]
    gunicorn += ["--access-logformat", "%(p)s %(s)s %(U)s"]
    errors = open(tmp_path / "gunicorn.err", "w")  # noqa: SIM115 - closed after gunicorn stops
    process = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if found.get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, (tmp_path / "gunicorn.err").read_text()[-3000:]
            assert time.monotonic() < deadline, "gunicorn no respondió en 60 s"
            time.sleep(0.3)
        yield found
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors.close()


def _all_say(answers: list[tuple[int, str]], text: str, *, status: int = 200) -> bool:
    return all(code == status and text in body for code, body in answers)


def test_three_workers_on_redis_give_every_change_at_the_next_request(servers):
    made = servers.act("setup()")
    cookie = f"sessionid={made['session']}"
    board, feed, planta = (
        "/transparencia/cumplimiento/",
        f"/agenda/calendario/{made['feed']}.ics",
        "/transparencia-activa/d/",
    )
    status, body = servers.get(board, cookie)
    assert status == 200, body[-2000:]

    # Every worker reads every page first: what a worker might keep, it now has.
    before = servers.get_all(board, cookie)
    assert _all_say(before, "Plazo de este mes"), [code for code, _ in before]
    first_counted = re.search(r"desde el (\d\d)-(\d\d)-(\d{4})", before[0][1])
    assert first_counted, "el tablero no explica desde qué día cuenta el plazo"
    assert _all_say(servers.get_all(feed), "Reunión con juntas de vecinos")
    assert not any("González" in body for _code, body in servers.get_all(planta))

    # A holiday on the first business day of the month moves this month's deadline on every worker.
    day, month, year = first_counted.groups()
    servers.act(f"add_holiday('{year}-{month}-{day}')")
    assert _all_say(servers.get_all(board, cookie), "Feriado regional de prueba")

    servers.act(f"rename_event({made['event']}, 'Reunión con juntas de vecinos de La Chimba')")
    assert _all_say(servers.get_all(feed), "Reunión con juntas de vecinos de La Chimba")

    servers.act("publish_planta()")
    assert _all_say(servers.get_all(planta), "González")

    assert servers.act("revoke_feed()") == {"revoked": 1}
    assert all(code == 404 for code, _body in servers.get_all(feed))

    # The reads really were spread over the three workers.
    assert len(servers.pids_that_answered(board)) == WORKERS
    assert len(servers.pids_that_answered(feed)) == WORKERS
