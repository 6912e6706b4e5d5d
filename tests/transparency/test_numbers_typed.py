"""Amounts in transparency tables read with the project's one Chilean number parser, and the PDF
that survives an error elsewhere in the form."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from transparency.models import Publication, TableState

from .factories import PLANTA_CSV
from .table_jobs import upload_table
from .test_views import last_month, prepare_url

pytestmark = pytest.mark.date_sensitive  # the month being prepared is last month

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _csv(name, text):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_an_amount_of_1_843_is_published_as_1843_not_1_84(client, catalogue, people):
    client.force_login(people["enlace"])
    section = catalogue[("d", "planta")]
    text = PLANTA_CSV.replace("2.145.300", "1.843")
    response = upload_table(client, prepare_url(section, last_month()), _csv("p.csv", text))
    assert response.status_code == 302
    assert Publication.objects.get().table_rows[0][6] == 1843


def test_a_decimal_of_8_702_5_is_published_exactly(client, catalogue, user_factory):
    client.force_login(user_factory("enlace", "administracion-y-finanzas", username="enlace.finanzas"))
    section = catalogue[("k", "ejecucion")]
    text = (
        "Subtítulo;Denominación;Presupuesto vigente;Devengado acumulado;Porcentaje de ejecución\n"
        "21;Gastos en personal;$ 8.702.500;1 843 000;8.702,5\n"
    )
    response = upload_table(client, prepare_url(section, last_month()), _csv("e.csv", text))
    assert response.status_code == 302
    row = Publication.objects.get().table_rows[0]
    assert row[2:] == [8702500, 1843000, "8702.5"]
    assert Decimal(row[4]) == Decimal("8702.5")


def test_a_malformed_amount_is_refused_with_how_to_write_it(client, catalogue, people):
    client.force_login(people["enlace"])
    section = catalogue[("d", "planta")]
    text = PLANTA_CSV.replace("2.145.300", "2.145.30")
    response = upload_table(client, prepare_url(section, last_month()), _csv("p.csv", text), follow=True)
    body = response.content.decode()
    publication = Publication.objects.get()
    assert publication.table_state == TableState.ERRORS and publication.table_rows == []
    assert "«2.145.30» no es un número válido" in body and "1.843" in body


def test_a_chosen_pdf_is_kept_when_its_title_is_missing(client, catalogue, user_factory):
    client.force_login(user_factory("enlace", "administracion-y-finanzas", username="enlace.finanzas"))
    section = catalogue[("k", "presupuesto")]
    pdf = SimpleUploadedFile("presupuesto-2026.pdf", PDF_BYTES, content_type="application/pdf")
    body = client.post(prepare_url(section, last_month()), {"mode": "contenido", "document_file": pdf}).content.decode()
    assert "Indique el título del documento" in body
    assert "Archivo adjunto conservado: presupuesto-2026.pdf" in body
    token = re.search(r'name="document_file_conservado" value="([^"]+)"', body)[1]
    response = client.post(
        prepare_url(section, last_month()),
        {"mode": "contenido", "document_title": "Presupuesto 2026", "document_file_conservado": token},
    )
    assert response.status_code == 302
    document = Publication.objects.get(section=section).documents.get()
    assert document.file.read() == PDF_BYTES
