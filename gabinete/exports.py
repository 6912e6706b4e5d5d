"""CSV and XLSX files the project hands out: one writer, used by every export, public files included.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or a carriage
return before one) as a formula: a headline like `=HYPERLINK("https://…","ver")` typed by anyone
becomes a link or a command when a colleague opens the export. Every *text* cell starting with one of
those characters is written with a leading apostrophe, as OWASP recommends ("CSV Injection");
numbers stay numbers, so a negative value is still a negative value in Excel.

    return csv_response("contactos-de-prensa.csv", header, rows)                     # es-CL: ";" and BOM
    return csv_response("archivo.csv", header, rows_iterator, stream=True)           # big lists
    return csv_response("tabla.csv", header, rows, fmt=OPEN_DATA)                   # public open data
    return xlsx_response("indicadores.xlsx", header, rows, sheet_title="Indicadores 2026")
    return jobs.JobOutput("archivo.csv", csv_file(header, rows_iterator))            # a job's big export
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.files import File
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

#: What a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class CsvFormat:
    """How a CSV is written: separator, decimal mark, date format, and whether it starts with a BOM
    (Excel opens UTF-8 correctly only with one)."""

    delimiter: str
    decimal_mark: str
    date_format: str
    bom: bool = True


#: What Excel in Chile reads by double click: "87,5" in columns separated by ";", dates dd-mm-aaaa.
ES_CL = CsvFormat(delimiter=";", decimal_mark=",", date_format="%d-%m-%Y")
#: Open data for the public (transparency): comma separated, decimal point, ISO dates.
OPEN_DATA = CsvFormat(delimiter=",", decimal_mark=".", date_format="%Y-%m-%d")


def neutralise(text: str) -> str:
    """A text cell a spreadsheet will never run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _csv_cell(value, fmt: CsvFormat) -> str:
    if value is None:
        return ""
    if _is_number(value):
        text = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
        return text.replace(".", fmt.decimal_mark)
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime(fmt.date_format + " %H:%M")
    if isinstance(value, date):
        return value.strftime(fmt.date_format)
    return neutralise(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence, rows: Iterable[Sequence], *, fmt: CsvFormat = ES_CL) -> Iterable[str]:
    """The CSV text, line by line (the first with the BOM when the format has one)."""
    writer = csv.writer(_Echo(), delimiter=fmt.delimiter)
    yield ("\ufeff" if fmt.bom else "") + writer.writerow([_csv_cell(v, fmt) for v in header])
    for row in rows:
        yield writer.writerow([_csv_cell(v, fmt) for v in row])


def csv_text(header: Sequence, rows: Iterable[Sequence], *, fmt: CsvFormat = ES_CL) -> str:
    return "".join(csv_lines(header, rows, fmt=fmt))


def csv_file(header: Sequence, rows: Iterable[Sequence], *, fmt: CsvFormat = ES_CL) -> File:
    """The CSV written to a temporary file while the rows are read (a job's long export never sits
    in memory whole); the file is rewound, ready to be stored, and vanishes when closed."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (the caller stores it, then closes it)
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=False)
    for line in csv_lines(header, rows, fmt=fmt):
        text.write(line)
    text.flush()
    text.detach()
    spool.seek(0)
    return File(spool, name="export.csv")


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    filename: str, header: Sequence, rows: Iterable[Sequence], *, fmt: CsvFormat = ES_CL, stream: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """A CSV download. `stream=True` writes it while the rows are read (a long list never sits in
    memory whole)."""
    content_type = "text/csv; charset=utf-8"
    if stream:
        return _attachment(StreamingHttpResponse(csv_lines(header, rows, fmt=fmt), content_type=content_type), filename)
    return _attachment(HttpResponse(csv_text(header, rows, fmt=fmt), content_type=content_type), filename)


def _xlsx_cell(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or _is_number(value):
        return float(value) if isinstance(value, Decimal) else value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def xlsx_bytes(
    header: Sequence, rows: Iterable[Sequence], *, sheet_title: str = "Datos", widths: Sequence[int] = ()
) -> bytes:
    """A one-sheet workbook: bold header, frozen first row, the given column widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append([_xlsx_cell(v) for v in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(
    filename: str,
    header: Sequence,
    rows: Iterable[Sequence],
    *,
    sheet_title: str = "Datos",
    widths: Sequence[int] = (),
) -> HttpResponse:
    body = xlsx_bytes(header, rows, sheet_title=sheet_title, widths=widths)
    return _attachment(HttpResponse(body, content_type=XLSX_CONTENT_TYPE), filename)
