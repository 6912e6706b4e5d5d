import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

SANTIAGO = ZoneInfo("America/Santiago")


def _subjects():
    """Three passive subjects of different offices, kept by three units (Ley 20.730 art. 4)."""
    from gabinete.models import Directorate
    from protocol.models import PassiveSubjectOffice
    from tests.protocol.factories import PassiveSubjectFactory

    units = {d.slug: d for d in Directorate.objects.all()}
    return (
        PassiveSubjectFactory(name="Jonathan Velásquez", position_detail="Alcalde de Antofagasta"),
        PassiveSubjectFactory(
            name="Camila Rojas", office=PassiveSubjectOffice.COUNCILLOR, keeper=units["secretaria-municipal"]
        ),
        PassiveSubjectFactory(
            name="Rodrigo Fuentes", office=PassiveSubjectOffice.WORKS_DIRECTOR, keeper=units["obras-municipales"]
        ),
    )


def _publish(record, by=None):
    """Check a record as its keeper would (a superuser here: the keeping rules are protocol's tests)."""
    from django.contrib.auth import get_user_model

    from protocol import services
    from protocol.models import LobbyAttendeeRole, LobbyAudience, LobbyAudienceAttendee

    by = (
        by
        or get_user_model().objects.filter(is_superuser=True).first()
        or get_user_model().objects.create_superuser("raiz", "raiz@example.org", "x")
    )
    if isinstance(record, LobbyAudience) and not record.attendees.exists():
        LobbyAudienceAttendee.objects.create(
            audience=record, name="Rosa Díaz", represents=record.on_behalf_of, role=LobbyAttendeeRole.LOBBYIST
        )
    services.lobby_record_check(record=record, by=by, expected_version=record.version)
    return record


@pytest.fixture
def three_registers(db):
    from tests.protocol.factories import LobbyAudienceFactory, LobbyGiftFactory, LobbyTripFactory

    mayor, councillor, works = _subjects()
    _publish(LobbyAudienceFactory(subject=mayor, date=date(2026, 3, 4), matter="Proyecto inmobiliario Costanera"))
    _publish(
        LobbyAudienceFactory(
            subject=councillor, date=date(2026, 3, 9), matter="Ciclovía de Avenida Grecia", modality="videoconferencia"
        )
    )
    _publish(LobbyTripFactory(subject=mayor, date_start=date(2026, 3, 10), date_end=date(2026, 3, 12), cost=845_000))
    _publish(LobbyGiftFactory(subject=works, date=date(2026, 4, 20), description="Agenda del Colegio de Arquitectos"))
    return mayor, councillor, works


def test_the_public_page_lists_every_passive_subject_with_their_registers(client, three_registers, clock):
    clock.move_to(datetime(2026, 12, 10, 9, 0, tzinfo=SANTIAGO))
    mayor, councillor, works = three_registers
    body = client.get("/transparencia-activa/lobby/").text
    for subject in (mayor, councillor, works):
        assert subject.name in body
    assert "Concejal/a" in body and "Director/a de Obras Municipales" in body
    assert "Proyecto inmobiliario Costanera" in body and "Ciclovía de Avenida Grecia" in body
    assert "Videoconferencia" in body and "$ 845.000" in body and "Agenda del Colegio de Arquitectos" in body


def test_the_public_page_filters_by_person_month_and_register(client, three_registers, clock):
    clock.move_to(datetime(2026, 12, 10, 9, 0, tzinfo=SANTIAGO))
    mayor, councillor, works = three_registers
    page = client.get("/transparencia-activa/lobby/", {"sujeto": councillor.pk}).text
    assert "Registro de lobby de Camila Rojas" in page
    assert "Ciclovía de Avenida Grecia" in page and "Proyecto inmobiliario Costanera" not in page
    march = client.get("/transparencia-activa/lobby/", {"mes": "2026-03"}).text
    assert "Proyecto inmobiliario Costanera" in march and "Agenda del Colegio de Arquitectos" not in march
    trips = client.get("/transparencia-activa/lobby/", {"registro": "viajes", "sujeto": mayor.pk}).text
    assert "$ 845.000" in trips and "Proyecto inmobiliario Costanera" not in trips and 'id="h-audiencias"' not in trips
    # The downloads carry the same filter.
    assert f"/transparencia-activa/lobby/viajes.csv?sujeto={mayor.pk}&amp;registro=viajes" in trips


