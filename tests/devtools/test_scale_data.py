"""generate_scale_data: bench users, every registered generator in order, refusals."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from gabinete.devtools import bench


@pytest.fixture
def fake_generator(monkeypatch):
    calls = []

    def generate(ctx):
        calls.append((ctx.scale, ctx.user("enlace", "aseo").username, ctx.n(40_000)))

    monkeypatch.setattr(bench, "_generators", [*bench._generators, (999, generate)])
    return calls


def test_generates_bench_users_and_runs_every_generator(directorates, fake_generator):
    out = io.StringIO()
    flags = ["--permitir-sqlite"] if connection.vendor == "sqlite" else []
    call_command("generate_scale_data", "--i-know-this-is-not-production", "--scale", "0.01", *flags, stdout=out)
    assert fake_generator == [(0.01, "bench.enlace.aseo", 400)]
    users = get_user_model().objects.filter(username__startswith="bench.")
    assert users.count() == 50
    assert users.get(username="bench.alcalde").check_password(bench.BENCH_PASSWORD)
    text = out.getvalue()
    assert "test_scale_data.generate:" in text
    assert "generados en" in text


def test_refuses_a_database_that_already_has_bench_data_unless_appending(directorates, fake_generator):
    flags = ["--permitir-sqlite"] if connection.vendor == "sqlite" else []
    call_command(
        "generate_scale_data", "--i-know-this-is-not-production", "--scale", "0.01", *flags, stdout=io.StringIO()
    )
    with pytest.raises(CommandError, match="ya tiene datos de rendimiento"):
        call_command(
            "generate_scale_data", "--i-know-this-is-not-production", "--scale", "0.01", *flags, stdout=io.StringIO()
        )
    out = io.StringIO()
    call_command(
        "generate_scale_data", "--i-know-this-is-not-production", "--scale", "0.01", "--si-faltan", *flags, stdout=out
    )
    assert "no se generan de nuevo" in out.getvalue()
    assert len(fake_generator) == 1
    call_command(
        "generate_scale_data",
        "--i-know-this-is-not-production",
        "--scale",
        "0.01",
        "--agregar",
        *flags,
        stdout=io.StringIO(),
    )
    assert len(fake_generator) == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="la negativa es para SQLite")
def test_refuses_sqlite_without_the_explicit_flag(directorates):
    with pytest.raises(CommandError, match="necesita PostgreSQL"):
        call_command("generate_scale_data", "--i-know-this-is-not-production", "--scale", "0.01", stdout=io.StringIO())


def test_refuses_an_absurd_scale(directorates):
    with pytest.raises(CommandError, match="--scale"):
        call_command(
            "generate_scale_data",
            "--i-know-this-is-not-production",
            "--scale",
            "0",
            "--permitir-sqlite",
            stdout=io.StringIO(),
        )
