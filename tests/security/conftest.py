"""Fixtures of the security tests: the matrix's people, production security settings, fast PDFs."""

import pytest
from hypothesis import settings as hypothesis_settings

from tests.security.access import World

hypothesis_settings.register_profile("gabinete", deadline=None, database=None, derandomize=False)
hypothesis_settings.load_profile("gabinete")


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def production_security(settings):
    """The security settings production runs with (settings_test switches HTTPS off)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


@pytest.fixture
def stub_pdf(monkeypatch):
    """PDF views still render their templates, but WeasyPrint's layout (0.3–5 s) is skipped."""
    import weasyprint

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *a, **k: b"%PDF-1.7\n%stub\n")


def check_security_headers(response, *, hsts: bool = True) -> list[str]:
    """Names of the security headers missing or wrong on `response` (empty list: all good)."""
    problems = []
    csp = response.get("Content-Security-Policy", "")
    script_src = next((d for d in csp.split(";") if d.strip().startswith("script-src")), "")
    if not csp:
        problems.append("falta Content-Security-Policy")
    elif not script_src.strip() or "unsafe-inline" in script_src or "unsafe-eval" in script_src:
        problems.append(f"script-src inseguro: {script_src.strip()!r}")
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options={response.get('X-Frame-Options')!r}")
    if response.get("Referrer-Policy") not in ("same-origin", "strict-origin-when-cross-origin", "no-referrer"):
        problems.append(f"Referrer-Policy={response.get('Referrer-Policy')!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("falta X-Content-Type-Options: nosniff")
    if hsts and "max-age=31536000" not in response.get("Strict-Transport-Security", ""):
        problems.append("falta Strict-Transport-Security")
    return problems
