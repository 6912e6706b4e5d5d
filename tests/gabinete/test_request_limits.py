"""A request body larger than what the largest allowed upload needs is refused (413) unread."""

import io
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.forms import BaseForm

from gabinete.uploads import FileKindValidator

MB = 1024 * 1024


class CountingInput(io.RawIOBase):
    """A client body of `size` bytes that records how much of it the server read."""

    def __init__(self, size: int):
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = b"x" * n
        self.read_bytes += n
        return n


def _post(path: str, body: CountingInput, **headers) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BufferedReader(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
        **headers,
    }
    status = []
    chunks = WSGIHandler()(environ, lambda s, h, *a: status.append(s))
    return status[0], b"".join(chunks)


def test_a_30_mb_post_is_refused_with_413_before_anything_reads_it(db):
    body = CountingInput(30 * MB)
    status, page = _post("/archivo/nuevo/", body, CONTENT_LENGTH=str(30 * MB))
    assert status.startswith("413")
    assert "El envío es demasiado grande" in page.decode()
    assert body.read_bytes == 0


def test_a_lying_content_length_larger_than_the_limit_is_refused_unread(db):
    body = CountingInput(1000)
    status, _page = _post("/archivo/nuevo/", body, CONTENT_LENGTH=str(50 * MB))
    assert status.startswith("413") and body.read_bytes == 0


def test_a_lying_small_content_length_is_never_read_past(db):
    body = CountingInput(30 * MB)
    _post("/archivo/nuevo/", body, CONTENT_LENGTH="1000")
    assert body.read_bytes <= 64 * 1024  # one buffered read at most, never the 30 MB


@pytest.mark.parametrize("length", ["-1", "treinta"])
def test_a_malformed_content_length_is_a_bad_request(db, length):
    status, _page = _post("/archivo/nuevo/", CountingInput(10), CONTENT_LENGTH=length)
    assert status.startswith("400")


def test_a_chunked_30_mb_post_without_length_is_read_only_up_to_the_limit_and_refused(db):
    body = CountingInput(30 * MB)
    status, page = _post("/archivo/nuevo/", body, HTTP_TRANSFER_ENCODING="chunked")
    assert status.startswith("413") and "demasiado grande" in page.decode()
    assert body.read_bytes <= settings.REQUEST_BODY_MAX_BYTES + 64 * 1024


def test_a_chunked_post_within_the_limit_reaches_the_view_whole():
    """Django alone would see an empty body (no Content-Length); the middleware hands it on."""
    from django.core.handlers.wsgi import WSGIRequest
    from django.http import HttpResponse

    from gabinete.request_limits import RequestBodyLimitMiddleware

    request = WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.input": io.BufferedReader(_Bytes(b"headline=Vecinos+de+La+Chimba&tone=neutro")),
            "HTTP_TRANSFER_ENCODING": "chunked",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
        }
    )
    response = RequestBodyLimitMiddleware(lambda r: HttpResponse(r.POST["headline"]))(request)
    assert response.status_code == 200 and response.content.decode() == "Vecinos de La Chimba"


class _Bytes(CountingInput):
    def __init__(self, data: bytes):
        super().__init__(len(data))
        self.data = data

    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = self.data[self.read_bytes : self.read_bytes + n]
        self.read_bytes += n
        return n


def _file_validators():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for validator in getattr(field, "validators", []):
                if isinstance(validator, FileKindValidator):
                    yield f"{model._meta.label}.{field.name}", validator


def _forms():
    seen, stack = set(), list(BaseForm.__subclasses__())
    while stack:
        form = stack.pop()
        stack.extend(form.__subclasses__())
        if form not in seen and hasattr(form, "base_fields"):
            seen.add(form)
            yield form


def test_no_upload_field_accepts_more_than_one_request_may_carry():
    """The body limit is derived from UPLOAD_MAX_MB: every field, and every form's files together,
    stay within it."""
    import gabinete.urls  # noqa: F401  (imports every app's views, hence every form)

    assert settings.REQUEST_BODY_MAX_BYTES < 30 * MB
    assert settings.REQUEST_BODY_MAX_BYTES >= settings.UPLOAD_MAX_MB * MB
    largest = max(v.max_mb for _name, v in _file_validators())
    assert largest == settings.UPLOAD_MAX_MB
    for form in _forms():
        total = 0
        for field in form.base_fields.values():
            limit = getattr(field, "max_total_mb", None)
            sizes = [v.max_mb for v in field.validators if isinstance(v, FileKindValidator)]
            total += limit if limit is not None else max(sizes, default=0)
        assert total <= settings.UPLOAD_MAX_MB, form


def test_several_attachments_together_may_not_pass_what_one_request_carries():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gabinete.office.forms import MultipleFileField
    from gabinete.uploads import PDF

    field = MultipleFileField(required=False, max_total_mb=1, validators=[FileKindValidator(PDF, max_mb=1)])
    pdf = b"%PDF-1.4\n" + b"0" * (600 * 1024)
    assert len(field.clean([SimpleUploadedFile("a.pdf", pdf)])) == 1
    with pytest.raises(ValidationError) as exc:
        field.clean([SimpleUploadedFile("a.pdf", pdf), SimpleUploadedFile("b.pdf", pdf)])
    assert "el máximo por envío es 1 MB" in exc.value.messages[0]
