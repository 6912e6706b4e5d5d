"""Reading an uploaded table (CSV or XLSX) against the columns a sub-section defines.

Everything wrong is reported per row and column in Spanish, and nothing is kept unless the whole file
is valid. Numbers follow the Chilean format ("1.234.567,89"); RUTs are checked with django-localflavor;
personal data is refused or masked as the column says.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from localflavor.cl.forms import CLRutField

from gabinete.numbers import parse_chilean_number
from gabinete.uploads import (
    CSV,
    SPREADSHEET,
    TABLE_MAX_COLUMNS,
    TABLE_MAX_ROWS,
    csv_rows,
    sniff,
    too_many_columns,
    too_many_rows,
)

from .models import ColumnKind, PersonalData

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = TABLE_MAX_ROWS
MAX_ERRORS_SHOWN = 200
#: How often (in rows) a parse reports its progress.
PROGRESS_EVERY = 1000

Progress = Callable[[int], None]

_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]")


def normalise(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: for matching headers and for search."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().replace("_", " ").split())


@dataclass(frozen=True)
class CellError:
    row: int | None  # the row number as the person sees it in their spreadsheet (header = 1)
    column: str
    message: str


class TableError(Exception):
    """The file cannot be published; `errors` says where and why."""

    def __init__(self, errors: list[CellError], row_count: int = 0):
        super().__init__(f"{len(errors)} errores")
        self.errors = errors
        # How many data rows the file had, when it was read that far (the row-by-row receipt lists them).
        self.row_count = row_count

    @property
    def shown(self) -> list[CellError]:
        return self.errors[:MAX_ERRORS_SHOWN]

    @property
    def hidden_count(self) -> int:
        return max(0, len(self.errors) - MAX_ERRORS_SHOWN)


@dataclass
class ParsedTable:
    columns: list[dict]  # [{"key", "label", "kind"}] — the published columns
    rows: list[list] = field(default_factory=list)
    masked: list[str] = field(default_factory=list)  # labels of columns published masked
    encoding: str = ""


def parse_date(raw) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 — a calendar date, no time
        except ValueError:
            continue
    raise ValueError(raw)


def mask_rut(rut: str) -> str:
    """'12.345.678-5' → '**.***.678-5': enough to tell people apart, not to identify them."""
    body, dv = rut.split("-")
    return "**.***." + body.replace(".", "")[-3:] + "-" + dv


_rut_field = CLRutField()
_url_validator = URLValidator(schemes=["http", "https"])


def convert_cell(raw, kind: str):
    """The typed, JSON-storable value of one cell, or ValueError with a Spanish message."""
    if kind == "texto":
        return str(raw).strip()
    if kind in ("entero", "monto", "decimal"):
        # The project's one reading of numbers (gabinete.numbers): "1.84" is refused, not 1,84.
        try:
            number = parse_chilean_number(raw, currency=True, decimal_places=None if kind == "decimal" else 0)
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from None
        if kind != "decimal":
            return int(number)
        return f"{number.normalize():f}" if number != 0 else "0"
    if kind == "fecha":
        try:
            return parse_date(raw).isoformat()
        except ValueError:
            raise ValueError(_("«%(v)s» no es una fecha válida (use dd-mm-aaaa).") % {"v": raw}) from None
    if kind == "rut":
        try:
            return _rut_field.clean(str(raw).strip())
        except ValidationError:
            raise ValueError(_("«%(v)s» no es un RUT válido (revise el dígito verificador).") % {"v": raw}) from None
    if kind == "url":
        text = str(raw).strip()
        try:
            _url_validator(text)
        except ValidationError:
            raise ValueError(_("«%(v)s» no es un enlace válido (debe comenzar con https://).") % {"v": raw}) from None
        return text
    return str(raw)


def precheck(data: bytes) -> str:
    """The quick checks made while the person waits (milliseconds): the size, what the content is
    (an XLSX's zip directory is read and a bomb refused before openpyxl ever opens it), a binary or
    UTF-16 file. Returns the kind found (CSV or SPREADSHEET); raises TableError otherwise. The rest
    (reading every row and cell) is the job's (`parse_table`)."""
    if len(data) > MAX_BYTES:
        raise TableError(
            [CellError(None, "", _("El archivo pesa %(mb).1f MB; el máximo es 5 MB.") % {"mb": len(data) / 1048576})]
        )
    try:
        # For an XLSX this reads the zip directory and refuses a bomb before openpyxl opens it.
        found = sniff(io.BytesIO(data))
    except ValidationError as exc:
        raise TableError([CellError(None, "", " ".join(exc.messages))]) from None
    kind = found.kind if found else None
    if kind == SPREADSHEET:
        return SPREADSHEET
    if kind != CSV:
        if b"\x00" in data[:4096] and not data.startswith(b"PK"):
            raise TableError(
                [
                    CellError(
                        None,
                        "",
                        _(
                            "El archivo no está en una codificación de texto aceptada (parece UTF-16 o un archivo "
                            "binario). Guárdelo como «CSV UTF-8 (delimitado por comas)»."
                        ),
                    )
                ]
            )
        raise TableError(
            [
                CellError(
                    None,
                    "",
                    _(
                        "El archivo no es una planilla CSV ni XLSX. Suba la tabla como CSV (UTF-8, separado por comas "
                        "o punto y coma) o como planilla Excel .xlsx."
                    ),
                )
            ]
        )
    return CSV


def _read_rows(data: bytes, name: str, progress: Progress | None = None) -> tuple[list[str], list[list], str]:
    if precheck(data) == SPREADSHEET:
        return _read_xlsx(data, progress)
    try:
        header, rows, encoding = csv_rows(data)
    except ValidationError as exc:
        raise TableError([CellError(None, "", " ".join(exc.messages))]) from None
    sample = "\n".join([",".join(header), *(",".join(r) for r in rows[:200])])
    if _MOJIBAKE.search(sample):
        raise TableError(
            [
                CellError(
                    None,
                    "",
                    _(
                        "El archivo tiene caracteres mal codificados (por ejemplo «Ã±» en lugar de «ñ»): fue convertido "
                        "dos veces. Vuelva a exportarlo como «CSV UTF-8»."
                    ),
                )
            ]
        )
    return header, rows, encoding


def _read_xlsx(data: bytes, progress: Progress | None = None) -> tuple[list[str], list[list], str]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise TableError([CellError(None, "", _("La planilla XLSX está dañada y no se pudo leer."))]) from None
    rows = []
    try:
        sheet = workbook.worksheets[0]
        # Every row read counts, empty or not: a sheet of millions of empty rows stops here too.
        # Both bounds given, or openpyxl first reads the whole sheet to learn its size.
        bounded = sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=TABLE_MAX_COLUMNS + 1, values_only=True)
        for number, values in enumerate(bounded, 1):
            if number > MAX_ROWS + 1:  # + the header
                raise too_many_rows(MAX_ROWS)
            if progress and number % PROGRESS_EVERY == 0:
                # Reading the sheet is most of an XLSX's time: it counts for the first 60 %.
                progress(min(60, number * 60 // MAX_ROWS))
            if len(values) > TABLE_MAX_COLUMNS and values[TABLE_MAX_COLUMNS] not in (None, ""):
                raise too_many_columns(TABLE_MAX_COLUMNS)
            if any(v not in (None, "") for v in values):
                cells = ["" if v is None else v for v in values]
                while cells and cells[-1] == "":
                    cells.pop()
                rows.append(cells)
    except ValidationError as exc:
        raise TableError([CellError(None, "", " ".join(exc.messages))]) from None
    except Exception:  # openpyxl raises many kinds on a damaged sheet
        raise TableError([CellError(None, "", _("La planilla XLSX está dañada y no se pudo leer."))]) from None
    finally:
        workbook.close()
    if not rows:
        raise TableError([CellError(None, "", _("La planilla está vacía."))])
    return [str(h).strip() for h in rows[0]], rows[1:], "xlsx"


def sort_rows(columns: list[dict], rows: list[list], key: str) -> list[list]:
    """The rows newest first by the column `key` (a sub-section's `sort_column`); rows without a value
    go last, in the order they came. Dates are stored as ISO text, so text order is date order."""
    index = next((n for n, c in enumerate(columns) if c["key"] == key), None)
    if index is None:
        return rows
    present = [r for r in rows if index < len(r) and r[index] not in (None, "")]
    missing = [r for r in rows if not (index < len(r) and r[index] not in (None, ""))]
    return sorted(present, key=lambda r: r[index], reverse=True) + missing


def parse_table(data: bytes, name: str, columns, *, progress: Progress | None = None) -> ParsedTable:
    """Validate an uploaded table against `columns` (Column rows, in order); raise TableError.

    `progress(percent)` hears how far it got, every PROGRESS_EVERY rows (the job's page shows it)."""
    header, rows, encoding = _read_rows(data, name, progress)
    read_share = 60 if encoding == "xlsx" else 10
    errors: list[CellError] = []
    by_name = {}
    for column in columns:
        by_name[normalise(column.label)] = column
        by_name[normalise(column.key)] = column
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        column = by_name.get(normalise(title))
        if column is None:
            if title.strip():
                errors.append(
                    CellError(1, title, _("Columna no esperada «%(c)s»: esta sub-sección no la define.") % {"c": title})
                )
            continue
        if column.key in positions:
            errors.append(CellError(1, title, _("La columna «%(c)s» aparece dos veces.") % {"c": column.label}))
            continue
        positions[column.key] = index
    for column in columns:
        if column.required and column.personal_data != PersonalData.REFUSE and column.key not in positions:
            errors.append(CellError(1, column.label, _("Falta la columna obligatoria «%(c)s».") % {"c": column.label}))
    if not rows:
        errors.append(CellError(None, "", _("El archivo no tiene filas de datos.")))
    if len(rows) > MAX_ROWS:
        errors.append(
            CellError(None, "", _("El archivo tiene más de %(n)s filas.") % {"n": f"{MAX_ROWS:,}".replace(",", ".")})
        )
    if errors:
        raise TableError(errors)

    published = [c for c in columns if c.key in positions and c.personal_data != PersonalData.REFUSE]
    refused = [c for c in columns if c.key in positions and c.personal_data == PersonalData.REFUSE]
    out_rows = []
    for number, row in enumerate(rows, start=2):
        if progress and number % PROGRESS_EVERY == 0:
            progress(read_share + (number * (99 - read_share)) // (len(rows) + 1))
        if len(row) > len(header) and any(str(v).strip() for v in row[len(header) :]):
            errors.append(
                CellError(number, "", _("La fila tiene más valores que encabezados (¿separador o comillas?)."))
            )
        for column in refused:
            raw = row[positions[column.key]] if positions[column.key] < len(row) else ""
            if str(raw).strip():
                errors.append(
                    CellError(
                        number,
                        column.label,
                        _("«%(c)s» es un dato personal que no se publica: quite la columna o déjela vacía.")
                        % {"c": column.label},
                    )
                )
        values = []
        for column in published:
            index = positions[column.key]
            raw = row[index] if index < len(row) else ""
            if raw is None or str(raw).strip() == "":
                if column.required:
                    errors.append(CellError(number, column.label, _("Falta el valor (columna obligatoria).")))
                values.append(None)
                continue
            try:
                value = convert_cell(raw, column.kind)
            except ValueError as exc:
                errors.append(CellError(number, column.label, str(exc)))
                values.append(None)
                continue
            if column.personal_data == PersonalData.MASK and column.kind == ColumnKind.RUT:
                value = mask_rut(value)
            elif column.personal_data == PersonalData.MASK:
                value = (str(value)[:1] + "***") if value else value
            values.append(value)
        out_rows.append(values)
        if len(errors) > MAX_ERRORS_SHOWN * 5:
            break
    if errors:
        raise TableError(errors, row_count=len(out_rows))
    return ParsedTable(
        columns=[{"key": c.key, "label": c.label, "kind": c.kind} for c in published],
        rows=out_rows,
        masked=[c.label for c in published if c.personal_data == PersonalData.MASK],
        encoding=encoding,
    )


def format_cell(value, kind: str) -> str:
    """A stored cell as the public reads it (es-CL)."""
    if value is None or value == "":
        return ""
    if kind in ("entero", "monto"):
        text = f"{int(value):,}".replace(",", ".")
        return f"$ {text}" if kind == "monto" else text
    if kind == "decimal":
        number = Decimal(str(value))
        whole, _sep, frac = f"{number:f}".partition(".")
        sign = "-" if whole.startswith("-") else ""
        whole = f"{int(whole.lstrip('-') or 0):,}".replace(",", ".")
        return sign + whole + ("," + frac if frac else "")
    if kind == "fecha":
        try:
            return date.fromisoformat(value).strftime("%d-%m-%Y")
        except ValueError:
            return str(value)
    return str(value)


#: The example value a template shows for each kind of column (typed: the CSV writes it es-CL, the XLSX as
#: a number or a date); each one is accepted by `convert_cell`, so the template uploads as it is.
EXAMPLE_BY_KIND = {
    ColumnKind.TEXT: "Texto de ejemplo",
    ColumnKind.INTEGER: 12,
    ColumnKind.DECIMAL: Decimal("12.5"),
    ColumnKind.MONEY: 1234567,
    ColumnKind.DATE: date(2026, 1, 15),
    ColumnKind.RUT: "11.111.111-1",
    ColumnKind.URL: "https://www.ejemplo.cl/documento.pdf",
}


def template_table(columns) -> tuple[list[str], list[list]]:
    """The header of a sub-section's template (its columns in order, without those it refuses as
    personal data) and one example row."""
    offered = [c for c in columns if c.personal_data != PersonalData.REFUSE]
    return [c.label for c in offered], [[EXAMPLE_BY_KIND.get(c.kind, "") for c in offered]]
