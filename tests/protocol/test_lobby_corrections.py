"""Ley 20.730 records are never silently unpublished: a correction is a new version that stays
private until Gabinete checks it; the published one stays public until then (all three registers)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from protocol import services
from protocol.models import LobbyAudienceAttendee, LobbyPublishedVersion
from protocol.public import lobby_last_modified, lobby_record_history, lobby_register
from tests.protocol.factories import LobbyAudienceFactory, LobbyGiftFactory, LobbyTripFactory

SANTIAGO = ZoneInfo("America/Santiago")

#: register slug, factory, key in lobby_register, the text field a correction changes.
REGISTERS = [
    pytest.param("audiencia", LobbyAudienceFactory, "audiences", "subject", id="audiencias"),
    pytest.param("viaje", LobbyTripFactory, "trips", "purpose", id="viajes"),
    pytest.param("donativo", LobbyGiftFactory, "gifts", "description", id="donativos"),
]


def _published(key, field):
    return [row[field] for row in lobby_register()[key]]


@pytest.mark.parametrize(("register", "factory", "key", "field"), REGISTERS)
def test_a_correction_stays_private_until_checked_and_then_replaces_the_published_version(
    protocol_user, clock, register, factory, key, field
):
    clock.move_to(datetime(2026, 11, 10, 9, 0, tzinfo=SANTIAGO))
    record = factory(**{field: "Texto publicado"})
    services.lobby_record_check(record=record, by=protocol_user)

    clock.move_to(datetime(2026, 11, 17, 9, 0, tzinfo=SANTIAGO))
    setattr(record, field, "Texto corregido")
    services.lobby_record_save(record=record, by=protocol_user, expected_version=record.version)
    # The edit is a correction waiting for its check: the public still sees the published text.
    assert _published(key, field) == ["Texto publicado"]
    assert lobby_register()[key][0]["corrected_on"] is None
    record.refresh_from_db()
    assert not record.is_checked and record.correction_pending

    clock.move_to(datetime(2026, 11, 18, 9, 0, tzinfo=SANTIAGO))
    services.lobby_record_check(record=record, by=protocol_user, expected_version=record.version)
    [row] = lobby_register()[key]
    assert row[field] == "Texto corregido" and row["id"] == record.pk
    assert row["version"] == 2 and row["corrected_on"] == date(2026, 11, 18)
    history = lobby_record_history(register=register, record_id=record.pk)
    assert [(v["version"], v[field], v["superseded_on"]) for v in history] == [
        (2, "Texto corregido", None),
        (1, "Texto publicado", date(2026, 11, 18)),
    ]
    new, old = LobbyPublishedVersion.objects.filter(register=register, record_id=record.pk).order_by("-number")
    assert new.corrects == old
    assert lobby_last_modified() == new.published_at


def test_a_record_checked_again_without_changes_publishes_no_new_version(protocol_user):
    gift = LobbyGiftFactory()
    services.lobby_record_check(record=gift, by=protocol_user)
    services.lobby_record_save(record=gift, by=protocol_user, expected_version=gift.version)
    services.lobby_record_check(record=gift, by=protocol_user)
    assert gift.published_versions().count() == 1
    assert lobby_register()["gifts"][0]["corrected_on"] is None


def test_editing_the_attendees_of_a_published_audience_is_a_correction_too(client, protocol_user):
    audience = LobbyAudienceFactory(date=date(2026, 11, 4), subject="Proyecto Costanera")
    attendee = LobbyAudienceAttendee.objects.create(audience=audience, name="Rosa Díaz", represents="Norte SpA")
    services.lobby_record_check(record=audience, by=protocol_user)
    audience.refresh_from_db()
    client.force_login(protocol_user)
    response = client.post(
        reverse("protocol:lobby-edit", args=["audiencia", audience.pk]),
        {
            "date": "2026-11-04",
            "place": audience.place,
            "subject": "Proyecto Costanera",
            "passive_subject": audience.passive_subject,
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
        {"name": "Rosa Díaz", "represents": "Norte SpA", "role": "Gestor/a de intereses particulares"}
    ]
    audience.refresh_from_db()
    client.post(reverse("protocol:lobby-check", args=["audiencia", audience.pk]), {"version": audience.version})
    [row] = lobby_register()["audiences"]
    assert row["attendees"] == [{"name": "Rosa Díaz Rojas", "represents": "Inmobiliaria Norte SpA", "role": "Lobbista"}]
    assert row["corrected_on"] is not None


def test_the_public_register_never_reads_the_records_gabinete_edits(protocol_user):
    """Changing a published record behind the services' back does not reach the public."""
    trip = LobbyTripFactory(destination="Calama")
    services.lobby_record_check(record=trip, by=protocol_user)
    type(trip).objects.filter(pk=trip.pk).update(destination="Iquique")
    assert _published("trips", "destination") == ["Calama"]


def test_records_checked_before_versions_existed_stay_published_after_the_migration(protocol_user):
    """The data migration publishes what the public saw then: every checked record as version 1."""
    import importlib

    from django.apps import apps
    from django.utils import timezone

    migration = importlib.import_module("protocol.migrations.0003_lobby_published_versions")
    audience = LobbyAudienceFactory(subject="Proyecto Costanera", checked_at=timezone.now(), checked_by=protocol_user)
    LobbyAudienceAttendee.objects.create(audience=audience, name="Rosa Díaz", represents="Norte SpA", role="lobbista")
    trip = LobbyTripFactory(destination="Calama", checked_at=timezone.now(), checked_by=protocol_user)
    LobbyGiftFactory(description="Sin revisar")
    migration.publish_checked_records(apps, None)
    register = lobby_register()
    assert [a["subject"] for a in register["audiences"]] == ["Proyecto Costanera"]
    assert register["audiences"][0]["attendees"] == [
        {"name": "Rosa Díaz", "represents": "Norte SpA", "role": "Lobbista"}
    ]
    assert [(t["id"], t["destination"], t["version"]) for t in register["trips"]] == [(trip.pk, "Calama", 1)]
    assert register["gifts"] == []
