"""What each PDF costs beyond WeasyPrint itself (issue 15, point 8).

For every PDF page of the bench (`kind="pdf"`), in this process: the full path (the view: selector,
template, `gabinete/pdf.py`, response — for a PDF prepared in the background, the request and the job's
work) through Django's test client, then bare WeasyPrint on the very
HTML that path produced, `weasyprint.HTML(string=html, base_url=…, url_fetcher=…).write_pdf()` (the same
base URL and fetcher, or the stylesheet would not load and the bare figure would lay out another
document). The ratio full / bare should be at most 1.2.

Caches are cleared before every full-path run: a cached repeat (the Informe de Gestión) would measure
the cache, not the document.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.test import Client

TARGET_RATIO = 1.2


@dataclass
class PdfCost:
    name: str
    path: str
    full: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    pages: int = 0
    status: int | None = None

    @property
    def ratio(self) -> float | None:
        if not self.full or not self.bare:
            return None
        return statistics.median(self.full) / statistics.median(self.bare)


class _Capture:
    """Wraps `weasyprint.HTML` while the full path runs, to keep the HTML it was given."""

    def __init__(self):
        self.html: str | None = None
        self.kwargs: dict = {}

    def __enter__(self):
        import weasyprint

        self._original = weasyprint.HTML
        capture = self

        class Recording(self._original):
            def __init__(self, *args, **kwargs):
                capture.html = kwargs.get("string")
                capture.kwargs = {k: v for k, v in kwargs.items() if k in ("base_url", "url_fetcher")}
                super().__init__(*args, **kwargs)

        weasyprint.HTML = Recording
        return self

    def __exit__(self, *exc):
        import weasyprint

        weasyprint.HTML = self._original


def _full_path(client: Client, path: str):
    """The PDF the way a person gets it: a GET, or for a PDF prepared in the background (a POST that
    answers with the job's page) the request plus the job's work, as the worker does it."""
    from django.urls import resolve

    from gabinete import jobs

    response = client.get(path, secure=True)
    if response.status_code != 405:
        return response
    response = client.post(path, secure=True)
    if response.status_code != 302:
        return response
    match = resolve(response["Location"].split("?")[0])
    jobs.work(match.kwargs["pk"])
    response.status_code = 200
    return response


def measure(pages, users: dict, *, repeat: int = 3, say=print) -> list[PdfCost]:
    """Full path and bare WeasyPrint for each PDF page; medians of `repeat` runs after one warm-up."""
    import weasyprint

    results = []
    for page in pages:
        if page.kind != "pdf":
            continue
        cost = PdfCost(page.name, page.path)
        client = Client(HTTP_HOST="localhost")
        if page.username:
            client.force_login(users[page.username])
        html = None
        for i in range(repeat + 1):
            cache.clear()
            with _Capture() as captured:
                started = time.perf_counter()
                response = _full_path(client, page.path)
                elapsed = time.perf_counter() - started
            cost.status = response.status_code
            if response.status_code != 200 or captured.html is None:
                break
            html, kwargs = captured.html, captured.kwargs
            if i:
                cost.full.append(elapsed)
        if html is None:
            say(f"  {page.name}: sin PDF (estado {cost.status})")
            results.append(cost)
            continue
        for i in range(repeat + 1):
            started = time.perf_counter()
            document = weasyprint.HTML(string=html, **kwargs).render()
            document.write_pdf()
            elapsed = time.perf_counter() - started
            cost.pages = len(document.pages)
            if i:
                cost.bare.append(elapsed)
        say(
            f"  {page.name}: completo {statistics.median(cost.full):.2f} s, WeasyPrint solo "
            f"{statistics.median(cost.bare):.2f} s, razón {cost.ratio:.2f} ({cost.pages} páginas)"
        )
        results.append(cost)
    return results


def markdown_table(results: list[PdfCost]) -> str:
    lines = [
        "| PDF | Páginas | Camino completo (mediana) | WeasyPrint solo (mediana) | Razón | Meta ≤ 1,2 |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if r.ratio is None:
            lines.append(f"| {r.name} | — | — | — | — | error (estado {r.status}) |")
            continue
        verdict = "cumple" if r.ratio <= TARGET_RATIO else "no cumple"
        lines.append(
            f"| {r.name} | {r.pages} | {statistics.median(r.full):.2f} s | {statistics.median(r.bare):.2f} s | "
            f"{r.ratio:.2f} | {verdict} |"
        )
    return "\n".join(lines)
