"""Uploaded files: checked by content (not by name) against an allow-list, size-limited, stored under
generated names with the extension of their content, and served to staff only through views that
check permissions.

    programme = models.FileField(
        upload_to=UploadTo("protocol/programmes"),
        validators=[FileKindValidator(PDF, max_mb=10)],
        blank=True,
    )

In a view, after the permission check: `return protected_file_response(event.programme, "programa")`.

Nothing here trusts the name a person gave the file. `sniff()` decides what a file is from its bytes;
zip-based formats (XLSX, DOCX) are recognised by their central directory, which `check_archive()`
reads first so that an archive bomb is refused before anything decompresses it; text is accepted only
as CSV or plain text, never as a page or a script (HTML, SVG, XML, JavaScript), because a browser
would run those.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

# Kinds of content, named by what a person calls them. Each maps to the MIME types `filetype` detects.
PDF = "pdf"
IMAGE = "imagen"
SPREADSHEET = "xlsx"
CSV = "csv"  # CSV or plain text; never HTML, SVG, XML or a script
AUDIO = "audio"
VIDEO = "video"
WORD = "docx"
#: Text a browser would run (HTML, SVG, XML, JavaScript): never allowed, never served as itself.
ACTIVE = "activo"

_MIME_BY_KIND = {
    PDF: {"application/pdf"},
    IMAGE: {"image/jpeg", "image/png", "image/webp", "image/gif"},
    AUDIO: {"audio/mpeg", "audio/ogg", "audio/x-wav", "audio/mp4", "audio/x-flac", "audio/aac"},
    VIDEO: {"video/mp4", "video/webm", "video/quicktime", "video/x-matroska"},
}
_KIND_LABELS = {
    PDF: "PDF",
    IMAGE: _("imagen (JPEG, PNG, WebP o GIF)"),
    SPREADSHEET: _("planilla Excel (.xlsx)"),
    WORD: _("documento Word (.docx)"),
    CSV: _("CSV (texto separado por comas o punto y coma)"),
    AUDIO: _("audio"),
    VIDEO: _("video"),
}
#: Kinds a browser may show in the page; everything else is always downloaded.
INLINE_KINDS = {PDF, IMAGE}

# Archive limits, checked on the zip's central directory before any member is decompressed. A real
# XLSX or DOCX of the sizes accepted here (≤ 20 MB) stays far below them; the bombs of issue 13 (30
# million empty rows, a 400 MB shared string, in files of 264 and 409 KB) are far above. Python's
# zipfile never yields more than a member's declared size, so a directory that lies is only a damaged
# file, not a way around the limits.
ARCHIVE_MAX_MEMBERS = 2000
ARCHIVE_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ARCHIVE_MAX_RATIO = 100
_RATIO_CHECKED_FROM = 1024 * 1024  # tiny members compress absurdly well and are harmless

_XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Markup and script that a browser would run if it ever rendered the file. Text containing any of
# them is refused whatever the allow-list says: it is no spreadsheet data.
_ACTIVE_TEXT = re.compile(
    r"<\s*/?\s*(?:script|html|head|body|svg|iframe|frame|object|embed|style|meta|link|img|a|div|span|"
    r"form|input|math|xml|xsl|base|!doctype|\?xml|!\[cdata\[)\b"
    r"|\bjavascript\s*:|\bon(?:load|error|click|mouseover)\s*="
    r"|\bfunction\b\s*\w*\s*\(|=>\s*\{"
    r"|\b(?:document|window|globalThis|navigator)\s*\.\s*(?:cookie|location|domain|write|body|open|"
    r"createElement|getElementById|querySelector|addEventListener|sendBeacon)\b"
    r"|\b(?:eval|alert|fetch|require|setTimeout)\s*\(|^\s*(?:var|let|const)\s+\w+\s*="
    r"|^\s*import\s+[\w{*][^\n]*\bfrom\s*[\"']|^\s*export\s+(?:default|const|function|class|let|var)\b",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class Sniffed:
    """What a file is, judged from its content: the kind, the MIME type to serve it with and the
    extension to store it under."""

    kind: str
    mime: str
    extension: str


def _position_kept(file, action):
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        return action()
    finally:
        file.seek(position)


def _read_head(file, size: int = 8192) -> bytes:
    return _position_kept(file, lambda: file.read(size))


def check_archive(file) -> list[str]:
    """The member names of a zip file, after refusing it (ValidationError) when it is damaged or
    would expand past the limits above. Reads only the central directory."""

    def names():
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise ValidationError(
                _("El archivo comprimido está dañado y no se pudo leer."), code="archive_damaged"
            ) from None
        members = archive.infolist()
        if len(members) > ARCHIVE_MAX_MEMBERS:
            raise ValidationError(
                _("El archivo contiene %(count)s archivos internos y el máximo es %(max)s: no se procesa."),
                code="archive_members",
                params={"count": len(members), "max": ARCHIVE_MAX_MEMBERS},
            )
        total = sum(member.file_size for member in members)
        if total > ARCHIVE_MAX_UNCOMPRESSED:
            raise ValidationError(
                _(
                    "Al descomprimirse el archivo ocuparía %(size)s MB y el máximo es %(max)s MB: "
                    "no se procesa por seguridad. Si es una planilla, quite las filas y hojas vacías."
                ),
                code="archive_size",
                params={"size": total // (1024 * 1024), "max": ARCHIVE_MAX_UNCOMPRESSED // (1024 * 1024)},
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size >= _RATIO_CHECKED_FROM and ratio > ARCHIVE_MAX_RATIO:
                raise ValidationError(
                    _(
                        "El archivo comprimido se expande %(ratio)s veces al abrirlo (el máximo es "
                        "%(max)s): no se procesa por seguridad."
                    ),
                    code="archive_ratio",
                    params={"ratio": int(ratio), "max": ARCHIVE_MAX_RATIO},
                )
        return [member.filename for member in members]

    return _position_kept(file, names)


def _text_of(data: bytes) -> str | None:
    """The text of `data` if it is text (UTF-8 or Latin-1, printable), else None."""
    if not data or b"\x00" in data[:8192]:
        return None
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        head = text[:8192]
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in head)
        return text if printable / max(len(head), 1) > 0.97 else None
    return None


def is_active_text(text: str) -> bool:
    """Whether text holds markup or script a browser would run (HTML, SVG, XML, JavaScript)."""
    return _ACTIVE_TEXT.search(text) is not None


def _is_table(text: str) -> bool:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        first = next(csv.reader(io.StringIO(sample), dialect), [])
    except csv.Error:
        # Not a table: the sniffer guessed a dialect the text does not hold (a lone '\r', say).
        return False
    return len(first) >= 2


def sniff(file) -> Sniffed | None:
    """What `file` (an open, seekable file) holds, or None when it is none of the known kinds.

    Text that a browser would run as a page or a script is of kind ACTIVE. Raises ValidationError
    when the file is an archive past the limits (or a damaged one)."""
    head = _read_head(file)
    if head.startswith(b"PK\x03\x04"):
        names = set(check_archive(file))
        if "xl/workbook.xml" in names:
            return Sniffed(SPREADSHEET, _XLSX_MIME, "xlsx")
        if "word/document.xml" in names:
            return Sniffed(WORD, _DOCX_MIME, "docx")
        return None
    guess = filetype.guess(head)
    if guess is not None:
        for kind, mimes in _MIME_BY_KIND.items():
            if guess.mime in mimes:
                extension = "jpg" if guess.extension == "jpeg" else guess.extension
                return Sniffed(kind, guess.mime, extension)
        return None
    text = _text_of(_position_kept(file, file.read))
    if text is None:
        return None
    if is_active_text(text):
        return Sniffed(ACTIVE, "application/octet-stream", "bin")
    if _is_table(text):
        return Sniffed(CSV, "text/csv", "csv")
    return Sniffed(CSV, "text/plain", "txt")


def _uncommitted(value) -> bool:
    """A new upload (not a file already stored, which was checked when it arrived)."""
    return not (isinstance(value, FieldFile) and value._committed)


@deconstructible
class FileKindValidator:
    """Accept only files whose *content* is one of `kinds`, up to `max_mb` megabytes; a new upload is
    renamed to the extension of its content, so the stored name never carries the person's own."""

    def __init__(self, *kinds: str, max_mb: float = 10):
        self.kinds = tuple(kinds)
        self.max_mb = max_mb

    def __call__(self, value) -> None:
        if value is None or not _uncommitted(value):
            return
        size = getattr(value, "size", 0) or 0
        if size > self.max_mb * 1024 * 1024:
            raise ValidationError(
                _("El archivo pesa %(size).1f MB y el máximo permitido es %(max)s MB."),
                code="file_too_large",
                params={"size": size / 1024 / 1024, "max": self.max_mb},
            )
        found = sniff(value)
        if found is not None and found.kind == ACTIVE and CSV in self.kinds:
            raise ValidationError(
                _(
                    "El archivo contiene una página web o código (HTML, SVG, XML o JavaScript), que no "
                    "se acepta. Suba el dato como PDF, planilla, imagen o CSV."
                ),
                code="file_active",
            )
        if found is None or found.kind not in self.kinds:
            allowed = ", ".join(str(_KIND_LABELS[k]) for k in self.kinds)
            raise ValidationError(
                _("El contenido del archivo no corresponde a un tipo permitido. Se acepta: %(allowed)s."),
                code="file_kind",
                params={"allowed": allowed},
            )
        stem = PurePath(getattr(value, "name", "") or "archivo").stem or "archivo"
        value.name = f"{stem}.{found.extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, FileKindValidator) and (self.kinds, self.max_mb) == (other.kinds, other.max_mb)


