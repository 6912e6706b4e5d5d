import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_a_malformed_database_url_stops_start_up_naming_the_variable():
    result = _manage("check", DATABASE_URL="mysqlx://nadie@ninguna-parte/db")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_an_unreachable_database_stops_start_up_naming_the_variable():
    result = _manage("migrate", "--noinput", DATABASE_URL="postgres://nadie@127.0.0.1:1/db")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="p" * 20 + "x8#kL2@vQ9zR!mN4wT7yU1iO5pA3sD6fG0hJ",
        ALLOWED_HOSTS="intranet.example.cl",
        CSRF_TRUSTED_ORIGINS="https://intranet.example.cl",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_settings_default_to_sqlite_under_var():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])",
        DEBUG="true",
    )
    assert "sqlite3" in result.stdout
    assert "/var/gabinete.sqlite3" in result.stdout


def test_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "es-cl"
    assert settings.TIME_ZONE == "America/Santiago"
    assert settings.USE_TZ