@pytest.mark.parametrize(
    "query",
    [
        {"mes": "2099-01"},
        {"mes": "marzo"},
        {"mes": "2026-13"},
        {"anio": "1990"},
        {"sujeto": "x"},
        {"sujeto": "99999"},
        {"registro": "otros"},
    ],
)
def test_a_bad_filter_is_a_404_not_a_500(client, three_registers, query):
    assert client.get("/transparencia-activa/lobby/", query).status_code == 404
    assert client.get("/transparencia-activa/lobby/audiencias.csv", query).status_code == 404


def test_csv_and_json_carry_the_art_8_fields_of_each_passive_subject(client, three_registers, clock):
    clock.move_to(datetime(2026, 12, 10, 9, 0, tzinfo=SANTIAGO))
    mayor, councillor, _works = three_registers
    text = client.get("/transparencia-activa/lobby/audiencias.csv", {"sujeto": councillor.pk}).content.decode(
        "utf-8-sig"
    )
    lines = text.splitlines()
    assert lines[0].startswith(
        "Sujeto pasivo,Cargo,Fecha,Hora,Lugar,Modalidad,A nombre de quién se gestionan intereses"
    )
    assert len(lines) == 2 and "Camila Rojas,Concejal/a,2026-03-09,10:00" in lines[1]
    assert "Videoconferencia" in lines[1] and "Rosa Díaz (Lobbista (remunerado/a); Inmobiliaria Norte SpA)" in lines[1]
    data = json.loads(client.get("/transparencia-activa/lobby/viajes.json", {"sujeto": mayor.pk}).content)
    assert data["sujeto_pasivo"] == "Jonathan Velásquez"
    [trip] = data["filas"]
    assert (trip["cost"], trip["date_start"], trip["passive_subject"]) == (845000, "2026-03-10", "Jonathan Velásquez")


def test_the_infolobby_export_follows_the_column_list_kept_as_data(client, three_registers, clock):
    from protocol.lobby_exports import ensure_export_columns
    from protocol.models import LobbyExportColumn, LobbyRules

    clock.move_to(datetime(2026, 12, 10, 9, 0, tzinfo=SANTIAGO))
    ensure_export_columns()
    url = "/transparencia-activa/lobby/audiencias/infolobby.csv"
    lines = client.get(url, {"mes": "2026-03"}).content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Institución,Identificador,Sujeto pasivo,Cargo,Fecha,Hora,Lugar,Forma,Materia")
    assert len(lines) == 3 and all(line.startswith("Municipalidad de Antofagasta,") for line in lines[1:])
    # Gabinete fixes the layout when the CPLT confirms it: the export follows, no release needed.
    clock.move_to(datetime(2026, 12, 10, 9, 5, tzinfo=SANTIAGO))
    column = LobbyExportColumn.objects.get(register="audiencia", field="modality")
    column.header = "Modalidad de la audiencia"
    column.save()
    rules = LobbyRules.current()
    rules.infolobby_layout = "Planilla de carga masiva InfoLobby, versión confirmada por el CPLT."
    rules.save()
    lines = client.get(url, {"mes": "2026-03"}).content.decode("utf-8-sig").splitlines()
    assert ",Modalidad de la audiencia," in lines[0]
    assert "versión confirmada por el CPLT" in client.get("/transparencia-activa/lobby/").text


