"""The machinery of `manage.py bench`: a gunicorn on loopback, timed requests, query counts, wrk.

Pages come from `bench.page_providers()` (each app's scenario in this package) plus the foundation's own
pages below. Every figure is also given as a ratio to a trivial Django view (`/ping`) measured in
the same run, so results stay comparable when the machine's speed drifts.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import re
import shutil
import socket
import statistics
import subprocess  # nosec B404
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from gabinete.devtools import bench

HOST = "127.0.0.1"  # only loopback: the bench never talks to another machine
#: Issue 15 point 7: the request that starts a PDF job answers in under this many trivial views.
JOB_REQUEST_RATIO = 30.0
TRIVIAL_PATH = "/ping"


def foundation_pages(ctx: bench.ScaleContext) -> list[bench.BenchPage]:
    """The foundation's pages; an app that registers the same path and user replaces the entry."""
    return [
        bench.BenchPage("Ingreso (formulario)", "/cuenta/ingresar/"),
        bench.BenchPage("Mi escritorio (Gabinete)", "/", "bench.gabinete"),
        bench.BenchPage("Mi escritorio (enlace)", "/", "bench.enlace.aseo"),
        bench.BenchPage("Nómina de direcciones", "/nomina/", "bench.enlace.aseo"),
        bench.BenchPage("Nómina de direcciones (PDF)", "/nomina.pdf", "bench.enlace.aseo", kind="pdf"),
        bench.BenchPage("Transparencia activa (pública)", "/transparencia-activa/"),
        bench.BenchPage("Noticias (públicas)", "/noticias/"),
    ]


def collect_pages(ctx: bench.ScaleContext) -> list[bench.BenchPage]:
    """Every page to measure, without duplicates (same path and user: the one with a target wins)."""
    chosen: dict[tuple[str, str | None], bench.BenchPage] = {}
    order: list[tuple[str, str | None]] = []
    for provider in [*bench.page_providers(), foundation_pages]:
        for page in provider(ctx):
            key = (page.path, page.username)
            if key not in chosen:
                chosen[key] = page
                order.append(key)
            elif chosen[key].target_ms is None and page.target_ms is not None:
                chosen[key] = page
    return [chosen[k] for k in order]


def select_pages(pages: list[bench.BenchPage], only: list[str] | None) -> list[bench.BenchPage]:
    if not only:
        return pages
    wanted = [w.lower() for w in only]
    return [p for p in pages if any(w in p.name.lower() or w in p.path.lower() for w in wanted)]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_environment(port: int) -> dict[str, str]:
    """Production settings, except HTTPS (plain HTTP on loopback) and a host list for 127.0.0.1."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="gabinete.settings",
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS=f"{HOST},localhost",
        SECRET_KEY=settings.SECRET_KEY,  # the sessions made here must be valid there
        STATIC_ROOT=str(settings.STATIC_ROOT),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        LOG_LEVEL="WARNING",
        SITE_URL=f"http://{HOST}:{port}",
    )
    return env


def static_up_to_date() -> bool:
    """True when STATIC_ROOT's manifest is newer than every source static file (collectstatic with
    compression takes minutes on a small machine; there is no need to repeat it)."""
    from django.contrib.staticfiles import finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.is_file():
        return False
    built = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if Path(storage.path(path)).stat().st_mtime > built:
                return False
    return True


def collectstatic(env: dict[str, str]) -> None:
    subprocess.run(  # nosec B603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )


def start_gunicorn(port: int, workers: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("w")
    return subprocess.Popen(  # nosec B603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "gabinete.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--backlog",
            "2048",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class Response:
    status: int
    body: bytes
    elapsed_ms: float
    location: str = ""


def fetch(
    port: int, path: str, cookie: str | None = None, timeout: float = 120, *, method: str = "GET", csrf: str = ""
) -> Response:
    """One request. A POST carries the CSRF pair a browser would send (`csrf`: the cookie's secret,
    also given in the X-CSRFToken header; plain HTTP on loopback, so no Referer check)."""
    headers = {"Host": f"{HOST}:{port}", "User-Agent": "gabinete-bench"}
    cookies = [c for c in (cookie, f"{settings.CSRF_COOKIE_NAME}={csrf}" if csrf else "") if c]
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    if csrf:
        headers["X-CSRFToken"] = csrf
    if method == "POST":
        headers["Content-Length"] = "0"
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        started = time.perf_counter()
        connection.request(method, path, headers=headers)
        answer = connection.getresponse()
        body = answer.read()
        elapsed = (time.perf_counter() - started) * 1000
        return Response(answer.status, body, elapsed, answer.getheader("Location", ""))
    finally:
        connection.close()


def csrf_secret() -> str:
    """A CSRF cookie value as Django makes them (32 letters and digits)."""
    from django.utils.crypto import get_random_string

    return get_random_string(32)


def wait_until_ready(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn terminó al iniciar (vea var/bench/gunicorn.log)")
        try:
            if fetch(port, TRIVIAL_PATH, timeout=5).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn no respondió en {timeout:.0f} s (vea var/bench/gunicorn.log)")


def session_cookie(user) -> str:
    """A logged-in session made server-side (django-axes only accepts the real login form)."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def end_sessions(cookies) -> None:
    """Delete the sessions the bench made (they would pile up run after run)."""
    from importlib import import_module

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    for cookie in cookies:
        store_class(session_key=cookie.split("=", 1)[1]).delete()


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)


