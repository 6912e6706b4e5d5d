"""Fixtures of the security tests: the matrix's people, production security settings, fast PDFs."""

import pytest
from django.db import transaction
from hypothesis import settings as hypothesis_settings

from tests.security.access import World, rule_modules

hypothesis_settings.register_profile("gabinete", deadline=None, database=None, derandomize=False)
hypothesis_settings.load_profile("gabinete")


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """The actors and the objects of every rule module, built once per test module (and xdist
    worker) inside a transaction that is rolled back when the module's tests are done. Building
    them took longer than the requests of most matrix and fuzz tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = World()
        for module in rule_modules():
            world.prepare(module)
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db) -> World:
    """The shared world; each test runs in a savepoint of its own (pytest-django's `db`), so what a
    test writes is gone before the next one starts."""
    return _module_world


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


#: URLs open to anonymous people that are not public: the secret is in the address.
TOKEN_URLS = {"protocol:feed"}


def cache_directives(response) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def check_cache_control(info, rule, actor: str, response) -> str | None:
    """What is wrong with the `Cache-Control` of a GET answer (None: nothing). Any answer to a
    signed-in person, and any answer of a URL that is not public (a login redirect, the private
    feed), says `private, no-store` (gabinete.middleware.PrivateCacheMiddleware) — unless the URL is
    a public page that sets its own public caching, which then holds for everybody since it does
    not depend on who asks. The access matrix applies it to every GET it makes."""
    from tests.security.access import ANONYMOUS

    if response.status_code >= 500:
        return None  # judged as an error already
    public = rule.get is not None and ANONYMOUS in rule.get and info.key not in TOKEN_URLS
    directives = cache_directives(response)
    if public and ("public" in directives or actor == ANONYMOUS):
        return None  # public caching of its own, or a public page without caching: nothing to protect
    if {"private", "no-store"} <= directives:
        return None
    return f"Cache-Control={response.get('Cache-Control')!r} en una respuesta privada ({response.status_code})"