def test_an_export_column_must_name_a_field_of_its_register(db):
    from django.core.exceptions import ValidationError

    from protocol.models import LobbyExportColumn

    with pytest.raises(ValidationError, match="no es un dato de este registro"):
        LobbyExportColumn(register="viaje", position=99, header="Materia", field="subject").full_clean()


def test_a_month_closed_without_records_says_so_on_the_public_page(client, three_registers, clock):
    from django.contrib.auth import get_user_model

    from protocol.models import LobbyMonthClosing

    clock.move_to(datetime(2026, 12, 10, 9, 0, tzinfo=SANTIAGO))
    mayor, councillor, works = three_registers
    keeper = get_user_model().objects.create_superuser("cierre", "cierre@example.org", "x")
    before = client.get("/transparencia-activa/lobby/", {"mes": "2026-10", "sujeto": mayor.pk})
    clock.move_to(datetime(2026, 12, 10, 9, 5, tzinfo=SANTIAGO))
    LobbyMonthClosing.objects.create(
        subject=mayor, register="audiencia", month=date(2026, 10, 1), record_count=0, closed_by=keeper
    )
    LobbyMonthClosing.objects.create(
        subject=works, register="donativo", month=date(2026, 10, 1), record_count=1, closed_by=keeper
    )
    after = client.get("/transparencia-activa/lobby/", {"mes": "2026-10", "sujeto": mayor.pk})
    assert "Sin audiencias en el mes" not in before.text
    assert "Sin audiencias en el mes" in after.text
    assert after["Last-Modified"] != before["Last-Modified"] or after["ETag"] != before["ETag"]  # the stamp moved
    everyone = " ".join(
        re.sub(r"<[^>]+>", "", client.get("/transparencia-activa/lobby/", {"mes": "2026-10"}).text).split()
    )
    assert "Sin audiencias en el mes — Jonathan Velásquez" in everyone
    assert "Mes cerrado con 1 registro — Rodrigo Fuentes" in everyone


def test_lobby_uses_the_real_protocol_contract(client, db):
    response = client.get("/transparencia-activa/lobby/")
    assert response.status_code == 200
    assert "Aún no hay sujetos pasivos registrados" in response.text
    assert "Sin audiencias publicadas en el período." in response.text


# --- the real register, through protocol.public ---------------------------------------------------

#: register slug, CSV/JSON part, factory, the text field a correction changes.
LOBBY_REGISTERS = [
    pytest.param("audiencia", "audiencias", "LobbyAudienceFactory", "matter", id="audiencias"),
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
    record = _publish(getattr(factories, factory_name)(**{field: "Texto publicado"}), by=gabinete_user)
    clock.move_to(datetime(2026, 11, 17, 9, 0, tzinfo=SANTIAGO))
    setattr(record, field, "Texto corregido")
    record.correction_reason = "Error de transcripción"
    if register == "audiencia":
        services.lobby_audience_save(audience=record, by=gabinete_user, expected_version=record.version)
    else:
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
    assert "Corregido el 18-11-2026" in page and "(Error de transcripción)" in page and f'href="{history_url}"' in page
    assert csv_text.splitlines()[0].endswith(",Corregido el,Motivo de la corrección")
    assert ",2026-11-18,Error de transcripción" in csv_text
    [row] = json.loads(json_text)["filas"]
    assert row["version"] == 2 and row["corrected_on"] == "2026-11-18" and row["reason"] == "Error de transcripción"

    history = client.get(history_url)
    assert history.status_code == 200
    body = history.text
    assert body.index("Texto corregido") < body.index("Texto publicado")
    assert re.search(r"Versión 2,\s*<span[^>]*>publicada el 18-11-2026", body)
    assert re.search(r"Versión 1,\s*<span[^>]*>publicada el 10-11-2026", body)
    assert "Corregida el 18-11-2026" in body and "Motivo de la corrección:" in body


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
        _publish(record, by=gabinete_user)
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
