"""The sections of `make bench` that answer issue 15 points 7–11, each with its figure, its target
and «cumple / no cumple».

- 7: the request that starts a PDF job (< 30× the trivial view); the Informe de Gestión's first render
  (cache cleared, < 5 s), its repeat (from the cache) and 3× the indicators (linear);
- 8: each PDF job against bare WeasyPrint on the same HTML (≤ 1.2×, `pdfcost`);
- 9: the slowest staff pages (≤ 30× the trivial view), from the page table;
- 10: the public transparency page under wrk while two Informe de Gestión and two nómina jobs run in
  real worker processes (0 errors, ≥ 0.8× the throughput with no jobs), with the workers at a lower
  CPU priority and at the web's own;
- 11: every public page's throughput against the trivial view's, side by side (≥ 0.9×).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

from gabinete.devtools.bench import runner
from gabinete.devtools.bench.runner import _ms

#: Targets of issue 15.
JOB_REQUEST_RATIO = runner.JOB_REQUEST_RATIO
PDF_RATIO = 1.2
INFORME_FIRST_SECONDS = 5.0
INFORME_LINEAR_SLACK = 1.1  # 3× the indicators may cost at most 3 × 1.1 the time
STAFF_RATIO = 30.0
LOAD_RATIO = 0.8
PUBLIC_RATIO = 0.9

#: The staff pages of point 9 (path prefixes, with the user the bench asks as).
STAFF_PAGES = (
    ("/transparencia/cumplimiento/", "bench.gabinete"),
    ("/archivo/informe/", None),
    ("/", "bench.gabinete"),
    ("/indicadores/direccion/", None),
    ("/agenda/actividades/", None),
    ("/nomina/", None),
)

#: The public lobby register (point 11): its page is not in an app's bench scenario.
LOBBY_PATH = "/transparencia-activa/lobby/"


def verdict(ok: bool | None) -> str:
    if ok is None:
        return "sin dato"
    return "cumple" if ok else "no cumple"


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    missed: int = 0

    def check(self, ok: bool | None) -> str:
        if not ok:
            self.missed += 1
        return verdict(ok)

    def text(self) -> str:
        return "\n".join([f"## {self.title}", "", *self.lines])


# --- point 7: the Informe de Gestión --------------------------------------------------------------


@dataclass
class InformeFigures:
    indicators: int
    first_s: float
    repeat_s: float
    repeat_cached: bool
    triple_indicators: int | None = None
    triple_s: float | None = None

    @property
    def growth(self) -> float | None:
        """Time at 3× the indicators over the time at 1× (linear: about 3)."""
        if self.triple_s is None or not self.first_s:
            return None
        return self.triple_s / self.first_s


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _triple_indicators(year: int) -> int:
    """Two copies of every indicator with its definition and values of `year` (in the caller's
    transaction, which rolls back): 3× what the report prints."""
    from indicators.models import Indicator, IndicatorYear, Measurement

    years = list(IndicatorYear.objects.filter(year=year).select_related("indicator"))
    values = list(Measurement.objects.filter(indicator_year__year=year))
    by_year: dict[int, list] = {}
    for m in values:
        by_year.setdefault(m.indicator_year_id, []).append(m)
    for copy in (1, 2):
        new_indicators = []
        for iy in years:
            ind = iy.indicator
            new_indicators.append(
                Indicator(
                    directorate_id=ind.directorate_id, code=f"{ind.code}-x{copy}"[:20], name=f"{ind.name} ({copy})"
                )
            )
        Indicator.objects.bulk_create(new_indicators, batch_size=2000)
        new_years = []
        for iy, ind in zip(years, new_indicators, strict=True):
            fresh = IndicatorYear(
                **{
                    f.attname: getattr(iy, f.attname)
                    for f in IndicatorYear._meta.concrete_fields
                    if not f.primary_key and f.attname != "indicator_id"
                },
                indicator_id=ind.pk,
            )
            new_years.append(fresh)
        IndicatorYear.objects.bulk_create(new_years, batch_size=2000)
        new_values = []
        for iy, fresh in zip(years, new_years, strict=True):
            for m in by_year.get(iy.pk, []):
                new_values.append(
                    Measurement(
                        **{
                            f.attname: getattr(m, f.attname)
                            for f in Measurement._meta.concrete_fields
                            if not f.primary_key and f.attname not in ("indicator_year_id", "corrects_id")
                        },
                        indicator_year_id=fresh.pk,
                    )
                )
        Measurement.objects.bulk_create(new_values, batch_size=5000)
    return Indicator.objects.filter(years__year=year).distinct().count()


def informe_figures(year: int, up_to: int, *, triple: bool = True) -> InformeFigures:
    """The Informe de Gestión in this process: first render with the cache cleared, a repeat with
    unchanged data, and (in a transaction that rolls back: the bench database is left as it was)
    the first render with 3× the indicators."""
    from indicators.models import Indicator
    from indicators.views import report_pdf_bytes

    cache.clear()
    count = Indicator.objects.filter(years__year=year).distinct().count()
    first = _timed(lambda: report_pdf_bytes(year, up_to))
    from indicators import selectors
    from indicators.views import REPORT_LAYOUT

    key = f"indicators:report-pdf:{REPORT_LAYOUT}:{selectors.report_fingerprint(year, up_to)}"
    cached = cache.get(key) is not None
    repeat = _timed(lambda: report_pdf_bytes(year, up_to))
    figures = InformeFigures(count, first, repeat, cached)
    if triple:
        with transaction.atomic():
            figures.triple_indicators = _triple_indicators(year)
            cache.clear()
            figures.triple_s = _timed(lambda: report_pdf_bytes(year, up_to))
            transaction.set_rollback(True)
        cache.clear()
    return figures


def section_7_8(
    job_rows: list[runner.Row], trivial: runner.Timing, costs: list, informe: InformeFigures | None
) -> tuple[Section, Section]:
    from gabinete.devtools.bench import pdfcost

    s7 = Section("Punto 7 — Nadie espera un PDF; el Informe de Gestión")
    s7.lines += [
        "| PDF | Petición que lo inicia (mediana ms) | × vista trivial | Meta | Resultado |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for row in job_rows:
        t = row.timing
        ratio = t.median / trivial.median if t and t.samples and trivial.median else None
        expected = {302} if row.is_job else {200}
        ok = None if ratio is None or t is None else (ratio < JOB_REQUEST_RATIO and t.statuses <= expected)
        label = row.page.name + ("" if row.is_job else " (no es un trabajo: GET directo)")
        s7.lines.append(
            f"| {label} | {_ms(t.median if t else None)} | {_ms(ratio)} | < {_ms(JOB_REQUEST_RATIO, 0)}× | {s7.check(ok)} |"
        )
    if informe is not None:
        s7.lines += [
            "",
            "| Informe de Gestión | Cifra | Meta | Resultado |",
            "| --- | ---: | ---: | --- |",
            f"| Primera generación, caché vacío ({informe.indicators} indicadores) | {informe.first_s:.2f} s | "
            f"< {INFORME_FIRST_SECONDS:.0f} s | {s7.check(informe.first_s < INFORME_FIRST_SECONDS)} |",
            f"| Repetición con los mismos datos | {informe.repeat_s:.3f} s "
            f"({'desde el caché' if informe.repeat_cached else 'sin caché'}) | desde el caché | "
            f"{s7.check(informe.repeat_cached and informe.repeat_s < informe.first_s / 10)} |",
        ]
        if informe.triple_s is not None:
            growth = informe.growth
            s7.lines.append(
                f"| 3× los indicadores ({informe.triple_indicators}), primera generación | {informe.triple_s:.2f} s "
                f"({_ms(growth, 2)}× la de 1×) | lineal (≤ {_ms(3 * INFORME_LINEAR_SLACK, 1)}×) | "
                f"{s7.check(growth is not None and growth <= 3 * INFORME_LINEAR_SLACK)} |"
            )
    s8 = Section("Punto 8 — Cada trabajo PDF frente a WeasyPrint solo con el mismo HTML")
    s8.lines.append(
        "Camino completo: la petición (POST) más el trabajo tal como lo hace el worker (`jobs.work`), con el "
        "caché vacío; WeasyPrint solo: `HTML(string=…).write_pdf()` con el mismo HTML, URL base y lector."
    )
    s8.lines.append("")
    s8.lines.append(pdfcost.markdown_table(costs))
    s8.missed = sum(1 for c in costs if c.ratio is None or c.ratio > pdfcost.TARGET_RATIO)
    return s7, s8


# --- point 9 --------------------------------------------------------------------------------------


def _is_staff_page(page) -> bool:
    for prefix, user in STAFF_PAGES:
        if page.kind == "pdf" or page.username is None:
            continue
        if (page.path == prefix if prefix == "/" else page.path.startswith(prefix)) and (
            user is None or page.username == user
        ):
            return True
    return False


def section_9(rows: list[runner.Row]) -> Section:
    s9 = Section("Punto 9 — Las páginas internas más lentas, a lo más 30× la vista trivial")
    s9.lines += [
        "| Página | Usuario | Mediana (ms) | × vista trivial | Consultas SQL | Meta | Resultado |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        if not _is_staff_page(row.page):
            continue
        t = row.timing
        ok = None if row.ratio is None else (row.ratio <= STAFF_RATIO and t is not None and t.statuses <= {200})
        s9.lines.append(
            f"| {row.page.name} (`{row.page.path}`) | {row.page.username} | {_ms(t.median if t else None)} | "
            f"{_ms(row.ratio)} | {row.queries if row.queries is not None else '—'} | ≤ {_ms(STAFF_RATIO, 0)}× | "
            f"{s9.check(ok)} |"
        )
    return s9


# --- point 10 -------------------------------------------------------------------------------------


@dataclass
class JobRun:
    label: str
    state: str
    seconds: float | None
    started_in_window: bool = True  # the job was being made while wrk measured


@dataclass
class LoadUnderJobs:
    nice: int
    load: runner.LoadResult
    jobs: list[JobRun]


def wait_until_started(ids: list[int], timeout: float) -> None:
    from gabinete.models import Job

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and Job.objects.filter(pk__in=ids, started_at__isnull=True).exists():
        time.sleep(0.2)


def wait_for_jobs(ids: list[int], timeout: float, *, window_end=None) -> list[JobRun]:
    from gabinete.models import Job
    from gabinete.models.jobs import JobState

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = Job.objects.filter(pk__in=ids, state__in=(JobState.QUEUED, JobState.RUNNING)).count()
        if not pending:
            break
        time.sleep(0.5)
    found = []
    for job in Job.objects.filter(pk__in=ids).order_by("pk"):
        seconds = (job.finished_at - job.started_at).total_seconds() if job.finished_at and job.started_at else None
        started = job.started_at is not None and (window_end is None or job.started_at <= window_end)
        found.append(JobRun(job.title, job.get_state_display(), seconds, started))
    return found


def load_under_jobs(
    port: int,
    env: dict[str, str],
    log,
    *,
    job_pages: list[tuple[str, str]],
    cookies: dict[str, str],
    csrf: str,
    nice: int,
    connections: int,
    seconds: int,
    path: str = "/transparencia-activa/",
) -> LoadUnderJobs:
    """wrk on the public page while the jobs of `job_pages` ((path, username) pairs, asked for as people
    do) run at once, one real worker process each, at CPU priority `nice`."""
    from django.utils import timezone

    cache.clear()  # the Informe de Gestión must be laid out, not found in a shared cache
    workers = runner.start_workers(len(job_pages), env, log, nice=nice)
    ids: list[int] = []
    try:
        for job_path, username in job_pages:
            _answers, found = runner.request_jobs(port, job_path, cookies.get(username), count=1, csrf=csrf)
            ids += found
        # wrk starts once every job is being made (a worker at low priority on a busy machine takes a
        # while to start and claim its job; measuring before that would measure no jobs at all).
        wait_until_started(ids, timeout=120)
        load = runner.run_wrk(port, path, connections=connections, seconds=seconds)
        jobs = wait_for_jobs(ids, timeout=240, window_end=timezone.now())
    finally:
        for worker in workers:
            runner.stop(worker)
        runner.discard_jobs(ids)
    return LoadUnderJobs(nice, load, jobs)


def section_10(quiet: runner.LoadResult, runs: list[LoadUnderJobs], connections: int, seconds: int) -> Section:
    s10 = Section("Punto 10 — La página pública bajo carga mientras corren trabajos PDF")
    s10.lines += [
        f"wrk, {connections} conexiones, {seconds} s, `{quiet.path}`; trabajos: dos Informes de Gestión y dos "
        "nóminas a la vez, un proceso `manage.py db_worker` para cada uno (la web: gunicorn a nice 0).",
        "",
        "| Medición | Peticiones/s | Errores | × sin trabajos | Meta | Resultado |",
        "| --- | ---: | ---: | ---: | --- | --- |",
        f"| Sin trabajos | {_ms(quiet.requests_per_second)} | {quiet.errors} | 1,00 | — | — |",
    ]
    for run in runs:
        ratio = None
        if run.load.requests_per_second and quiet.requests_per_second:
            ratio = run.load.requests_per_second / quiet.requests_per_second
        # The jobs were being made while wrk measured (a job still queued at the end proves nothing).
        ran = bool(run.jobs) and all(j.started_in_window for j in run.jobs)
        ok = None if ratio is None else (ratio >= LOAD_RATIO and run.load.errors == 0 and ran)
        label = f"Con trabajos, workers a nice {run.nice}" + (" (prioridad baja)" if run.nice else " (misma prioridad)")
        s10.lines.append(
            f"| {label} | {_ms(run.load.requests_per_second)} | {run.load.errors} | {_ms(ratio, 2)} | "
            f"≥ {_ms(LOAD_RATIO, 1)}× y 0 errores | {s10.check(ok)} |"
        )
    for run in runs:
        jobs = ", ".join(
            f"{j.label}: {j.state.lower()}"
            + (f" en {j.seconds:.1f} s" if j.seconds is not None else "")
            + ("" if j.started_in_window else " (no empezó durante la medición)")
            for j in run.jobs
        )
        s10.lines.append(f"\n- nice {run.nice}: {jobs or 'ningún trabajo se registró'}")
    return s10


# --- point 11 -------------------------------------------------------------------------------------


def public_paths(rows: list[runner.Row]) -> list[tuple[str, str]]:
    """(name, path) of every public page of the bench (news list, release, feeds, transparency index,
    item, month) and the lobby register; searches are not pages people reload."""
    found = [
        (r.page.name, r.page.path)
        for r in rows
        if r.page.username is None
        and r.page.kind in ("page", "feed")
        and r.page.path.startswith(("/noticias/", "/transparencia-activa/"))
    ]
    if all(path != LOBBY_PATH for _n, path in found):
        found.append(("Registro de lobby (público)", LOBBY_PATH))
    return found


def section_11(
    results: list[tuple[str, runner.LoadResult]],
    trivial_before: runner.LoadResult,
    trivial_after: runner.LoadResult,
    connections: int,
    seconds: int,
) -> Section:
    s11 = Section("Punto 11 — Las páginas públicas frente a la vista trivial (mismo run)")
    rates = [r.requests_per_second for r in (trivial_before, trivial_after) if r.requests_per_second]
    trivial = statistics.mean(rates) if rates else None
    s11.lines += [
        f"wrk, {connections} conexiones, {seconds} s por página. Vista trivial (`{runner.TRIVIAL_PATH}`): "
        f"{_ms(trivial_before.requests_per_second)} peticiones/s al inicio y "
        f"{_ms(trivial_after.requests_per_second)} al final (se compara con el promedio, {_ms(trivial)}).",
        "",
        "| Página pública | Peticiones/s | Errores | × vista trivial | Meta | Resultado |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for name, result in results:
        ratio = result.requests_per_second / trivial if result.requests_per_second and trivial else None
        ok = None if ratio is None else (ratio >= PUBLIC_RATIO and result.errors == 0)
        s11.lines.append(
            f"| {name} (`{result.path}`) | {_ms(result.requests_per_second)} | {result.errors} | {_ms(ratio, 2)} | "
            f"≥ {_ms(PUBLIC_RATIO, 1)}× | {s11.check(ok)} |"
        )
    return s11
