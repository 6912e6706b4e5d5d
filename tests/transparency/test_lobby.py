import json
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

REGISTER = {
    "audiences": [
        {
            "id": 1,
            "date": date(2026, 3, 4),
            "place": "Despacho del Alcalde",
            "subject": "Proyecto inmobiliario Costanera",
            "passive_subject": "Alcalde",
            "attendees": [{"name": "Rosa Díaz", "represents": "Inmobiliaria Norte SpA", "role": "Lobbista"}],
        }
    ],
    "trips": [
        {
            "id": 2,
            "date_start": date(2026, 3, 10),
            "date_end": date(2026, 3, 12),
            "destination": "Santiago",
            "purpose": "Reunión SUBDERE",
            "cost": 845000,
            "paid_by": "Municipalidad de Antofagasta",
        }
    ],
    "gifts": [
        {
            "id": 3,
            "date": date(2026, 3, 20),
            "description": "Libro conmemorativo",
            "giver": "Embajada de Bolivia",
            "occasion": "Visita protocolar",
        }
    ],
}


@pytest.fixture
def fake_register(monkeypatch):
    calls = []

    def lobby_register(*, year=None, month=None):
        calls.append((year, month))
        return REGISTER

    monkeypatch.setattr("protocol.public.lobby_register", lobby_register)
    monkeypatch.setattr("protocol.public.lobby_last_modified", lambda: datetime(2026, 3, 21, tzinfo=UTC))
    return calls


def test_lobby_register_is_public_and_filterable_by_month(client, db, fake_register):
    response = client.get("/transparencia-activa/lobby/", {"mes": "2026-03"})
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Rosa Díaz (Inmobiliaria Norte SpA, Lobbista)" in body and "Santiago" in body and "Libro conmemorativo" in body
    )
    assert "$ 845.000" in body
    assert fake_register[-1] == (2026, 3)
    assert response["Last-Modified"] == "Sat, 21 Mar 2026 00:00:00 GMT"


def test_lobby_csv_downloads(client, db, fake_register):
    text = client.get("/transparencia-activa/lobby/audiencias.csv", {"mes": "2026-03"}).content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Fecha,Lugar,Materia,Sujeto pasivo,Asistentes (representa),Corregido el"
    assert "2026-03-04" in text and "Rosa Díaz" in text
    trips = client.get("/transparencia-activa/lobby/viajes.csv").content.decode("utf-8-sig")
    assert "845000" in trips
    assert client.get("/transparencia-activa/lobby/otros.csv").status_code == 404


@pytest.mark.parametrize("query", [{"mes": "2099-01"}, {"mes": "marzo"}, {"mes": "2026-13"}, {"anio": "1990"}])
def test_lobby_bad_or_future_period_is_404(client, db, fake_register, query):
    assert client.get("/transparencia-activa/lobby/", query).status_code == 404


def test_lobby_uses_the_real_protocol_contract(client, db):
    response = client.get("/transparencia-activa/lobby/")
    assert response.status_code == 200
    assert "Sin audiencias registradas" in response.content.decode()


# --- the real register, through protocol.public ---------------------------------------------------

SANTIAGO = ZoneInfo("America/Santiago")

#: register slug, CSV/JSON part, factory, the text field a correction changes.
LOBBY_REGISTERS = [
    pytest.param("audiencia", "audiencias", "LobbyAudienceFactory", "subject", id="audiencias"),
    pytest.param("viaje", "viajes", "LobbyTripFactory", "purpose", id="viajes"),
    pytest.param("donativo", "donativos", "LobbyGiftFactory", "description", id="donativos"),
]


def _public_texts(client, part):
    page = client.get("/transparencia-activa/lobby/").text
    csv_text = client.get(f"/transparencia-activa/lobby/{part}.csv").content.decode("utf-8-sig")
    json_text = client.get(f"/transparencia-activa/lobby/{part}.json").content.decode()
    return page, csv_text, json_text