#: Every extension a stored file may have: the ones `sniff` gives.
STORED_EXTENSIONS = {
    "pdf",
    "jpg",
    "png",
    "webp",
    "gif",
    "xlsx",
    "docx",
    "csv",
    "txt",
    "mp3",
    "ogg",
    "wav",
    "m4a",
    "flac",
    "aac",
    "mp4",
    "webm",
    "mov",
    "mkv",
}


@deconstructible
class UploadTo:
    """Store uploads as `<prefix>/<yyyy>/<mm>/<uuid>.<ext>`: never the name the user chose, and an
    extension only when it is one `sniff` gives (the validator has set it from the content)."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        from django.utils import timezone

        ext = PurePath(filename).suffix.lower().lstrip(".")
        suffix = f".{ext}" if ext in STORED_EXTENSIONS else ""
        now = timezone.localdate()
        return f"{self.prefix}/{now:%Y/%m}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadTo) and self.prefix == other.prefix


def _without_extension(name: str) -> str:
    """'Acta 2026/03.pdf' → 'Acta 2026/03' (a title may hold slashes and dots; only a trailing
    extension goes)."""
    stem, dot, ext = name.rpartition(".")
    return stem if dot and stem and ext.isascii() and ext.isalnum() and len(ext) <= 5 else name


def protected_file_response(field_file, download_name: str | None = None, *, inline: bool = False) -> FileResponse:
    """Serve a stored file after the caller has checked permissions.

    The type is the content's own (sniffed again here, so a file stored before these checks is
    served safely too), the download name gets the content's extension, and only a PDF or an image
    may be shown in the browser (`inline`); everything else is an attachment. Always nosniff."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    try:
        found = sniff(handle)
    except ValidationError:
        found = None
    stem = _without_extension(download_name or PurePath(field_file.name).name)
    if found is None or found.kind == ACTIVE:
        mime, name, inline = "application/octet-stream", f"{stem}.bin", False
    else:
        mime, name = found.mime, f"{stem}.{found.extension}"
        inline = inline and found.kind in INLINE_KINDS
    handle.seek(0)
    response = FileResponse(handle, as_attachment=not inline, filename=get_valid_filename(name))
    response["Content-Type"] = f"{mime}; charset=utf-8" if mime.startswith("text/") else mime
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def decode_text_upload(data: bytes) -> tuple[str, str]:
    """Decode an uploaded CSV: UTF-8 (with or without BOM) first, then Windows Latin-1 (Excel's
    default in Chile). Returns (text, encoding used)."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("No se pudo leer el archivo: la codificación no es UTF-8 ni Latin-1."))


def sniff_csv_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma or semicolon separated (Excel in es-CL writes ';')."""
    sample = text[:4096]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


