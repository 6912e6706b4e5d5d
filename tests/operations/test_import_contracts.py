"""Who may import whom is checked by import-linter (`[tool.importlinter]` in pyproject.toml, run by
`make lint`): the core imports no app, apps meet only through the `public` module of the app that
offers, and production code never imports the development tooling (gabinete.devtools). These tests
run the real contracts on the code as it is, and on a copy of it with one forbidden import added, to
show that the rule bites."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("gabinete", "protocol", "communications", "archive", "indicators", "transparency")
LINT_IMPORTS = shutil.which("lint-imports", path=str(ROOT / ".venv" / "bin")) or shutil.which("lint-imports")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    assert LINT_IMPORTS, "import-linter is not installed (requirements-dev.txt pins it)"
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """The Python packages and pyproject.toml of the project, copied (no templates, no static files)."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "locale"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_code_keeps_the_import_contracts():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_an_app_importing_another_apps_models_breaks_the_contract(project_copy):
    _add_line(project_copy / "archive" / "selectors.py", "from communications.models import Journalist  # noqa")

    result = _lint_imports(project_copy)

    assert result.returncode == 1
    assert "archive is not allowed to import communications" in result.stdout
    assert "archive.selectors -> communications.models" in result.stdout


def test_the_core_importing_an_app_breaks_the_contract(project_copy):
    _add_line(project_copy / "gabinete" / "related.py", "from protocol.models import Event  # noqa")

    result = _lint_imports(project_copy)

    assert result.returncode == 1
    assert "gabinete.related is not allowed to import protocol" in result.stdout


def test_the_public_module_is_the_allowed_door(project_copy):
    _add_line(project_copy / "indicators" / "selectors.py", "from communications.public import outlet_choices  # noqa")

    result = _lint_imports(project_copy)

    assert result.returncode == 0, result.stdout


def test_production_code_importing_the_development_tooling_breaks_the_contract(project_copy):
    _add_line(project_copy / "archive" / "selectors.py", "from gabinete.devtools import bench  # noqa")

    result = _lint_imports(project_copy)

    assert result.returncode == 1
    assert "archive.selectors -> gabinete.devtools" in result.stdout


def test_the_development_tooling_may_import_any_app(project_copy):
    _add_line(
        project_copy / "gabinete" / "devtools" / "bench" / "archive.py", "from archive.views import index  # noqa"
    )

    result = _lint_imports(project_copy)

    assert result.returncode == 0, result.stdout


def test_the_core_importing_the_office_app_breaks_the_contract(project_copy):
    # The office's folder sits inside the core package, but it is an app like the others (issue 14 point 1).
    _add_line(project_copy / "gabinete" / "apps.py", "from gabinete.office import desk  # noqa")

    result = _lint_imports(project_copy)

    assert result.returncode == 1
    assert "gabinete.apps is not allowed to import gabinete.office" in result.stdout
