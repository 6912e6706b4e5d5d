"""The bench's sections for issue 15 points 7–11: job PDFs asked for the way people do (a POST), each
figure beside its target with «cumple / no cumple», and the 3× indicators left in no database."""

import pytest
from django.utils import timezone

from gabinete.devtools import bench
from gabinete.devtools.bench import points, runner
from gabinete.models import Job

WRK_WITH_SOCKET_ERRORS = """Running 5s test @ http://127.0.0.1:5000/transparencia-activa/
  1213 requests in 5.01s, 11.14MB read
  Socket errors: connect 1, read 2, write 0, timeout 3
Requests/sec:    242.05
"""


def _row(name, path, rps_ms, statuses, *, status="200", username=None, kind="page", ratio=None):
    return runner.Row(
        bench.BenchPage(name, path, username, kind=kind), runner.Timing([rps_ms] * 5, statuses), 3, status, ratio
    )


def test_every_socket_error_of_wrk_counts_as_an_error():
    result = runner.parse_wrk("/t/", WRK_WITH_SOCKET_ERRORS)
    assert result.socket_errors == 6 and result.errors == 6


def test_the_request_that_starts_a_pdf_job_must_answer_a_redirect_in_under_30_trivial_views():
    quick = _row("Nómina (PDF)", "/nomina.pdf", 20.0, {302}, status="job", kind="pdf", ratio=20.0)
    slow = _row("Informe (PDF)", "/informe.pdf", 40.0, {302}, status="job", kind="pdf", ratio=40.0)
    refused = _row("Otro (PDF)", "/otro.pdf", 5.0, {403}, status="job", kind="pdf", ratio=5.0)
    assert quick.verdict == "cumple"
    assert slow.verdict == "NO cumple"
    assert refused.verdict.startswith("error")
    table = runner.markdown_table([quick], runner.Timing([1.0] * 3, {200}))
    assert "Nómina (PDF), solicitud (POST)" in table and "< 30×" in table


def test_the_informe_section_says_first_render_cache_and_linear_growth_with_their_targets():
    trivial = runner.Timing([1.0] * 5, {200})
    job = _row("Informe de Gestión (PDF)", "/indicadores/informe.pdf", 10.0, {302}, status="job", kind="pdf")
    fast = points.InformeFigures(550, 4.0, 0.01, True, 1650, 11.0)
    s7, _s8 = points.section_7_8([job], trivial, [], fast)
    assert s7.missed == 0
    assert "4.00 s" in s7.text() and "desde el caché" in s7.text() and "2,75× la de 1×" in s7.text()
    slow = points.InformeFigures(550, 6.0, 6.0, False, 1650, 30.0)
    s7, _s8 = points.section_7_8([job], trivial, [], slow)
    assert s7.missed == 3  # first render over 5 s, the repeat not from the cache, 3× grows faster than linear


def test_a_public_page_below_nine_tenths_of_the_trivial_view_does_not_meet_point_11():
    trivial_before = runner.LoadResult("/ping", 1000.0)
    trivial_after = runner.LoadResult("/ping", 1200.0)
    good = runner.LoadResult("/noticias/", 1000.0)
    poor = runner.LoadResult("/transparencia-activa/lobby/", 800.0)
    failing = runner.LoadResult("/noticias/rss/", 1100.0, non_2xx=4)
    s11 = points.section_11([("n", good), ("l", poor), ("r", failing)], trivial_before, trivial_after, 50, 10)
    lines = s11.text().splitlines()
    assert any("`/noticias/`" in line and "0,91" in line and "| cumple |" in line for line in lines)
    assert any("lobby" in line and "no cumple" in line for line in lines)
    assert s11.missed == 2  # too slow, and answers that were not 2xx/3xx


def test_point_10_asks_for_errors_none_and_eight_tenths_of_the_quiet_throughput():
    quiet = runner.LoadResult("/transparencia-activa/", 1000.0)
    done = [points.JobRun("Informe de Gestión", "Listo", 9.0)]
    low = points.LoadUnderJobs(10, runner.LoadResult("/transparencia-activa/", 850.0), done)
    same = points.LoadUnderJobs(0, runner.LoadResult("/transparencia-activa/", 600.0), done)
    errors = points.LoadUnderJobs(
        10, runner.LoadResult("/transparencia-activa/", 950.0, timeouts=1, socket_errors=1), done
    )
    idle = points.LoadUnderJobs(
        10, runner.LoadResult("/transparencia-activa/", 990.0), [points.JobRun("Nómina", "En cola", None, False)]
    )
    s10 = points.section_10(quiet, [low, same, errors, idle], 50, 30)
    assert s10.missed == 3  # too slow; errors; the jobs never ran while wrk measured
    assert "no empezó durante la medición" in s10.text()
    assert "nice 10 (prioridad baja) | 850,0 | 0 | 0,85" in s10.text()
    assert "Informe de Gestión: listo en 9.0 s" in s10.text()


