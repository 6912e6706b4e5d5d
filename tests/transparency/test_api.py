"""The open data API (issue 18 point 12): read-only JSON under /api/v1/, documented by its generated
OpenAPI description, paginated, readable from any origin, and showing only what the public pages show."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from gabinete.models import Directorate
from protocol import services as protocol_services
from tests.conftest import SANTIAGO
from tests.protocol.factories import LobbyAudienceFactory, LobbyTripFactory
from tests.transparency.factories import planta_content, published
from tests.transparency.test_access_requests import DATA as ACCESS_DATA
from transparency import access_requests, services
from transparency.models import AccessChannel, AccessOutcome, Action

pytestmark = pytest.mark.django_db

API = "/api/v1/"
NOVEMBER = date(2026, 11, 1)


def _schema(client) -> dict:
    response = client.get(f"{API}esquema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _validator(schema: dict, pointer: str) -> OAS30Validator:
    """Validates an answer against one response schema of the document, its $refs resolved."""
    registry = Registry().with_resource("urn:api", Resource.from_contents(schema, default_specification=DRAFT4))
    return OAS30Validator({"$ref": f"urn:api#{pointer}"}, registry=registry)


def _get_json(client, url, **params):
    response = client.get(url, params, HTTP_ORIGIN="https://datos.example.org")
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def test_the_openapi_document_validates(client):
    schema = _schema(client)
    validate_spec(schema)
    assert schema["info"]["version"] == "1"
    paths = set(schema["paths"])
    assert {
        "/api/v1/catalogo/",
        "/api/v1/catalogo/{letra}/",
        "/api/v1/publicaciones/",
        "/api/v1/publicaciones/{id}/",
        "/api/v1/publicaciones/{id}/versiones/",
        "/api/v1/lobby/audiencias/",
        "/api/v1/lobby/viajes/",
        "/api/v1/lobby/donativos/",
        "/api/v1/lobby/sujetos-pasivos/",
        "/api/v1/solicitudes/estadisticas/",
        "/api/v1/solicitudes/estadisticas/{anio}/",
        "/api/v1/solicitudes/respondidas/",
        "/api/v1/actos-reservados/",
    } <= paths
    # Read-only: no path offers anything but GET.
    assert {method for path in schema["paths"].values() for method in path} == {"get"}


def test_every_endpoint_answers_with_demo_data_as_its_schema_says(client, django_assert_max_num_queries):
    with override_settings(DEBUG=True):  # seed_demo refuses to run in production
        call_command("seed_demo", verbosity=0)
    schema = _schema(client)
    values = {
        "letra": "d",
        "id": str(_get_json(client, f"{API}publicaciones/", item="d", por_pagina=1)["results"][0]["id"]),
        "anio": "2026",
    }
    read = 0
    for path in schema["paths"]:
        url = re.sub(r"{(\w+)}", lambda m: values[m.group(1)], path)
        with django_assert_max_num_queries(8):
            body = _get_json(client, url)
        errors = list(
            _validator(
                schema, f"/paths/{path.replace('/', '~1')}/get/responses/200/content/application~1json/schema"
            ).iter_errors(body)
        )
        assert errors == [], (path, [e.message for e in errors[:3]])
        if "results" in body:
            assert body["results"], f"{path} answered an empty page with the demo data"
        read += 1
    assert read == len(schema["paths"]) >= 13


def test_a_version_in_review_is_not_in_the_api_until_it_is_published(client, catalogue, people):
    section = catalogue[("d", "planta")]
    draft = services.publication_prepare(
        section=section, period=NOVEMBER, content=planta_content(section=section), by=people["enlace"]
    )
    assert _get_json(client, f"{API}publicaciones/")["count"] == 0
    assert client.get(f"{API}publicaciones/{draft.pk}/").status_code == 404
    assert client.get(f"{API}publicaciones/{draft.pk}/versiones/").status_code == 404


def test_a_published_table_comes_with_its_columns_and_rows_and_its_corrections_as_versions(client, catalogue, people):
    section = catalogue[("d", "planta")]
    first = published(section, NOVEMBER, people)
    fixed = services.publication_correct(
        publication=first,
        content=planta_content(section=section),
        reason="Se corrige el grado de un funcionario.",
        by=people["enlace"],
    )
    for action, who in ((Action.SEND, "director"), (Action.APPROVE, "juridica"), (Action.PUBLISH, "gabinete")):
        fixed = services.publication_transition(action=action, publication=fixed, by=people[who])

    detail = _get_json(client, f"{API}publicaciones/{first.pk}/")
    assert detail["mes_actualizacion"] == "2026-11" and detail["informacion_al"] == "2026-10-31"
    assert detail["periodo_descripcion"] == "Actualización de noviembre de 2026 — información al 31-10-2026"
    assert [c["clave"] for c in detail["tabla"]["columnas"]][:2] == [c.key for c in section.columns.all()][:2]
    assert detail["tabla"]["filas"][0]["apellido_paterno"] == "González"

    every = _get_json(client, f"{API}publicaciones/", item="d", seccion="planta")
    assert [p["version"] for p in every["results"]] == [2, 1]
    assert "tabla" not in every["results"][0]  # the list is light; the table is in the detail
    current = _get_json(client, f"{API}publicaciones/", item="d", seccion="planta", vigentes="true")
    assert [(p["version"], p["corrige_version"]) for p in current["results"]] == [(2, 1)]
    assert current["results"][0]["motivo_correccion"] == "Se corrige el grado de un funcionario."
    versions = _get_json(client, f"{API}publicaciones/{first.pk}/versiones/")
    assert [v["version"] for v in versions] == [2, 1]


def test_the_list_is_paginated_and_a_page_has_at_most_five_hundred_rows(client, catalogue, people):
    section = catalogue[("d", "planta")]
    for month in (8, 9, 10, 11):
        published(section, date(2026, month, 1), people)
    page = _get_json(client, f"{API}publicaciones/", por_pagina=3)
    assert page["count"] == 4 and len(page["results"]) == 3
    assert "pagina=2" in page["next"]
    assert [p["mes_actualizacion"] for p in page["results"]] == ["2026-11", "2026-10", "2026-09"]
    assert len(_get_json(client, page["next"])["results"]) == 1
    beyond = client.get(f"{API}publicaciones/", {"pagina": 9})
    assert beyond.status_code == 404 and beyond.json()["detail"].startswith("Esa página no existe")
    from transparency.api import Pagination

    assert Pagination.max_page_size == 500


def test_the_number_of_queries_does_not_grow_with_the_publications(
    client, catalogue, people, django_assert_max_num_queries
):
    section = catalogue[("d", "planta")]
    for month in range(1, 12):
        published(section, date(2026, month, 1), people)
    with django_assert_max_num_queries(4):
        assert _get_json(client, f"{API}publicaciones/")["count"] == 11
    with django_assert_max_num_queries(4):
        assert len(_get_json(client, f"{API}catalogo/")["results"]) == len({k[0] for k in catalogue})


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"anio": "20x6"}, "anio", "Indique un año de cuatro cifras"),
        ({"anio": "2026", "mes": "13"}, "mes", "Indique un mes entre 1 y 12"),
        ({"mes": "3"}, "mes", "junto con el año"),
        ({"vigentes": "quizás"}, "vigentes", "Indique true o false"),
        ({"item": "<script>"}, "item", "Use solo minúsculas"),
    ],
)
def test_a_malformed_filter_gets_a_clear_message_in_spanish(client, params, field, message):
    response = client.get(f"{API}publicaciones/", params)
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


def test_anyone_reads_it_from_another_origin_but_nobody_writes_through_it(client):
    response = client.get(f"{API}catalogo/", HTTP_ORIGIN="https://datos.example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert response["Cache-Control"] == "public, max-age=60"
    preflight = client.options(
        f"{API}catalogo/", HTTP_ORIGIN="https://datos.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    for method in (client.post, client.put, client.delete):
        refused = method(f"{API}catalogo/")
        assert refused.status_code == 405 and refused.json()["detail"] == "La API es de solo lectura: acepta solo GET."
    # CORS is for the API only: the staff's pages send no such header.
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN="https://datos.example.org")


def test_the_lobby_registers_show_only_published_versions_by_year(client, user_factory):
    protocol_user = user_factory("gabinete", "gabinete-de-alcaldia", team="protocolo", username="protocolo.t")
    shown = LobbyAudienceFactory(date=date(2026, 11, 10), matter="Plan de reciclaje")
    shown.attendees.create(name="Rosa Díaz", role="lobbista", represents="Reciclajes del Norte")
    protocol_services.lobby_record_check(record=shown, by=protocol_user)
    LobbyAudienceFactory(date=date(2026, 11, 12), matter="Aún sin revisar")  # not checked: private
    trip = LobbyTripFactory(date_start=date(2025, 3, 2), date_end=date(2025, 3, 4))
    protocol_services.lobby_record_check(record=trip, by=protocol_user)

    audiences = _get_json(client, f"{API}lobby/audiencias/")
    assert [a["subject"] for a in audiences["results"]] == ["Plan de reciclaje"]
    assert audiences["results"][0]["attendees"][0]["represents"] == "Reciclajes del Norte"
    assert _get_json(client, f"{API}lobby/viajes/", anio=2026)["count"] == 0
    assert _get_json(client, f"{API}lobby/viajes/", anio=2025)["count"] == 1
    assert client.get(f"{API}lobby/audiencias/", {"sujeto_pasivo": "x"}).status_code == 400


@pytest.fixture
def answered(people, clock):
    clock.move_to(datetime(2026, 12, 4, 10, tzinfo=SANTIAGO))
    request = access_requests.access_request_submit(data=ACCESS_DATA, channel=AccessChannel.WEB, by=None)
    access_requests.access_request_admit(
        request=request, by=people["gabinete"], directorate=Directorate.objects.get(slug="gestion-de-personas")
    )
    access_requests.access_request_save_answer(
        request=request,
        by=people["enlace"],
        data={"outcome": AccessOutcome.GRANTED, "answer_text": "Se adjuntan los decretos solicitados."},
    )
    access_requests.access_request_step(request=request, by=people["enlace"], action="submit")
    access_requests.access_request_step(request=request, by=people["juridica"], action="approve")
    return access_requests.access_request_step(request=request, by=people["administrador"], action="sign")


def test_the_answered_requests_never_carry_who_asked(client, answered):
    body = client.get(f"{API}solicitudes/respondidas/").content.decode()
    assert answered.number in body and "decretos de pago" in body
    for personal in (ACCESS_DATA["requester_name"], ACCESS_DATA["email"], answered.token):
        assert personal not in body


def test_the_yearly_statistics_are_those_of_the_portal(client, answered):
    stats = _get_json(client, f"{API}solicitudes/estadisticas/2026/")
    expected = access_requests.yearly_stats(2026)
    assert stats["recibidas"] == expected.received == 1 and stats["respondidas"] == 1
    assert {r["respuesta"]: r["cantidad"] for r in stats["por_respuesta"]}["Entregada"] == 1
    assert stats["por_direccion"][0]["direccion"] == "Dirección de Gestión de Personas"
    missing = client.get(f"{API}solicitudes/estadisticas/2019/")
    assert missing.status_code == 404 and missing.json()["detail"].startswith("No existe")
    assert [y["anio"] for y in _get_json(client, f"{API}solicitudes/estadisticas/")["results"]] == [2026]


@override_settings(API_RATE="3/minute")
def test_one_address_is_slowed_down_after_its_rate_and_told_why_in_spanish(client):
    for _ in range(3):
        assert client.get(f"{API}catalogo/").status_code == 200
    refused = client.get(f"{API}catalogo/")
    assert refused.status_code == 429 and "Demasiadas consultas" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    # Another address keeps its own count.
    assert client.get(f"{API}catalogo/", REMOTE_ADDR="10.1.2.3").status_code == 200
