"""seed_demo and generate_scale_data create accounts whose passwords the README publishes: they
refuse to run unless DEBUG is on or the person confirms the database is not production."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from gabinete.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ["seed_demo", ["generate_scale_data", "--scale", "0.01", "--permitir-sqlite"]]


def _args(command):
    return command if isinstance(command, list) else [command]


@pytest.mark.parametrize("command", COMMANDS, ids=["seed_demo", "generate_scale_data"])
def test_demo_commands_refuse_to_run_without_debug(command, directorates, settings):
    settings.DEBUG = False
    name, *rest = _args(command)
    with pytest.raises(CommandError, match="se niega a ejecutarse en producción") as refused:
        call_command(name, *rest, stdout=io.StringIO())
    assert "--i-know-this-is-not-production" in str(refused.value)
    assert not get_user_model().objects.exists()


def test_seed_demo_runs_with_debug_on(directorates, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    assert get_user_model().objects.get(username="admin").check_password(DEMO_PASSWORD)


def test_seed_demo_runs_on_a_database_confirmed_not_production(directorates, settings):
    settings.DEBUG = False
    call_command("seed_demo", "--i-know-this-is-not-production", verbosity=0, stdout=io.StringIO())
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()


def test_generate_scale_data_runs_on_a_database_confirmed_not_production(directorates, settings, monkeypatch):
    from gabinete.devtools import bench

    monkeypatch.setattr(bench, "_generators", [])
    settings.DEBUG = False
    flags = ["--permitir-sqlite"] if connection.vendor == "sqlite" else []
    call_command(
        "generate_scale_data", "--i-know-this-is-not-production", "--scale", "0.01", *flags, stdout=io.StringIO()
    )
    assert get_user_model().objects.filter(username__startswith="bench.").exists()


# generate_scale_data does not even exist under the production settings (tests/devtools/): here it
# runs under the development tooling's settings, DEBUG off, as `make bench` runs it.
@pytest.mark.parametrize(
    "command, settings_module",
    [("seed_demo", "gabinete.settings"), (COMMANDS[1], "gabinete.settings_dev")],
    ids=["seed_demo", "generate_scale_data"],
)
def test_manage_py_exits_with_an_error_in_production(command, settings_module, tmp_path):
    """As an operator would run it on the server: DEBUG unset, a clear Spanish message, exit code 1,
    and the database never touched."""
    database = tmp_path / "produccion.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": settings_module}
    env.pop("DEBUG", None)
    env["DEBUG"] = "false"
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *_args(command)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "se niega a ejecutarse en producción" in done.stderr
    assert not database.exists() or database.stat().st_size == 0
