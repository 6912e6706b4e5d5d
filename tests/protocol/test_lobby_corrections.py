"""Ley 20.730 records are never silently unpublished: a correction is a new version that stays
private until Gabinete checks it; the published one stays public until then (all three registers)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from protocol import services
from protocol.models import LobbyAttendeeRole, LobbyAudienceAttendee, LobbyPublishedVersion
from protocol.public import lobby_last_modified, lobby_record_history, lobby_register
from tests.protocol.factories import LobbyAudienceFactory, LobbyGiftFactory, LobbyTripFactory

SANTIAGO = ZoneInfo("America/Santiago")

#: register slug, factory, key in lobby_register, the text field a correction changes and the
#: column the public register shows it in.
REGISTERS = [
    pytest.param("audiencia", LobbyAudienceFactory, "audiences", "matter", "subject", id="audiencias"),
    pytest.param("viaje", LobbyTripFactory, "trips", "purpose", "purpose", id="viajes"),
    pytest.param("donativo", LobbyGiftFactory, "gifts", "description", "description", id="donativos"),
]


def _published(key, field):
    return [row[field] for row in lobby_register()[key]]


@pytest.mark.parametrize(("register", "factory", "key", "field", "column"), REGISTERS)
def test_a_correction_stays_private_until_checked_and_then_replaces_the_published_version(
    protocol_user, clock, register, factory, key, field, column
):
    clock.move_to(datetime(2026, 11, 10, 9, 0, tzinfo=SANTIAGO))
    record = factory(**{field: "Texto publicado"})
    if register == "audiencia":
        LobbyAudienceAttendee.objects.create(audience=record, name="Rosa Díaz", role=LobbyAttendeeRole.LOBBYIST)
    services.lobby_record_check(record=record, by=protocol_user)

    clock.move_to(datetime(2026, 11, 17, 9, 0, tzinfo=SANTIAGO))
    setattr(record, field, "Texto corregido")
    record.correction_reason = "Error de transcripción"
    services.lobby_record_save(record=record, by=protocol_user, expected_version=record.version)
    # The edit is a correction waiting for its check: the public still sees the published text.
    assert _published(key, column) == ["Texto publicado"]
    assert lobby_register()[key][0]["corrected_on"] is None
    record.refresh_from_db()
    assert not record.is_checked and record.correction_pending

    clock.move_to(datetime(2026, 11, 18, 9, 0, tzinfo=SANTIAGO))
    services.lobby_record_check(record=record, by=protocol_user, expected_version=record.version)
    [row] = lobby_register()[key]
    assert row[column] == "Texto corregido" and row["id"] == record.pk
    assert row["version"] == 2 and row["corrected_on"] == date(2026, 11, 18)
    history = lobby_record_history(register=register, record_id=record.pk)
    assert [(v["version"], v[column], v["superseded_on"]) for v in history] == [
        (2, "Texto corregido", None),
        (1, "Texto publicado", date(2026, 11, 18)),
    ]
    new, old = LobbyPublishedVersion.objects.filter(register=register, record_id=record.pk).order_by("-number")
    assert new.corrects == old and new.reason == "Error de transcripción" and old.reason == ""
    assert lobby_last_modified() == new.published_at


def test_a_record_checked_again_without_changes_publishes_no_new_version(protocol_user):
    gift = LobbyGiftFactory()
    services.lobby_record_check(record=gift, by=protocol_user)
    gift.correction_reason = "Revisión"
    services.lobby_record_save(record=gift, by=protocol_user, expected_version=gift.version)
    services.lobby_record_check(record=gift, by=protocol_user)
    assert gift.published_versions().count() == 1
    assert lobby_register()["gifts"][0]["corrected_on"] is None


def test_editing_the_attendees_of_a_published_audience_is_a_correction_too(client, protocol_user):
    audience = LobbyAudienceFactory(date=date(2026, 11, 4), matter="Proyecto Costanera")
    attendee = LobbyAudienceAttendee.objects.create(
        audience=audience, name="Rosa Díaz", represents="Norte SpA", role=LobbyAttendeeRole.INTEREST_MANAGER
    )
    services.lobby_record_check(record=audience, by=protocol_user)
    audience.refresh_from_db()
    client.force_login(protocol_user)
    response = client.post(
        reverse("protocol:lobby-edit", args=["audiencia", audience.pk]),
        {
            "subject": audience.subject_id,
            "date": "2026-11-04",
            "time": "10:00",
            "place": audience.place,
            "modality": audience.modality,
            "on_behalf_of": audience.on_behalf_of,
            "matter": "Proyecto Costanera",
            "correction_reason": "Nombre completo de la asistente",
            "version": audience.version,
            "asis-TOTAL_FORMS": "1",
            "asis-INITIAL_FORMS": "1",
            "asis-MIN_NUM_FORMS": "0",
            "asis-MAX_NUM_FORMS": "1000",
            "asis-0-id": attendee.pk,
            "asis-0-audience": audience.pk,
            "asis-0-name": "Rosa Díaz Rojas",
            "asis-0-represents": "Inmobiliaria Norte SpA",
            "asis-0-role": "lobbista",
        },
        follow=True,
    )
    assert "El registro público sigue mostrando la versión publicada" in response.text
    assert "Corrección por revisar" in response.text
    [row] = lobby_register()["audiences"]
    assert row["attendees"] == [
        {"name": "Rosa Díaz", "represents": "Norte SpA", "role": "Gestor/a de intereses particulares (no remunerado/a)"}
    ]
    audience.refresh_from_db()
    client.post(reverse("protocol:lobby-check", args=["audiencia", audience.pk]), {"version": audience.version})
    [row] = lobby_register()["audiences"]
    assert row["attendees"] == [
        {"name": "Rosa Díaz Rojas", "represents": "Inmobiliaria Norte SpA", "role": "Lobbista (remunerado/a)"}
    ]
    assert row["corrected_on"] is not None


def test_the_public_register_never_reads_the_records_gabinete_edits(protocol_user):
    """Changing a published record behind the services' back does not reach the public."""
    trip = LobbyTripFactory(destination="Calama")
    services.lobby_record_check(record=trip, by=protocol_user)
    type(trip).objects.filter(pk=trip.pk).update(destination="Iquique")
    assert _published("trips", "destination") == ["Calama"]


