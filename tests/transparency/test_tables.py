import io
import os

import pytest
from openpyxl import Workbook

from transparency.tables import TableError, convert_cell, mask_rut, parse_table

from .factories import PLANTA_CSV


def cols(catalogue, letter, slug):
    return list(catalogue[(letter, slug)].columns.all())


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("1.234.567,89", "decimal", "1234567.89"),
        ("1234567", "monto", 1234567),
        ("$ 2.145.300", "monto", 2145300),
        ("1 843", "entero", 1843),
        ("1.843", "entero", 1843),
        ("8.702,5", "decimal", "8702.5"),
        ("1.000", "decimal", "1000"),
        ("-3,5", "decimal", "-3.5"),
        ("0,75", "decimal", "0.75"),
        (1843.0, "entero", 1843),
    ],
)
def test_table_cells_read_numbers_with_the_shared_chilean_parser(raw, kind, expected):
    assert convert_cell(raw, kind) == expected


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("1,234,567.89", "decimal"),
        ("1.23.4", "decimal"),
        ("12a", "monto"),
        ("1.234.567.89", "decimal"),
        ("1.84", "decimal"),
        ("1.84", "monto"),
        ("12,5", "entero"),
    ],
)
def test_wrong_number_formats_are_rejected_with_how_to_write_them(raw, kind):
    with pytest.raises(ValueError, match="1.843"):
        convert_cell(raw, kind)


def test_valid_planta_csv_is_parsed_with_types(catalogue):
    table = parse_table(PLANTA_CSV.encode(), "p.csv", cols(catalogue, "d", "planta"))
    assert [c["key"] for c in table.columns][:2] == ["estamento", "apellido_paterno"]
    assert table.rows[0][6] == 2145300
    assert table.rows[0][7] == "2015-03-01"


def test_latin1_csv_from_excel_is_accepted(catalogue):
    table = parse_table(PLANTA_CSV.encode("cp1252"), "p.csv", cols(catalogue, "d", "planta"))
    assert table.rows[0][1] == "González"


def test_missing_and_extra_columns_are_reported(catalogue):
    text = "Estamento;Nombres;Color favorito\nProfesional;Ana;azul\n"
    with pytest.raises(TableError) as exc:
        parse_table(text.encode(), "p.csv", cols(catalogue, "d", "planta"))
    messages = " ".join(e.message for e in exc.value.errors)
    assert "Columna no esperada «Color favorito»" in messages
    assert "Falta la columna obligatoria «Apellido paterno»" in messages
    assert "Falta la columna obligatoria «Remuneración bruta mensualizada»" in messages


def test_wrong_number_and_date_are_reported_per_row_and_column(catalogue):
    text = PLANTA_CSV + "Auxiliar;Díaz;Cortés;Manuel;18;Chofer;812,640.50;2019-13-45\n"
    with pytest.raises(TableError) as exc:
        parse_table(text.encode(), "p.csv", cols(catalogue, "d", "planta"))
    errors = {(e.row, e.column): e.message for e in exc.value.errors}
    assert "no es un número válido" in errors[(4, "Remuneración bruta mensualizada")]
    assert "fecha válida" in errors[(4, "Fecha de inicio")]


def test_utf16_file_is_reported_as_wrong_encoding(catalogue):
    with pytest.raises(TableError) as exc:
        parse_table(PLANTA_CSV.encode("utf-16"), "p.csv", cols(catalogue, "d", "planta"))
    assert "codificación" in exc.value.errors[0].message


def test_double_encoded_text_is_reported(catalogue):
    garbled = PLANTA_CSV.encode("utf-8").decode("latin-1").encode("utf-8")
    with pytest.raises(TableError) as exc:
        parse_table(garbled, "p.csv", cols(catalogue, "d", "planta"))
    assert "mal codificados" in exc.value.errors[0].message


def test_ten_megabytes_of_junk_is_refused(catalogue):
    with pytest.raises(TableError) as exc:
        parse_table(os.urandom(10 * 1024 * 1024), "p.csv", cols(catalogue, "d", "planta"))
    assert "máximo es 5 MB" in exc.value.errors[0].message


def test_binary_junk_under_the_limit_is_refused(catalogue):
    with pytest.raises(TableError) as exc:
        parse_table(b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "p.csv", cols(catalogue, "d", "planta"))
    assert "no es una planilla" in exc.value.errors[0].message or "codificación" in exc.value.errors[0].message


BENEFICIARIES = (
    "Programa,Nombre del beneficiario,RUT,Fecha de otorgamiento,Beneficio\nBeca,Ana Soto,12.345.678-5,05-03-2026,Beca\n"
)


def test_rut_in_beneficiaries_table_is_masked(catalogue):
    table = parse_table(BENEFICIARIES.encode(), "b.csv", cols(catalogue, "i", "beneficiarios"))
    assert table.rows[0][2] == "**.***.678-5"
    assert "RUT" in table.masked
    assert "12.345.678" not in str(table.rows)


def test_invalid_rut_is_reported(catalogue):
    text = BENEFICIARIES.replace("12.345.678-5", "12.345.678-9")
    with pytest.raises(TableError) as exc:
        parse_table(text.encode(), "b.csv", cols(catalogue, "i", "beneficiarios"))
    assert exc.value.errors[0].row == 2 and "RUT válido" in exc.value.errors[0].message


def test_personal_data_column_marked_refuse_is_refused(catalogue):
    text = "Programa,Nombre del beneficiario,Domicilio,Fecha de otorgamiento,Beneficio\nBeca,Ana,Calle 1 123,05-03-2026,Beca\n"
    with pytest.raises(TableError) as exc:
        parse_table(text.encode(), "b.csv", cols(catalogue, "i", "beneficiarios"))
    assert "dato personal que no se publica" in exc.value.errors[0].message


def test_xlsx_upload_is_read(catalogue):
    wb = Workbook()
    ws = wb.active
    ws.append(["Fecha de la transferencia", "RUT del receptor", "Persona jurídica receptora", "Finalidad", "Monto"])
    ws.append(["03-02-2026", "70.015.730-K", "Bomberos", "Subvención", 15000000])
    buffer = io.BytesIO()
    wb.save(buffer)
    table = parse_table(buffer.getvalue(), "t.xlsx", cols(catalogue, "f", "ley-19862"))
    assert table.rows[0][4] == 15000000
    assert table.rows[0][1] == "70.015.730-K"


def test_mask_rut_keeps_only_last_digits():
    assert mask_rut("7.654.321-K") == "**.***.321-K"
