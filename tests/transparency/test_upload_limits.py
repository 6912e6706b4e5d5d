"""Archive bombs and oversized tables are refused before they are parsed, through the upload page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.zip_bombs import REFUSED_BEFORE_PARSING, Inflated, empty_rows_bomb, shared_string_bomb
from transparency.models import Publication
from transparency.tables import TableError, parse_table

from .factories import PLANTA_CSV
from .table_jobs import upload_table
from .test_views import last_month, prepare_url


def cols(catalogue, letter, slug):
    return list(catalogue[(letter, slug)].columns.all())


@pytest.mark.date_sensitive
@pytest.mark.parametrize("bomb", [empty_rows_bomb, shared_string_bomb], ids=["30M-empty-rows", "400MB-string"])
def test_an_xlsx_bomb_is_refused_before_it_is_parsed_with_a_spanish_message(
    client, catalogue, people, bomb, monkeypatch
):
    data = bomb()
    assert len(data) < 420 * 1024
    client.force_login(people["enlace"])
    page = prepare_url(catalogue[("d", "planta")], last_month())
    assert client.get(page).status_code == 200
    upload = SimpleUploadedFile("planta.xlsx", data)
    inflated = Inflated(monkeypatch)
    response = client.post(page, {"mode": "contenido", "table_file": upload})
    assert response.status_code == 200
    assert "no se procesa por seguridad" in response.content.decode()
    assert inflated.bytes < REFUSED_BEFORE_PARSING
    assert not Publication.objects.exists()


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["Fecha de la transferencia", "RUT del receptor", "Persona jurídica receptora", "Finalidad", "Monto"]


def test_an_xlsx_sheet_is_read_only_up_to_the_row_limit_even_when_the_rows_are_empty(catalogue):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.cell(row=30_000, column=1, value="03-02-2026")  # 29,998 empty rows before it
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(TableError) as exc:
        parse_table(buffer.getvalue(), "t.xlsx", cols(catalogue, "f", "ley-19862"))
    assert "más de 20.000 filas" in exc.value.errors[0].message


def test_an_xlsx_wider_than_the_column_limit_is_refused(catalogue):
    data = _xlsx([HEADER + [f"Extra {i}" for i in range(300)], ["03-02-2026"]])
    with pytest.raises(TableError) as exc:
        parse_table(data, "t.xlsx", cols(catalogue, "f", "ley-19862"))
    assert [e.message for e in exc.value.errors] == [
        "La tabla tiene más de 200 columnas: quite las columnas que no corresponden."
    ]


def test_a_csv_is_read_only_up_to_the_row_limit(catalogue):
    text = ";".join(HEADER) + "\n" + "03-02-2026;70.015.730-K;Bomberos;Subvención;15000000\n" * 20_001
    with pytest.raises(TableError) as exc:
        parse_table(text.encode(), "t.csv", cols(catalogue, "f", "ley-19862"))
    assert [e.message for e in exc.value.errors] == [
        "La tabla tiene más de 20.000 filas de datos: divídala en archivos más pequeños."
    ]


@pytest.mark.date_sensitive
def test_a_csv_with_a_giant_cell_gets_a_spanish_message_not_an_error_page(client, catalogue, people):
    header, first = PLANTA_CSV.splitlines()[:2]
    text = f"{header}\n{first}\n" + first.replace(";", ';"' + "B" * 300_000 + '";', 1) + "\n"
    client.force_login(people["enlace"])
    upload = SimpleUploadedFile("t.csv", text.encode())
    response = upload_table(client, prepare_url(catalogue[("d", "planta")], last_month()), upload, follow=True)
    assert response.status_code == 200
    assert "El archivo CSV está mal formado" in response.content.decode()
