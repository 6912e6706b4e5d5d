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
    #: The same runs in this process's CPU seconds: steadier than the wall clock on a shared machine
    #: (the database's own time is not in it; for a PDF it is a few queries beside the layout).
    full_cpu: list[float] = field(default_factory=list)
    bare_cpu: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if not self.full or not self.bare:
            return None
        return statistics.median(self.full) / statistics.median(self.bare)

    @property
    def cpu_ratio(self) -> float | None:
        if not self.full_cpu or not self.bare_cpu or not statistics.median(self.bare_cpu):
            return None
        return statistics.median(self.full_cpu) / statistics.median(self.bare_cpu)


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
                started, cpu = time.perf_counter(), time.process_time()
                response = _full_path(client, page.path)
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            cost.status = response.status_code
            if response.status_code != 200 or captured.html is None:
                break
            html, kwargs = captured.html, captured.kwargs
            if i:
                cost.full.append(elapsed)
                cost.full_cpu.append(cpu)
        if html is None:
            say(f"  {page.name}: sin PDF (estado {cost.status})")
            results.append(cost)
            continue
        for i in range(repeat + 1):
            started, cpu = time.perf_counter(), time.process_time()
            document = weasyprint.HTML(string=html, **kwargs).render()
            document.write_pdf()
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            cost.pages = len(document.pages)
            if i:
                cost.bare.append(elapsed)
                cost.bare_cpu.append(cpu)
        say(
            f"  {page.name}: completo {statistics.median(cost.full):.2f} s, WeasyPrint solo "
            f"{statistics.median(cost.bare):.2f} s, razón {cost.ratio:.2f} (CPU {cost.cpu_ratio or 0:.2f}; "
            f"{cost.pages} páginas)"
        )
        results.append(cost)
    return results


def markdown_table(results: list[PdfCost]) -> str:
    lines = [
        "| PDF | Páginas | Camino completo (mediana) | WeasyPrint solo (mediana) | Razón | Razón en CPU | Meta ≤ 1,2 |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if r.ratio is None:
            lines.append(f"| {r.name} | — | — | — | — | — | error (estado {r.status}) |")
            continue
        verdict = "cumple" if r.ratio <= TARGET_RATIO else "no cumple"
        lines.append(
            f"| {r.name} | {r.pages} | {statistics.median(r.full):.2f} s | {statistics.median(r.bare):.2f} s | "
            f"{r.ratio:.2f} | {'—' if r.cpu_ratio is None else f'{r.cpu_ratio:.2f}'} | {verdict} |"
        )
    return "\n".join(lines)
