"""A hard cap on the size of a request body, applied before anything reads it.

Django reads a body only as far as its Content-Length says, and its own limits
(DATA_UPLOAD_MAX_MEMORY_SIZE, the upload validators) act after the body has been received. A 30 MB
POST would be read whole before a validator refused it; twenty of them keep the workers busy. This
middleware, first in MIDDLEWARE, answers 413 at once when the declared length exceeds
`REQUEST_BODY_MAX_BYTES` (what the largest allowed upload needs), and reads a body sent without a
length (chunked) only up to that limit. nginx's `client_max_body_size` (README, Producción) refuses
the same requests earlier still.
"""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

_CHUNK = 64 * 1024
_IN_MEMORY = 2 * 1024 * 1024


def body_limit() -> int:
    return settings.REQUEST_BODY_MAX_BYTES


def too_large_response(request) -> HttpResponse:
    limit_mb = body_limit() / (1024 * 1024)
    body = render_to_string("413.html", {"limit_mb": f"{limit_mb:.0f}", "upload_mb": settings.UPLOAD_MAX_MB})
    # No "Connection: close" here: WSGI forbids hop-by-hop headers; the server closes a connection
    # whose body was left unread.
    return HttpResponse(body, status=413)


class RequestBodyLimitMiddleware:
    """Refuse (413) a request whose body is larger than REQUEST_BODY_MAX_BYTES, unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH")
        if declared not in (None, ""):
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0:
                return HttpResponseBadRequest(_("La solicitud declara un largo (Content-Length) inválido."))
            if length > body_limit():
                return too_large_response(request)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            # Without a length Django would ignore the body; read it here, never past the limit.
            spooled = self._read_bounded(request.META["wsgi.input"])
            if spooled is None:
                return too_large_response(request)
            size = spooled.seek(0, 2)
            spooled.seek(0)
            request.META["CONTENT_LENGTH"] = str(size)
            request._stream = LimitedStream(spooled, size)
        return self.get_response(request)

    @staticmethod
    def _read_bounded(stream):
        """The body in a temporary file, or None when it is longer than the limit."""
        limit = body_limit()
        spooled = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY)
        received = 0
        while True:
            chunk = stream.read(min(_CHUNK, limit + 1 - received))
            if not chunk:
                return spooled
            received += len(chunk)
            if received > limit:
                spooled.close()
                return None
            spooled.write(chunk)
