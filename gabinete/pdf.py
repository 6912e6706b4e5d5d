"""PDF reports: one helper for every app (WeasyPrint).

A report is an ordinary template that extends `pdf/base.html`, which brings the shared print stylesheet
(`gabinete/css/pdf.css`): municipal header, document title, date of issue and "Página X de Y".

    return render_pdf(request, "protocol/agenda_week_pdf.html", context, "agenda-semanal.pdf")

Static files (CSS, images, fonts) are read from disk by a URL fetcher, never fetched over HTTP from the
same server (which can deadlock a single worker).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

_BASE_URL = "https://gabinete.local/"


def _local_file(path: str) -> Path | None:
    """The file on disk behind a /static/ or /media/ path, or None."""
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
    if path.startswith(settings.MEDIA_URL):
        root = Path(settings.MEDIA_ROOT).resolve()
        media = (root / path[len(settings.MEDIA_URL) :]).resolve()
        if media.is_relative_to(root) and media.is_file():
            return media
    return None


class _LocalFetcher:
    """Built lazily so that importing this module does not import WeasyPrint."""

    _cls = None

    @classmethod
    def get(cls):
        if cls._cls is None:
            from weasyprint.urls import URLFetcher, URLFetcherResponse

            class LocalFetcher(URLFetcher):
                """Static and media files from disk; data: URIs; nothing from the network."""

                def fetch(self, url, headers=None):
                    if url.startswith("data:"):
                        return super().fetch(url, headers)
                    parsed = urlparse(url)
                    if parsed.netloc == urlparse(_BASE_URL).netloc:
                        found = _local_file(unquote(parsed.path))
                        if found is not None:
                            mime, _enc = mimetypes.guess_type(str(found))
                            return URLFetcherResponse(
                                url, found.read_bytes(), {"Content-Type": mime or "application/octet-stream"}
                            )
                    raise ValueError(f"El PDF no puede cargar este recurso: {url}")

            cls._cls = LocalFetcher
        return cls._cls()


def render_pdf_bytes(template: str, context: dict | None = None, request: HttpRequest | None = None) -> bytes:
    """Render `template` with `context` to PDF bytes (for responses, e-mail attachments and tests)."""
    from weasyprint import HTML

    context = dict(context or {})
    context.setdefault("issued_at", timezone.localtime())
    context.setdefault("municipality_name", settings.MUNICIPALITY_NAME)
    context.setdefault("office_name", settings.OFFICE_NAME)
    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=_BASE_URL, url_fetcher=_LocalFetcher.get()).write_pdf()


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
