"""The development tooling (gabinete/devtools/: bench, scale data) is installed by the development and
test settings only: production, DEBUG off, neither installs it nor knows its commands."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEVTOOLS_COMMANDS = ("bench", "bench_pdf", "generate_scale_data")


def _run(*args: str, settings_module: str = "gabinete.settings", debug: str = "false") -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "DEBUG": debug}
    env.pop("DATABASE_URL", None)  # no command here touches the database
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _installed(**kwargs) -> bool:
    probe = "from django.conf import settings; print('gabinete.devtools' in settings.INSTALLED_APPS)"
    done = _run("-c", probe, **kwargs)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip() == "True"


def _commands(**kwargs) -> set[str]:
    done = _run("manage.py", "help", "--commands", **kwargs)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_production_settings_do_not_install_devtools_nor_its_commands():
    assert not _installed()
    commands = _commands()
    assert "seed_demo" in commands  # demo data is a product feature: it stays, behind its guard
    assert not commands & set(DEVTOOLS_COMMANDS)


@pytest.mark.parametrize("command", DEVTOOLS_COMMANDS)
def test_a_devtools_command_is_unknown_in_production(command):
    done = _run("manage.py", command)
    assert done.returncode != 0
    assert f"Unknown command: '{command}'" in done.stderr


def test_debug_on_and_the_development_settings_install_devtools():
    assert _installed(debug="true")
    assert _installed(settings_module="gabinete.settings_dev")
    assert set(DEVTOOLS_COMMANDS) <= _commands(settings_module="gabinete.settings_dev")


def test_the_test_settings_install_devtools(settings):
    assert "gabinete.devtools" in settings.INSTALLED_APPS
