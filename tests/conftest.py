"""Fixtures every app's tests share: the 22 directorates and users with a role in a directorate."""

import pytest
from django.db import connection

from gabinete.directorates import ensure_directorates
from gabinete.models import Directorate
from tests.gabinete.factories import make_user


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
