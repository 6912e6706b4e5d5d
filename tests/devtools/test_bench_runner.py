"""The bench command's pieces (the full run needs PostgreSQL, gunicorn and minutes: see README)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gabinete.devtools import bench
from gabinete.devtools.bench import runner


def test_percentiles_use_the_nearest_rank():
    values = list(range(1, 101))
    assert runner.percentile(values, 50) == 50
    assert runner.percentile(values, 95) == 95
    assert runner.percentile([7.0], 95) == 7.0


def test_app_pages_replace_the_foundation_entry_for_the_same_page(monkeypatch):
    def app_pages(ctx):
        return [bench.BenchPage("Transparencia pública", "/transparencia-activa/", None, target_ms=30)]

    bench.load_scenarios()  # imported first here, a scenario would register into the patched list
    monkeypatch.setattr(bench, "_page_providers", [app_pages])
    pages = runner.collect_pages(bench.ScaleContext(scale=0, today=None))
    public = [p for p in pages if p.path == "/transparencia-activa/"]
    assert public == [app_pages(None)[0]]
    assert any(p.path == "/nomina/" for p in pages)


def test_only_selects_pages_by_name_or_path():
    pages = runner.foundation_pages(None)
    assert [p.path for p in runner.select_pages(pages, ["nómina"])] == ["/nomina/", "/nomina.pdf"]
    assert [p.path for p in runner.select_pages(pages, [".pdf"])] == ["/nomina.pdf"]


WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:5000/transparencia-activa/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   396.17ms   60.75ms 598.04ms   85.91%
  1213 requests in 5.01s, 11.14MB read
  Socket errors: connect 0, read 0, write 0, timeout 3
  Non-2xx or 3xx responses: 2
Requests/sec:    242.05
Transfer/sec:      2.22MB
"""


def test_wrk_output_is_read():
    result = runner.parse_wrk("/x/", WRK_OUTPUT)
    assert result.requests_per_second == 242.05
    assert result.non_2xx == 2
    assert result.timeouts == 3


def test_the_tables_say_which_targets_are_met():
    trivial = runner.Timing([2.0, 2.0, 2.0], {200})
    fast = runner.Row(bench.BenchPage("Rápida", "/a/", target_ms=50), runner.Timing([10.0] * 5, {200}), 4, "200", 5.0)
    slow = runner.Row(bench.BenchPage("Lenta", "/b/", target_ms=5), runner.Timing([10.0] * 5, {200}), 4, "200", 5.0)
    broken = runner.Row(bench.BenchPage("Rota", "/c/"), runner.Timing([10.0] * 5, {500}), None, "500")
    table = runner.markdown_table([fast, slow, broken], trivial)
    assert "| Rápida (`/a/`) | anónimo | 5 | 10,0 | 10,0 | 4 | 5,0 | 50,0 | cumple |" in table
    assert "NO cumple" in table
    assert "error (500)" in table
    text, ratio = runner.load_table(runner.LoadResult("/t/", 300.0), runner.LoadResult("/s/", 1000.0), 50, 30)
    assert ratio == 0.3
    assert "NO cumple" in text
    assert "0,30" in text


def test_a_session_made_server_side_logs_the_user_in(client, user_factory):
    user = user_factory("enlace", "aseo")
    name, key = runner.session_cookie(user).split("=", 1)
    client.cookies[name] = key
    assert client.get("/nomina/").status_code == 200
    runner.end_sessions([f"{name}={key}"])
    assert client.get("/nomina/").status_code == 302


@pytest.mark.skipif(connection.vendor != "sqlite", reason="la negativa es para SQLite")
def test_bench_refuses_to_run_without_postgresql(db):
    with pytest.raises(CommandError, match="necesita PostgreSQL"):
        call_command("bench", "--quick", stdout=io.StringIO())
