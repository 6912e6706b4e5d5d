"""PDF reports: one helper for every app (WeasyPrint).

A report is an ordinary template that extends `pdf/base.html`, which brings the shared print stylesheet
(`gabinete/css/pdf.css`): municipal header, document title, date of issue and "Página X de Y".

    return render_pdf(request, "protocol/agenda_week_pdf.html", context, "agenda-semanal.pdf")

Static files (CSS, images, fonts) are read from disk and uploaded files (/media/…) through the media
storage (disk or S3) by a URL fetcher, never fetched over HTTP from the same server (which can deadlock a
single worker).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

_BASE_URL = "https://gabinete.local/"


def _local_file(path: str) -> Path | None:
    """The static file on disk behind a /static/ path, or None."""
    if path.startswith(settings.STATIC_URL):
        name = path[len(settings.STATIC_URL) :]
        try:
            found = finders.find(name)
        except SuspiciousFileOperation:  # "../" in a URL, e.g. from rich text: not a file we serve
            return None
        if found:
            return Path(found)
        # In production {% static %} gives hashed names (manifest storage) that only exist in STATIC_ROOT.
        root = Path(settings.STATIC_ROOT).resolve()
        collected = (root / name).resolve()
        return collected if collected.is_relative_to(root) and collected.is_file() else None
    return None


def _media_file(path: str) -> bytes | None:
    """The content of the uploaded file behind a /media/ path, read through the media storage (the
    disk or an S3 bucket), or None."""
    if not path.startswith(settings.MEDIA_URL):
        return None
    name = PurePosixPath(path[len(settings.MEDIA_URL) :])
    if name.is_absolute() or ".." in name.parts or not name.parts:
        return None
    try:
        with default_storage.open(str(name), "rb") as handle:
            return handle.read()
    except (OSError, SuspiciousFileOperation):  # missing, a folder, or a name outside the storage
        return None


def _resource(path: str) -> bytes | None:
    found = _local_file(path)
    return found.read_bytes() if found is not None else _media_file(path)


class _LocalFetcher:
    """Built lazily so that importing this module does not import WeasyPrint."""

    _cls = None

    @classmethod
    def get(cls):
        if cls._cls is None:
            from weasyprint.urls import URLFetcher, URLFetcherResponse

            class LocalFetcher(URLFetcher):
                """Static files from disk, uploaded files from the media storage; data: URIs; nothing else."""

                def fetch(self, url, headers=None):
                    if url.startswith("data:"):
                        return super().fetch(url, headers)
                    parsed = urlparse(url)
                    if parsed.netloc == urlparse(_BASE_URL).netloc:
                        path = unquote(parsed.path)
                        content = _resource(path)
                        if content is not None:
                            mime, _enc = mimetypes.guess_type(path)
                            return URLFetcherResponse(
                                url, content, {"Content-Type": mime or "application/octet-stream"}
                            )
                    raise ValueError(f"El PDF no puede cargar este recurso: {url}")

            cls._cls = LocalFetcher
        return cls._cls()


#: Told how far a document got (0–100): a job's `report_progress` (gabinete.jobs.pdf_output).
Progress = Callable[[int], None]


def render_pdf_bytes(
    template: str,
    context: dict | None = None,
    request: HttpRequest | None = None,
    *,
    progress: Progress | None = None,
) -> bytes:
    """Render `template` with `context` to PDF bytes (for responses, e-mail attachments and tests)."""
    context = dict(context or {})
    context.setdefault("issued_at", timezone.localtime())
    context.setdefault("municipality_name", settings.MUNICIPALITY_NAME)
    context.setdefault("office_name", settings.OFFICE_NAME)
    html = render_to_string(template, context, request=request)
    if progress:
        progress(50)
    return html_to_pdf(html, progress=progress)


def html_to_pdf(html: str, *, progress: Progress | None = None) -> bytes:
    """PDF bytes of an HTML page whose /static/ and /media/ addresses are read by the local fetcher.

    The layout (`render`) is most of the cost; `progress` hears 90 when it is done, before the file is written."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=_BASE_URL, url_fetcher=_LocalFetcher.get()).render()
    if progress:
        progress(90)
    return document.write_pdf()


def render_pdf(
    request: HttpRequest,
    template: str,
    context: dict | None,
    filename: str,
    *,
    inline: bool = True,
) -> HttpResponse:
    """An HTTP response with the rendered PDF, shown in the browser (inline) or downloaded."""
    return pdf_response(render_pdf_bytes(template, context, request), filename, inline=inline)


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """An HTTP response carrying PDF bytes already rendered (e.g. from a cache or a finished job)."""
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
