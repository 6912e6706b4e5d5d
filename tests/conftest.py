"""Fixtures every app's tests share: the clock, the 22 directorates and users with a role in a
directorate.

The clock: no test may depend on the day it runs. The whole session runs with the clock set
(time-machine, ticking) to `DEFAULT_CLOCK`, an ordinary working Wednesday morning, or to the moment
given with `--clock=2026-12-01` (America/Santiago), from before the test database is built, so rows
that migrations create are as old as the session. A test that needs another moment asks for the
`clock` fixture and moves it (`clock.move_to(...)`); the move ends with the test. Tests whose outcome
turns on the calendar (deadlines, late periods, desk urgency, schedules) carry
`@pytest.mark.date_sensitive`; `make test-dates` runs those again with the clock on the 1st of a
month, on a 31st, on the last business day before a holiday and late on a Sunday; CI runs it.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from gabinete.directorates import ensure_directorates
from gabinete.models import Directorate
from tests.gabinete.factories import make_user

SANTIAGO = ZoneInfo("America/Santiago")
DEFAULT_CLOCK = datetime(2026, 11, 18, 10, 30, tzinfo=SANTIAGO)


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=None,
        help="ISO date or date-time (America/Santiago) the clock is set to for every test; default "
        f"{DEFAULT_CLOCK:%Y-%m-%d %H:%M}",
    )


def clock_start(config) -> datetime:
    value = config.getoption("--clock")
    if not value:
        return DEFAULT_CLOCK
    moment = datetime.fromisoformat(value if "T" in value else f"{value}T10:30")
    return moment if moment.tzinfo else moment.replace(tzinfo=SANTIAGO)


def pytest_configure(config):
    config._gabinete_clock = time_machine.travel(clock_start(config), tick=True)
    config._gabinete_clock.start()


def pytest_unconfigure(config):
    traveller = getattr(config, "_gabinete_clock", None)
    if traveller is not None:
        traveller.stop()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a public stamp kept by one test (whose rows were rolled
    back since) must not version another test's pages."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """With --reuse-db (`make test-dates` builds the databases once for several dates), leave each
    test database as it was built: the last transactional test flushed it, and the next run would
    otherwise start without the rows the data migrations created (directorates, the art. 7
    catalogue), since Django serializes the copy it reloads from the database it finds."""
    yield
    if not request.config.getoption("reuse_db"):
        return
    with django_db_blocker.unblock():
        for alias in connections:
            contents = getattr(connections[alias], "_test_serialized_contents", None)
            if contents:
                # Empty it first, as a transactional test's teardown does (without post_migrate, which
                # would create content types again under other ids), then reload the built copy.
                call_command("flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=True)
                connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _fresh_content_types(request):
    """A transactional test's database is flushed and reloaded from the serialized copy (see
    pytest_collection_modifyitems), so content type ids a previous test cached in process memory may
    name rows that no longer exist: the activity log's generic link would then break the commit with a
    foreign-key error. Such a test starts and ends with Django's content type cache empty."""
    from django.contrib.contenttypes.models import ContentType

    transactional = "django_db_serialized_rollback" in request.fixturenames
    if transactional:
        request.getfixturevalue("_django_db_helper")  # after the database was reloaded
        ContentType.objects.clear_cache()
    yield
    if transactional:
        ContentType.objects.clear_cache()


@pytest.fixture
def clock():
    """The clock, to move within one test: `clock.move_to(datetime(2026, 12, 1, 9, tzinfo=SANTIAGO))`."""
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        yield traveller


@pytest.fixture
def directorates(db) -> dict[str, Directorate]:
    """The 22 directorates by slug (re-created after a transactional test flushed them)."""
    ensure_directorates()
    return {d.slug: d for d in Directorate.objects.all()}


@pytest.fixture
def user_factory(directorates):
    """`user_factory("enlace", "aseo")` → a user holding that role in that directorate."""
    return make_user


@pytest.fixture
def gabinete_user(user_factory):
    return user_factory("gabinete", "gabinete-de-alcaldia", username="staff.gabinete")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.invalid", "x")


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(items):
    """Transactional tests (live server, browser) flush the database afterwards, which would also
    remove the rows data migrations created (directorates, the art. 7 catalogue, the precedence
    table). Serialized rollback reloads them before each such test."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (
            "transactional_db" in item.fixturenames
            or "live_server" in item.fixturenames
            or bool(marker and marker.kwargs.get("transaction"))
        )
        if transactional and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")