#: Bounds on any table read from an upload (CSV here, XLSX in transparency.tables).
TABLE_MAX_ROWS = 20_000
TABLE_MAX_COLUMNS = 200


def too_many_rows(max_rows: int) -> ValidationError:
    return ValidationError(
        _("La tabla tiene más de %(max)s filas de datos: divídala en archivos más pequeños."),
        code="table_rows",
        params={"max": f"{max_rows:,}".replace(",", ".")},
    )


def too_many_columns(max_columns: int) -> ValidationError:
    return ValidationError(
        _("La tabla tiene más de %(max)s columnas: quite las columnas que no corresponden."),
        code="table_columns",
        params={"max": max_columns},
    )


def csv_rows(
    data: bytes, *, max_rows: int = TABLE_MAX_ROWS, max_columns: int = TABLE_MAX_COLUMNS
) -> tuple[list[str], list[list[str]], str]:
    """Parse uploaded CSV bytes into (header, rows, encoding); stop with a Spanish message past
    `max_rows` data rows or `max_columns` columns."""
    text, encoding = decode_text_upload(data)
    reader = csv.reader(io.StringIO(text), sniff_csv_dialect(text))
    rows = []
    try:
        for row in reader:
            if len(row) > max_columns:
                raise too_many_columns(max_columns)
            if any(cell.strip() for cell in row):
                rows.append(row)
                if len(rows) > max_rows + 1:  # + the header
                    raise too_many_rows(max_rows)
    except csv.Error:
        raise ValidationError(
            _("El archivo CSV está mal formado (una celda es demasiado larga o tiene comillas sin cerrar)."),
            code="csv_error",
        ) from None
    if not rows:
        raise ValidationError(_("El archivo CSV está vacío."))
    return [h.strip() for h in rows[0]], rows[1:], encoding
