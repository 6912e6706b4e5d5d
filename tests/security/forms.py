"""Find the forms on a page (for the fuzzer) and the hostile values to put in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

from hypothesis import strategies as st


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, FormField] = field(default_factory=dict)

    @property
    def has_files(self) -> bool:
        return any(f.kind == "file" for f in self.fields.values())


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("method", "get").lower(), a.get("action", ""))
            self.forms.append(self._form)
            return
        if self._form is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._select.options.append(a.get("value", ""))
            return
        name = a["name"]
        if name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            self._form.fields.setdefault(name, FormField(name, kind, a.get("value", "")))
        elif tag == "select":
            self._select = self._form.fields.setdefault(name, FormField(name, "select"))
        elif tag == "textarea":
            self._textarea = self._form.fields.setdefault(name, FormField(name, "textarea"))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


HOSTILE = [
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE gabinete_directorate; --",
    "' OR '1'='1",
    "%' OR 1=1 --",
    "\\",
    "\x00",
    "a\x00b",
    "x" * 5000,
    "9" * 400,
    "-1",
    "0",
    "1e309",
    "-99999999999999999999999",
    "NaN",
    "Infinity",
    "12.345,67",
    "１２３",
    "2026-02-30",
    "31-02-2026",
    "9999-12-31",
    "0000-00-00",
    "1900-01-01T25:61",
    "2026-13-45 99:99",
    "../../etc/passwd",
    "\u202egnp.exe",
    "😀" * 50,
    "ñandú ÁÉÍÓÚ ü",
    "null",
    "[]",
    "{}",
    "true",
    "http://",
    "a@b",
    "11.111.111-K",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=200),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates(min_value=date(1, 1, 1)).map(lambda d: d.strftime("%d-%m-%Y")),
    st.dates().map(date.isoformat),
)


def hostile_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return st.builds(
        SimpleUploadedFile,
        st.sampled_from(
            ["a.pdf", "foto.jpg", "x.csv", "datos.xlsx", "../../evil.html", "a" * 300 + ".pdf", "sin-extension"]
        ),
        st.one_of(
            st.binary(max_size=512),
            st.sampled_from(
                [
                    b"",
                    b"%PDF-1.7\n<script>alert(1)</script>",
                    b"<html><script>alert(1)</script>",
                    b"nombre;valor\n\xff\xfe;1\n",
                    b"\x89PNG\r\n\x1a\n" + b"0" * 40,
                ]
            ),
        ),
    )


def payload_for(form: Form):
    """A strategy of dicts: for each field, sometimes omitted, sometimes a real option, else hostile."""
    parts = {}
    for f in form.fields.values():
        choices = [st.just(None), hostile_text]
        if f.kind == "file":
            choices = [st.just(None), hostile_file()]
        elif f.options:
            choices.append(st.sampled_from(f.options))
            choices.append(st.lists(st.sampled_from(f.options + ["999999", "x"]), max_size=3))
        elif f.value:
            choices.append(st.just(f.value))
        parts[f.name] = st.one_of(*choices)
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})
