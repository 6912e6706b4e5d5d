"""Until issue 17 the lobby register belonged to the Alcalde alone: an audience named him in a text field,
trips and gifts named nobody. Migrating a database that holds such records gives each one, and each
published version, its passive subject (kept by Gabinete), keeps the audience's matter under its new name,
and fills the new required art. 8 fields with «Sin registrar» rather than losing the row."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from protocol.models import LobbyAudience, LobbyGift, LobbyPublishedVersion, LobbyTrip, PassiveSubject

BEFORE = [("protocol", "0003_lobby_published_versions")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets or executor.loader.graph.leaf_nodes()).apps


@pytest.fixture
def before():
    old_apps = _migrate(BEFORE)
    yield old_apps
    _migrate(None)


@pytest.mark.django_db(transaction=True)
def test_the_alcaldes_records_and_their_published_versions_get_him_as_passive_subject(before):
    old = before
    Directorate = old.get_model("gabinete", "Directorate")
    Directorate.objects.get_or_create(
        slug="gabinete-de-alcaldia", defaults={"name": "Dirección de Gabinete de Alcaldía"}
    )
    audience = old.get_model("protocol", "LobbyAudience").objects.create(
        date=date(2026, 3, 4), place="Despacho", subject="Proyecto Costanera", passive_subject="Alcalde de Antofagasta"
    )
    old.get_model("protocol", "LobbyAudienceAttendee").objects.create(
        audience=audience, name="Ana Pérez", represents="Inmobiliaria Norte", role="gestor"
    )
    trip = old.get_model("protocol", "LobbyTrip").objects.create(
        date_start=date(2026, 2, 1),
        date_end=date(2026, 2, 2),
        destination="Santiago",
        purpose="Reunión",
        paid_by="Municipalidad",
    )
    gift = old.get_model("protocol", "LobbyGift").objects.create(
        date=date(2026, 5, 1), description="Libro", giver="Embajada"
    )
    old.get_model("protocol", "LobbyPublishedVersion").objects.create(
        register="audiencia",
        record_id=audience.pk,
        number=1,
        date=audience.date,
        data={"subject": "Proyecto Costanera"},
        published_at=timezone.now(),
    )

    _migrate(None)

    mayor = PassiveSubject.objects.get()
    assert (mayor.name, mayor.office, mayor.keeper.slug) == (
        "Alcalde de Antofagasta",
        "alcalde",
        "gabinete-de-alcaldia",
    )
    assert mayor.period_start == date(2026, 2, 1)  # the earliest record
    migrated = LobbyAudience.objects.get(pk=audience.pk)
    assert (migrated.subject, migrated.matter, migrated.on_behalf_of) == (
        mayor,
        "Proyecto Costanera",
        "Inmobiliaria Norte",
    )
    assert LobbyTrip.objects.get(pk=trip.pk).subject == mayor
    assert LobbyTrip.objects.get(pk=trip.pk).cost == 0  # an old trip keeps its recorded cost
    assert (LobbyGift.objects.get(pk=gift.pk).subject, LobbyGift.objects.get(pk=gift.pk).occasion) == (
        mayor,
        "Sin registrar",
    )
    assert LobbyPublishedVersion.objects.get().subject == mayor