def measure(port: int, path: str, cookie: str | None, *, warmup: int, requests: int, budget_s: float) -> Timing:
    """`warmup` unrecorded requests, then up to `requests` timed ones within `budget_s` seconds."""
    timing = Timing()
    for _ in range(warmup):
        timing.statuses.add(fetch(port, path, cookie).status)
    started = time.monotonic()
    for _ in range(requests):
        answer = fetch(port, path, cookie)
        timing.samples.append(answer.elapsed_ms)
        timing.statuses.add(answer.status)
        if time.monotonic() - started > budget_s and len(timing.samples) >= 5:
            break
    return timing


def is_job_page(port: int, path: str, cookie: str | None) -> bool:
    """A PDF prepared in the background answers a GET with 405 (people POST its form)."""
    return fetch(port, path, cookie).status == 405


def job_id_of(location: str) -> int | None:
    """The job's id in the address a job request redirects to (the job's page)."""
    from urllib.parse import urlsplit

    from django.urls import Resolver404, resolve

    try:
        match = resolve(urlsplit(location).path)
    except Resolver404:
        return None
    pk = match.kwargs.get("pk")
    return int(pk) if pk is not None else None


def request_jobs(
    port: int, path: str, cookie: str | None, *, count: int, csrf: str
) -> tuple[list[Response], list[int]]:
    """`count` job requests the way people make them (a POST answered by a redirect to the job's page)."""
    answers, ids = [], []
    for _ in range(count):
        answer = fetch(port, path, cookie, method="POST", csrf=csrf)
        answers.append(answer)
        found = job_id_of(answer.location) if answer.status == 302 else None
        if found is not None:
            ids.append(found)
    return answers, ids


def measure_job_requests(
    port: int, path: str, cookie: str | None, *, warmup: int, requests: int, csrf: str
) -> tuple[Timing, list[int]]:
    """Time the request that starts a job (what the person waits for); the jobs are left queued for
    the caller to discard (`discard_jobs`) so no worker makes them."""
    timing = Timing()
    warm, ids = request_jobs(port, path, cookie, count=warmup, csrf=csrf)
    timing.statuses.update(a.status for a in warm)
    answers, more = request_jobs(port, path, cookie, count=requests, csrf=csrf)
    timing.samples.extend(a.elapsed_ms for a in answers)
    timing.statuses.update(a.status for a in answers)
    return timing, ids + more