@pytest.mark.parametrize(("register", "part", "factory_name", "field"), LOBBY_REGISTERS)
def test_public_page_csv_and_json_keep_the_published_text_until_the_correction_is_checked(
    client, gabinete_user, clock, register, part, factory_name, field
):
    from protocol import services
    from tests.protocol import factories

    clock.move_to(datetime(2026, 11, 10, 9, 0, tzinfo=SANTIAGO))
    record = getattr(factories, factory_name)(**{field: "Texto publicado"})
    services.lobby_record_check(record=record, by=gabinete_user)
    clock.move_to(datetime(2026, 11, 17, 9, 0, tzinfo=SANTIAGO))
    setattr(record, field, "Texto corregido")
    services.lobby_record_save(record=record, by=gabinete_user, expected_version=record.version)

    for text in _public_texts(client, part):
        assert "Texto publicado" in text and "Texto corregido" not in text
    assert "Corregido el" not in _public_texts(client, part)[0]

    clock.move_to(datetime(2026, 11, 18, 9, 0, tzinfo=SANTIAGO))
    services.lobby_record_check(record=record, by=gabinete_user, expected_version=record.version)
    page, csv_text, json_text = _public_texts(client, part)
    for text in (page, csv_text, json_text):
        assert "Texto corregido" in text and "Texto publicado" not in text
    history_url = f"/transparencia-activa/lobby/{register}/{record.pk}/"
    assert "Corregido el 18-11-2026" in page and f'href="{history_url}"' in page
    assert csv_text.splitlines()[0].endswith(",Corregido el") and ",2026-11-18" in csv_text
    [row] = json.loads(json_text)["filas"]
    assert row["version"] == 2 and row["corrected_on"] == "2026-11-18"

    history = client.get(history_url)
    assert history.status_code == 200
    body = history.text
    assert body.index("Texto corregido") < body.index("Texto publicado")
    assert re.search(r"Versión 2,\s*<span[^>]*>publicada el 18-11-2026", body)
    assert re.search(r"Versión 1,\s*<span[^>]*>publicada el 10-11-2026", body)
    assert "Corregida el 18-11-2026" in body


def test_lobby_history_of_an_unpublished_or_unknown_record_is_404(client, gabinete_user):
    from tests.protocol.factories import LobbyGiftFactory

    gift = LobbyGiftFactory()
    assert client.get(f"/transparencia-activa/lobby/donativo/{gift.pk}/").status_code == 404
    assert client.get(f"/transparencia-activa/lobby/otra-cosa/{gift.pk}/").status_code == 404
    assert client.get("/transparencia-activa/lobby/otros.json").status_code == 404


def test_the_public_register_shows_only_checked_trips_and_gifts(client, gabinete_user):
    """Ley 20.730 register: a trip or gift Gabinete has not checked is not published anywhere."""
    from protocol import services
    from protocol.public import lobby_register
    from tests.protocol.factories import LobbyGiftFactory, LobbyTripFactory

    checked_trip = LobbyTripFactory(destination="Calama")
    unchecked_trip = LobbyTripFactory(destination="Iquique")
    checked_gift = LobbyGiftFactory(description="Galvano de Bomberos")
    LobbyGiftFactory(description="Cuadro de la UCN")  # never checked
    for record in (checked_trip, checked_gift):
        services.lobby_record_check(record=record, by=gabinete_user)
    # An unchecked record edited again is still unchecked.
    services.lobby_record_save(record=unchecked_trip, by=gabinete_user, expected_version=unchecked_trip.version)

    register = lobby_register()
    assert [t["id"] for t in register["trips"]] == [checked_trip.pk]
    assert [g["id"] for g in register["gifts"]] == [checked_gift.pk]
    page = client.get("/transparencia-activa/lobby/").text
    trips_csv = client.get("/transparencia-activa/lobby/viajes.csv").content.decode("utf-8-sig")
    gifts_csv = client.get("/transparencia-activa/lobby/donativos.csv").content.decode("utf-8-sig")
    trips_json = client.get("/transparencia-activa/lobby/viajes.json").content.decode()
    gifts_json = client.get("/transparencia-activa/lobby/donativos.json").content.decode()
    for text in (page, trips_csv, trips_json):
        assert "Calama" in text and "Iquique" not in text
    for text in (page, gifts_csv, gifts_json):
        assert "Galvano de Bomberos" in text and "Cuadro de la UCN" not in text
