"""The one CSV/XLSX writer: text that looks like a formula goes out inert; numbers stay numbers."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gabinete import exports
from tests.hostile_cells import HOSTILE, neutralised, neutralised_in_xlsx


def _csv_back(text: str, delimiter=";") -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter))


@pytest.mark.parametrize("value", HOSTILE)
def test_a_csv_text_cell_that_looks_like_a_formula_is_written_with_an_apostrophe(value):
    rows = _csv_back(exports.csv_text(["Titular"], [[value]]))
    assert rows == [["Titular"], [neutralised(value)]]


@pytest.mark.parametrize("value", HOSTILE)
def test_an_xlsx_text_cell_that_looks_like_a_formula_is_text_with_an_apostrophe(value):
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(["Titular"], [[value]]))).active
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value == neutralised_in_xlsx(value)


def test_numbers_stay_numbers_negative_ones_too_in_csv_and_xlsx():
    row = [-5, Decimal("-3.50"), -0.25, Decimal("1843"), date(2026, 3, 4), None, "texto"]
    assert _csv_back(exports.csv_text(list("abcdefg"), [row]))[1] == [
        "-5",
        "-3,5",
        "-0,25",
        "1843",
        "04-03-2026",
        "",
        "texto",
    ]
    assert _csv_back(exports.csv_text(list("abcdefg"), [row], fmt=exports.OPEN_DATA), delimiter=",")[1] == [
        "-5",
        "-3.5",
        "-0.25",
        "1843",
        "2026-03-04",
        "",
        "texto",
    ]
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(list("abcdefg"), [row]))).active
    values = [c.value for c in sheet[2]]
    assert values[:4] == [-5, -3.5, -0.25, 1843] and all(c.data_type == "n" for c in sheet[2][:4])


def test_control_characters_that_xlsx_cannot_hold_are_dropped_not_an_error():
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(["Titular"], [["Nota\x00 con\x07 control"]]))).active
    assert sheet["A2"].value == "Nota con control"


def test_a_streamed_csv_is_the_same_file():
    rows = [["=1", -2], ["b", 3]]
    streamed = exports.csv_response("x.csv", ["a", "n"], iter(rows), stream=True)
    whole = exports.csv_response("x.csv", ["a", "n"], rows)
    assert b"".join(streamed.streaming_content) == whole.content
    assert whole["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert whole["Content-Type"] == "text/csv; charset=utf-8"


def test_a_jobs_csv_file_holds_the_same_text_as_the_direct_download():
    header, rows = ["titular", "valor"], [["=1+1", Decimal("87.5")], ["Ñuñoa", -3]]
    stored = exports.csv_file(header, iter(rows))
    try:
        assert stored.read().decode("utf-8") == exports.csv_text(header, rows)
    finally:
        stored.close()