def test_point_11_measures_every_public_page_and_the_lobby_but_no_search_or_staff_page():
    rows = [
        _row("Noticias", "/noticias/", 3.0, {200}),
        _row("RSS", "/noticias/rss/", 3.0, {200}, kind="feed"),
        _row("Ítem d)", "/transparencia-activa/d/", 3.0, {200}),
        _row("Búsqueda", "/transparencia-activa/?q=x", 3.0, {200}, kind="search"),
        _row("Panel", "/transparencia/cumplimiento/", 3.0, {200}, username="bench.gabinete"),
    ]
    assert [p for _n, p in points.public_paths(rows)] == [
        "/noticias/",
        "/noticias/rss/",
        "/transparencia-activa/d/",
        points.LOBBY_PATH,
    ]


def test_point_9_lists_the_staff_pages_the_issue_names():
    rows = [
        _row("Panel", "/transparencia/cumplimiento/", 900.0, {200}, username="bench.gabinete", ratio=690.0),
        _row("Mi escritorio", "/", 20.0, {200}, username="bench.gabinete", ratio=20.0),
        _row("Mi escritorio (enlace)", "/", 20.0, {200}, username="bench.enlace.aseo", ratio=20.0),
        _row("Noticias", "/noticias/", 3.0, {200}),
    ]
    s9 = points.section_9(rows)
    assert "Panel" in s9.text() and "Mi escritorio (`/`)" in s9.text()
    assert "enlace" not in s9.text() and "Noticias" not in s9.text()
    assert s9.missed == 1


@pytest.mark.django_db(transaction=True)
def test_the_bench_asks_for_a_pdf_job_with_a_post_and_discards_the_jobs_it_made(live_server, directorates):
    ctx = bench.ScaleContext(scale=0.02, today=timezone.localdate())
    bench.ensure_bench_users(ctx, total=60)
    port = int(live_server.url.rsplit(":", 1)[1])
    cookie = runner.session_cookie(ctx.user("enlace", "aseo"))
    assert runner.is_job_page(port, "/nomina.pdf", cookie)
    timing, ids = runner.measure_job_requests(
        port, "/nomina.pdf", cookie, warmup=1, requests=2, csrf=runner.csrf_secret()
    )
    assert timing.statuses == {302} and len(timing.samples) == 2
    assert len(ids) == 3 and Job.objects.filter(pk__in=ids).count() == 3
    answers, _ids = runner.request_jobs(port, "/nomina.pdf", cookie, count=1, csrf="")
    assert answers[0].status == 403  # without the CSRF pair a browser sends, no job
    runner.discard_jobs(ids)
    assert not Job.objects.filter(pk__in=ids).exists()


def test_three_times_the_indicators_live_only_inside_the_bench_transaction(directorates):
    from django.db import transaction

    from gabinete.devtools.bench import indicators as indicators_bench
    from indicators.models import Indicator, Measurement

    ctx = bench.ScaleContext(scale=0.02, today=timezone.localdate())
    bench.ensure_bench_users(ctx, total=60)
    indicators_bench.generate(ctx)
    year = ctx.today.year - 1
    before = (Indicator.objects.count(), Measurement.objects.count())
    with transaction.atomic():
        tripled = points._triple_indicators(year)
        assert tripled == 3 * Indicator.objects.filter(years__year=year).distinct().count() // 3
        assert (
            Measurement.objects.filter(indicator_year__year=year).count()
            == 3
            * Measurement.objects.filter(
                indicator_year__year=year,
                indicator_year__indicator__code__startswith="B-",
                indicator_year__indicator__code__regex=r"^B-\d+$",
            ).count()
        )
        transaction.set_rollback(True)
    assert (Indicator.objects.count(), Measurement.objects.count()) == before
