"""Production installs requirements.txt only: the runtime packages, each pinned. The test and development
tools are in requirements-dev.txt (which includes requirements.txt), each pinned too."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PINNED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[A-Za-z0-9,._-]+\])?==[0-9][A-Za-z0-9.+!-]*$")
INCLUDE_RUNTIME = "-r requirements.txt"
DEV_TOOLS = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "pytest-playwright",
    "playwright",
    "axe-playwright-python",
    "ruff",
    "import-linter",
    "bandit",
    "time-machine",
    "factory-boy",
    "hypothesis",
    "aiosmtpd",
    "mypy",
    "django-stubs",
    "django-stubs-ext",
    "djlint",
    "pre-commit",
    "moto",
}


def _lines(name: str) -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return [line.split(" #")[0].strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _packages(name: str) -> set[str]:
    return {_canonical(PINNED.match(line)["name"]) for line in _lines(name) if line != INCLUDE_RUNTIME}


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_pinned_to_one_version(name):
    unpinned = [line for line in _lines(name) if line != INCLUDE_RUNTIME and not PINNED.match(line)]
    assert unpinned == []


def test_the_runtime_file_holds_no_test_or_development_tool():
    assert INCLUDE_RUNTIME not in _lines("requirements.txt")
    assert _packages("requirements.txt") & DEV_TOOLS == set()
    assert {"django", "gunicorn", "psycopg"} <= _packages("requirements.txt")


def test_the_development_file_adds_the_tools_to_the_runtime_file():
    assert _lines("requirements-dev.txt")[0] == INCLUDE_RUNTIME
    dev = _packages("requirements-dev.txt")
    assert {"pytest", "pytest-django", "playwright", "ruff", "import-linter", "bandit", "time-machine"} <= dev
    assert {"mypy", "django-stubs", "djlint", "pre-commit"} <= dev  # what `make lint` and the git hooks run
    assert dev & _packages("requirements.txt") == set()  # one pin per package, in one file