@pytest.mark.django_db(transaction=True)
def test_records_checked_before_versions_existed_stay_published_after_the_migration():
    """The data migration publishes what the public saw then: every checked record as version 1.

    It runs on the models as they were at migration 0003 (before passive subjects), and what it
    published is still the public register once every later migration has run."""
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        return executor.migrate(targets or executor.loader.graph.leaf_nodes()).apps

    migration = importlib.import_module("protocol.migrations.0003_lobby_published_versions")
    old = migrate([("protocol", "0003_lobby_published_versions")])
    try:
        old.get_model("gabinete", "Directorate").objects.get_or_create(
            slug="gabinete-de-alcaldia", defaults={"name": "Dirección de Gabinete de Alcaldía"}
        )
        audience = old.get_model("protocol", "LobbyAudience").objects.create(
            date=date(2026, 3, 4),
            place="Despacho",
            subject="Proyecto Costanera",
            passive_subject="Alcalde de Antofagasta",
            checked_at=timezone.now(),
        )
        old.get_model("protocol", "LobbyAudienceAttendee").objects.create(
            audience=audience, name="Rosa Díaz", represents="Norte SpA", role="lobbista"
        )
        trip = old.get_model("protocol", "LobbyTrip").objects.create(
            date_start=date(2026, 2, 1),
            date_end=date(2026, 2, 2),
            destination="Calama",
            purpose="Reunión",
            cost=150_000,
            paid_by="Municipalidad",
            checked_at=timezone.now(),
        )
        old.get_model("protocol", "LobbyGift").objects.create(
            date=date(2026, 5, 1), description="Sin revisar", giver="Embajada"
        )
        migration.publish_checked_records(old, None)
    finally:
        migrate(None)

    register = lobby_register()
    assert [a["subject"] for a in register["audiences"]] == ["Proyecto Costanera"]
    assert register["audiences"][0]["attendees"] == [
        {"name": "Rosa Díaz", "represents": "Norte SpA", "role": "Lobbista"}
    ]
    assert [(t["id"], t["destination"], t["version"]) for t in register["trips"]] == [(trip.pk, "Calama", 1)]
    assert register["gifts"] == []
