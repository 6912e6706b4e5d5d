from datetime import UTC, date, datetime

import pytest

REGISTER = {
    "audiences": [{"id": 1, "date": date(2026, 3, 4), "place": "Despacho del Alcalde", "subject": "Proyecto inmobiliario Costanera",
                   "passive_subject": "Alcalde", "attendees": [{"name": "Rosa Díaz", "represents": "Inmobiliaria Norte SpA", "role": "Lobbista"}]}],
    "trips": [{"id": 2, "date_start": date(2026, 3, 10), "date_end": date(2026, 3, 12), "destination": "Santiago",
               "purpose": "Reunión SUBDERE", "cost": 845000, "paid_by": "Municipalidad de Antofagasta"}],
    "gifts": [{"id": 3, "date": date(2026, 3, 20), "description": "Libro conmemorativo", "giver": "Embajada de Bolivia", "occasion": "Visita protocolar"}],
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
    assert "Rosa Díaz (Inmobiliaria Norte SpA, Lobbista)" in body and "Santiago" in body and "Libro conmemorativo" in body
    assert "$ 845.000" in body
    assert fake_register[-1] == (2026, 3)
    assert response["Last-Modified"] == "Sat, 21 Mar 2026 00:00:00 GMT"


def test_lobby_csv_downloads(client, db, fake_register):
    text = client.get("/transparencia-activa/lobby/audiencias.csv", {"mes": "2026-03"}).content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Fecha,Lugar,Materia,Sujeto pasivo,Asistentes (representa)"
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
