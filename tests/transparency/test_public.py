import json
from datetime import timedelta

import pytest
from django.utils import timezone

from transparency import services
from transparency.models import Action

from .factories import PLANTA_CSV, planta_content, published


def last_month():
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def test_public_page_lists_items_in_legal_order_without_login(client, catalogue):
    response = client.get("/transparencia-activa/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Transparencia Activa — Municipalidad de Antofagasta" in body
    positions = [
        body.index(f"/transparencia-activa/{letter}/")
        for letter in ["diario-oficial", *"abcdefghijklm", "avisaje", "registro-lobby", "probidad"]
    ]
    assert positions == sorted(positions)


@pytest.mark.date_sensitive
def test_item_page_shows_latest_content_update_date_history_and_downloads(client, catalogue, people):
    period = last_month()
    pub = published(catalogue[("d", "planta")], period, people)
    body = client.get("/transparencia-activa/d/").content.decode()
    assert "Fecha de última actualización" in body
    assert timezone.localtime(pub.published_at).strftime("%d-%m-%Y") in body
    assert "González" in body and "$ 2.145.300" in body
    assert f"/transparencia-activa/d/{period.year}/{period.month}/" in body
    assert f"/transparencia-activa/d/planta/{period.year}/{period.month}.csv" in body


@pytest.mark.date_sensitive
def test_csv_and_json_downloads(client, catalogue, people):
    period = last_month()
    published(catalogue[("d", "planta")], period, people)
    csv_response = client.get(f"/transparencia-activa/d/planta/{period.year}/{period.month}.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    text = csv_response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Estamento,Apellido paterno") and "2145300" in text
    data = json.loads(client.get(f"/transparencia-activa/d/planta/{period.year}/{period.month}.json").content)
    assert data["filas"][0]["remuneracion_bruta"] == 2145300 and data["version"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/transparencia-activa/zz/",
        "/transparencia-activa/d/2099/1/",
        "/transparencia-activa/d/2020/13/",
        "/transparencia-activa/d/planta/2099/1.csv",
    ],
)
def test_future_month_or_unknown_item_is_404(client, catalogue, path):
    assert client.get(path).status_code == 404


@pytest.mark.date_sensitive
def test_future_month_of_this_year_is_404(client, catalogue):
    nxt = timezone.localdate().replace(day=28) + timedelta(days=10)
    assert client.get(f"/transparencia-activa/d/{nxt.year}/{nxt.month}/").status_code == 404


@pytest.mark.date_sensitive
def test_month_page_shows_correction_note_and_both_versions(client, catalogue, people):
    period = last_month()
    planta = catalogue[("d", "planta")]
    first = published(planta, period, people)
    correction = services.publication_correct(
        publication=first,
        content=planta_content(PLANTA_CSV.replace("2.145.300", "2.245.300"), planta),
        reason="Remuneración mal digitada",
        by=people["enlace"],
    )
    services.publication_transition(action=Action.SEND, publication=correction, by=people["director"])
    services.publication_transition(action=Action.APPROVE, publication=correction, by=people["juridica"])
    services.publication_transition(action=Action.PUBLISH, publication=correction, by=people["gabinete"])
    body = client.get(f"/transparencia-activa/d/{period.year}/{period.month}/").content.decode()
    assert "Remuneración mal digitada" in body and "Esta versión fue corregida" in body
    assert "$ 2.245.300" in body and "$ 2.145.300" in body
    item_body = client.get("/transparencia-activa/d/").content.decode()
    assert "Notas de corrección" in item_body and "$ 2.245.300" in item_body
    old = client.get(f"/transparencia-activa/d/planta/{period.year}/{period.month}.csv?version=1").content.decode(
        "utf-8-sig"
    )
    assert "2145300" in old


@pytest.mark.date_sensitive
def test_conditional_get_returns_304_and_publication_invalidates(client, catalogue, people):
    first = client.get("/transparencia-activa/d/")
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    assert "must-revalidate" in first["Cache-Control"]
    again = client.get("/transparencia-activa/d/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    published(catalogue[("d", "planta")], last_month(), people)
    after = client.get("/transparencia-activa/d/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert "González" in after.content.decode()


def test_if_modified_since_gives_304(client, catalogue):
    first = client.get("/transparencia-activa/")
    assert client.get("/transparencia-activa/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


@pytest.mark.date_sensitive
def test_search_finds_item_names_and_published_text(client, catalogue, people):
    published(catalogue[("d", "planta")], last_month(), people)
    body = client.get("/transparencia-activa/", {"q": "gonzalez"}).content.decode()
    assert "Personal de planta" in body
    body = client.get("/transparencia-activa/", {"q": "auditorias"}).content.decode()
    assert "/transparencia-activa/l/" in body
    body = client.get("/transparencia-activa/", {"q": "zzzzz"}).content.decode()
    assert "No se encontró" in body


@pytest.mark.date_sensitive
def test_unpublished_content_is_not_public(client, catalogue, people):
    planta = catalogue[("d", "planta")]
    services.publication_prepare(
        section=planta, period=last_month(), content=planta_content(section=planta), by=people["enlace"]
    )
    assert "González" not in client.get("/transparencia-activa/d/").content.decode()
    period = last_month()
    assert client.get(f"/transparencia-activa/d/{period.year}/{period.month}/").status_code == 404


@pytest.mark.date_sensitive
@pytest.mark.parametrize("count", [5, 50])
def test_public_pages_query_count_does_not_grow(client, catalogue, people, count, django_assert_max_num_queries):
    planta = catalogue[("d", "planta")]
    start = last_month()
    for n in range(count if count == 5 else 12):
        period = start
        for _ in range(n):
            period = (period - timedelta(days=1)).replace(day=1)
        published(planta, period, people)
    with django_assert_max_num_queries(8):
        client.get("/transparencia-activa/")
    with django_assert_max_num_queries(10):
        client.get("/transparencia-activa/d/")


@pytest.mark.date_sensitive
@pytest.mark.parametrize("text", ["gonzalez\x1b\x07", "\x07gonzalez"])
def test_search_ignores_control_characters(client, catalogue, people, text):
    """Invisible control characters pasted with the words are dropped (a NUL is refused before any
    view: tests/security/test_invalid_characters.py)."""
    published(catalogue[("d", "planta")], last_month(), people)
    response = client.get("/transparencia-activa/", {"q": text})
    assert response.status_code == 200
    assert "No se encontró" not in response.content.decode()  # found as "gonzalez"