def discard_jobs(ids: list[int]) -> None:
    """Delete the bench's jobs, their queue entries, activity lines and files (they would pile up)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.storage import default_storage
    from django_tasks_db.models import DBTaskResult

    from gabinete.models import Activity, Job

    if not ids:
        return
    found = list(Job.objects.filter(pk__in=ids))
    DBTaskResult.objects.filter(id__in=[j.task_result_id for j in found if j.task_result_id]).delete()
    Activity.objects.filter(
        content_type=ContentType.objects.get_for_model(Job), object_id__in=[str(i) for i in ids]
    ).delete()
    for job in found:
        if job.file and default_storage.exists(job.file.name):
            default_storage.delete(job.file.name)
    Job.objects.filter(pk__in=ids).delete()


def start_workers(count: int, env: dict[str, str], log: Path, *, nice: int) -> list[subprocess.Popen]:
    """`count` queue workers (`manage.py db_worker`) as `make run` and the systemd unit start them,
    at CPU priority `nice` (0: the web's own priority)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("a")

    def lower_priority() -> None:  # runs in the child, before exec
        if nice:
            os.nice(nice)

    return [
        subprocess.Popen(  # nosec B603
            [sys.executable, "manage.py", "db_worker", "--interval", "0.5"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            preexec_fn=lower_priority,  # noqa: PLW1509 - no threads are started before it runs
        )
        for _ in range(count)
    ]


def count_queries(path: str, cookie: str | None) -> tuple[int | None, str]:
    """SQL queries of one request, measured in this process with Django's test client (after one
    warm-up request, so the figure is the steady state the timed requests see)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    try:
        client.get(path, HTTP_HOST=HOST, secure=True)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST=HOST, secure=True)
    except Exception as exc:  # noqa: BLE001 - reported in the table, the run goes on
        return None, f"error: {exc.__class__.__name__}"
    return len(queries), str(response.status_code)


WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_ERRORS = re.compile(r"Socket errors:.*?timeout (\d+)")
WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


@dataclass
class LoadResult:
    path: str
    requests_per_second: float | None
    non_2xx: int = 0
    timeouts: int = 0
    error: str = ""
    socket_errors: int = 0

    @property
    def errors(self) -> int:
        """Every failed answer: not 2xx/3xx, or a socket error (connect, read, write, timeout)."""
        return self.non_2xx + self.socket_errors


def parse_wrk(path: str, output: str) -> LoadResult:
    rps = WRK_RPS.search(output)
    non = WRK_NON_2XX.search(output)
    errors = WRK_ERRORS.search(output)
    sockets = WRK_SOCKET.search(output)
    return LoadResult(
        path,
        float(rps.group(1)) if rps else None,
        int(non.group(1)) if non else 0,
        int(errors.group(1)) if errors else 0,
        "" if rps else output.strip()[-300:],
        sum(int(g) for g in sockets.groups()) if sockets else 0,
    )


def run_wrk(port: int, path: str, *, connections: int, seconds: int) -> LoadResult:
    program = shutil.which("wrk")
    if program is None:
        return LoadResult(path, None, error="wrk no está instalado (sudo apt-get install wrk)")
    threads = max(1, min(4, os.cpu_count() or 1, connections))
    result = subprocess.run(  # nosec B603
        [
            program,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    return parse_wrk(path, result.stdout + result.stderr)


def static_probe_path() -> str:
    """A small static file as WhiteNoise serves it in production (hashed name from the manifest)."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    name = "gabinete/js/app.js"
    if manifest.is_file():
        name = json.loads(manifest.read_text()).get("paths", {}).get(name, name)
    return settings.STATIC_URL + name


@dataclass
class Row:
    page: bench.BenchPage
    timing: Timing | None
    queries: int | None
    status: str
    ratio: float | None = None

    @property
    def is_job(self) -> bool:
        """A PDF prepared in the background: the row times the request that starts it (a POST, 302)."""
        return self.status == "job"

    @property
    def verdict(self) -> str:
        expected = {302} if self.is_job else {200}
        if self.timing is None or not self.timing.samples or self.timing.statuses - expected:
            return f"error ({', '.join(map(str, sorted(self.timing.statuses))) if self.timing else self.status})"
        if self.is_job:
            # Issue 15 point 7: the request that starts a PDF answers in under 30× the trivial view.
            if self.ratio is None:
                return "—"
            return "cumple" if self.ratio < JOB_REQUEST_RATIO else "NO cumple"
        if self.page.target_ms is None:
            return "—"
        return "cumple" if self.timing.median <= self.page.target_ms else "NO cumple"


def _ms(value: float | None, decimals: int = 1) -> str:
    """es-CL number: 1.234,5."""
    if value is None or value != value:  # NaN
        return "—"
    return f"{value:,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def markdown_table(rows: list[Row], trivial: Timing) -> str:
    lines = [
        "| Página | Usuario | n | Mediana (ms) | p95 (ms) | Consultas SQL | × vista trivial | Meta (ms) | Resultado |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| Vista trivial (`{TRIVIAL_PATH}`) | anónimo | {len(trivial.samples)} | {_ms(trivial.median)} | "
        f"{_ms(trivial.p95)} | 0 | 1,0 | — | — |",
    ]
    for row in rows:
        t = row.timing
        name = f"{row.page.name}, solicitud (POST)" if row.is_job else row.page.name
        target = f"< {_ms(JOB_REQUEST_RATIO, 0)}×" if row.is_job else _ms(row.page.target_ms)
        lines.append(
            f"| {name} (`{row.page.path}`) | {row.page.username or 'anónimo'} | "
            f"{len(t.samples) if t else 0} | {_ms(t.median if t else None)} | {_ms(t.p95 if t else None)} | "
            f"{row.queries if row.queries is not None else '—'} | {_ms(row.ratio)} | "
            f"{target} | {row.verdict} |"
        )
    return "\n".join(lines)


def load_table(
    page: LoadResult, static: LoadResult, connections: int, seconds: int, trivial: LoadResult | None = None
) -> tuple[str, float | None]:
    ratio = None
    if page.requests_per_second and static.requests_per_second:
        ratio = page.requests_per_second / static.requests_per_second
    lines = [
        f"| Carga ({connections} conexiones, {seconds} s) | Peticiones/s | Respuestas no 2xx/3xx | Tiempos agotados |",
        "| --- | ---: | ---: | ---: |",
    ]
    measured = [("Página pública de transparencia", page), ("Archivo estático (WhiteNoise)", static)]
    if trivial is not None:
        measured.append(("Vista trivial (techo de una vista Django)", trivial))
    for label, result in measured:
        lines.append(
            f"| {label} (`{result.path}`) | {_ms(result.requests_per_second)} | {result.non_2xx} | {result.timeouts} |"
        )
    verdict = "—" if ratio is None else ("cumple" if ratio >= 0.5 else "NO cumple")
    lines.append("")
    lines.append(f"Razón de rendimiento página/estático: **{_ms(ratio, 2)}** (meta ≥ 0,5): {verdict}")
    if trivial is not None and trivial.requests_per_second and static.requests_per_second:
        ceiling = trivial.requests_per_second / static.requests_per_second
        lines.append(f"(La vista trivial, sin plantilla ni base de datos, llega a {_ms(ceiling, 2)} del estático.)")
    for _label, result in measured:
        if result.error:
            lines.append(f"\nwrk en {result.path}: {result.error}")
    return "\n".join(lines), ratio
