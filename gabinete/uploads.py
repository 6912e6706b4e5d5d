"""Uploaded files: checked by content (not by name) against an allow-list, size-limited, stored under
generated names, and served to staff only through views that check permissions.

    programme = models.FileField(
        upload_to=UploadTo("protocol/programmes"),
        validators=[FileKindValidator(PDF, max_mb=10)],
        blank=True,
    )

In a view, after the permission check: `return protected_file_response(event.programme, "programa.pdf")`.
"""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

# Kinds of content, named by what a person calls them. Each maps to the MIME types `filetype` detects.
PDF = "pdf"
IMAGE = "imagen"
SPREADSHEET = "xlsx"
CSV = "csv"
AUDIO = "audio"
VIDEO = "video"
WORD = "docx"

_MIME_BY_KIND = {
    PDF: {"application/pdf"},
    IMAGE: {"image/jpeg", "image/png", "image/webp", "image/gif"},
    SPREADSHEET: {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
    WORD: {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
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
_EXTENSIONS = {PDF: {"pdf"}, SPREADSHEET: {"xlsx"}, WORD: {"docx"}, CSV: {"csv", "txt"}}


def detect_kind(head: bytes, name: str = "") -> str | None:
    """The kind of a file judged from its first bytes (and, for look-alike zip formats, its name)."""
    guess = filetype.guess(head)
    ext = PurePath(name).suffix.lower().lstrip(".")
    if guess is not None:
        for kind, mimes in _MIME_BY_KIND.items():
            if guess.mime in mimes:
                if guess.mime == "application/zip" or kind in (SPREADSHEET, WORD):
                    # .xlsx and .docx are zip files: the extension tells which one it claims to be.
                    if ext in _EXTENSIONS.get(SPREADSHEET, ()) and b"xl/" in head:
                        return SPREADSHEET
                    if ext in _EXTENSIONS.get(WORD, ()) and b"word/" in head:
                        return WORD
                    if kind in (SPREADSHEET, WORD):
                        continue
                    return None
                return kind
        return None
    if _looks_like_text(head):
        return CSV
    return None


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "latin-1"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        return printable / max(len(text), 1) > 0.97
    return False


def _read_head(file, size: int = 8192) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head


@deconstructible
class FileKindValidator:
    """Accept only files whose *content* is one of `kinds`, up to `max_mb` megabytes."""

    def __init__(self, *kinds: str, max_mb: float = 10):
        self.kinds = tuple(kinds)
        self.max_mb = max_mb

    def __call__(self, value) -> None:
        if value is None:
            return
        size = getattr(value, "size", 0) or 0
        if size > self.max_mb * 1024 * 1024:
            raise ValidationError(
                _("El archivo pesa %(size).1f MB y el máximo permitido es %(max)s MB."),
                code="file_too_large",
                params={"size": size / 1024 / 1024, "max": self.max_mb},
            )
        head = _read_head(value)
        # xlsx/docx: the zip directory entries ("xl/…", "word/…") can be far into the file.
        if {SPREADSHEET, WORD} & set(self.kinds):
            head = _read_head(value, size=min(size or 65536, 2 * 1024 * 1024))
        kind = detect_kind(head, getattr(value, "name", ""))
        if kind not in self.kinds:
            allowed = ", ".join(str(_KIND_LABELS[k]) for k in self.kinds)
            raise ValidationError(
                _("El contenido del archivo no corresponde a un tipo permitido. Se acepta: %(allowed)s."),
                code="file_kind",
                params={"allowed": allowed},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, FileKindValidator) and (self.kinds, self.max_mb) == (other.kinds, other.max_mb)


@deconstructible
class UploadTo:
    """Store uploads as `<prefix>/<yyyy>/<mm>/<uuid>.<ext>`: never the name the user chose."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        from django.utils import timezone

        ext = PurePath(filename).suffix.lower()[:10]
        now = timezone.localdate()
        return f"{self.prefix}/{now:%Y/%m}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadTo) and self.prefix == other.prefix


def protected_file_response(field_file, download_name: str | None = None, *, inline: bool = False) -> FileResponse:
    """Serve a stored file after the caller has checked permissions: attachment, nosniff."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = get_valid_filename(download_name or PurePath(field_file.name).name)
    response = FileResponse(handle, as_attachment=not inline, filename=name)
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


def csv_rows(data: bytes) -> tuple[list[str], list[list[str]], str]:
    """Parse uploaded CSV bytes into (header, rows, encoding)."""
    text, encoding = decode_text_upload(data)
    reader = csv.reader(io.StringIO(text), sniff_csv_dialect(text))
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    if not rows:
        raise ValidationError(_("El archivo CSV está vacío."))
    return [h.strip() for h in rows[0]], rows[1:], encoding
