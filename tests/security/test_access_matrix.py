"""Authorisation matrix: every URL pattern of the project × fourteen actors × GET and POST.

The patterns are enumerated from the URLconf, so a new URL cannot be forgotten: a pattern without a
rule fails `test_every_url_pattern_has_an_access_rule` (and its own matrix test) with a message naming
it and a ready-to-edit rule line.

Actors (tests/security/access.py): anonymous, no_unit (a user without Membership), own_enlace and
own_director (of Aseo, the directorate that owns the objects), other_enlace and other_director (of
Tránsito y Transporte Público), gabinete, prensa, protocolo and comunicaciones (Gabinete's staff and
its three teams), alcalde, administrador, juridica, superuser. Sets to combine with `|` and `-`:
ALL_ACTORS, AUTHENTICATED, MEMBERS, OWN, OTHER, GABINETE_STAFF, WHOLE_MUNICIPALITY, NOBODY.

For every actor and method the answer must be:
- allowed actor: not a refusal (no 401/403/404, no redirect to a login page) and no 5xx;
- anonymous, not allowed: a redirect to the login page with ?next=;
- logged-in, not allowed: 403 or 404 (deny="login": the admin's redirect to its login also counts);
- a method the URL does not accept (get=None / post=None): 405 or a refusal.
Every answer must also carry the security headers (CSP without 'unsafe-inline' in script-src, HSTS,
X-Frame-Options DENY, Referrer-Policy, X-Content-Type-Options nosniff): the matrix runs with the
production security settings over HTTPS. Every GET answer must also keep browsers and proxies from
storing it (`Cache-Control: private, no-store`) unless it is a public page with public caching of
its own (tests/security/conftest.py `check_cache_control`; the rest of that rule is in
test_cache_control.py). Each request runs in a savepoint that is rolled back, so a
POST by one actor cannot change what the next one sees.

How to add an app's URLs (after merging the app)
------------------------------------------------
1. Run `pytest tests/security/test_access_matrix.py -q -p no:randomly -x`; the first failure lists the
   app's patterns without a rule, each with a skeleton line.
2. Paste them into `tests/security/rules/<app>.py` (module per app; the file exists for the five apps)
   and fill them in from the app's permissions.py and DESIGN.md:

       from tests.security.access import GET_ONLY, OWN, WHOLE_MUNICIPALITY, JURIDICA, Rule
       from tests.indicators.factories import IndicatorFactory

       def setup(world):
           # objects owned by world.own (Aseo); `world.users[actor]` are the users
           world.indicator = IndicatorFactory(directorate=world.own)

       RULES = [
           Rule("indicators:indicator-detail", kwargs=lambda w: {"pk": w.indicator.pk},
                get=OWN | WHOLE_MUNICIPALITY),                      # a page (POST: 405 or the page)
           Rule("indicators:measurement-create", kwargs=lambda w: {"pk": w.indicator.pk},
                get=OWN, post=OWN),                                 # a form: GET and POST
           Rule("indicators:measurement-validate", kwargs=lambda w: {"pk": w.measurement.pk},
                get=None, post=GABINETE_STAFF),                     # POST-only action (GET → 405)
           Rule("transparency:item-file", kwargs=..., get=OWN | {JURIDICA}, download=True),
       ]

   `get`/`post` are the actors allowed; GET_ONLY (the default for post) means "not a form";
   `data=lambda w: {...}` gives a POST payload (default: empty, an invalid form);
   `fuzz_as=ACTOR` picks the fuzzer's user (default: the least privileged allowed one);
   `fuzz=False` keeps a URL out of tests/security/test_fuzz_forms.py (e.g. a file download);
   `download=True` checks Content-Disposition on the allowed GET.
   Public pages: `get=ALL_ACTORS`. Admin URLs of new models need nothing (rules/admin.py covers them),
   unless the ModelAdmin refuses even superusers (no add/delete permission): add it to OVERRIDES there.
3. Run the matrix again; a mismatch names the URL, actor, method, expected and actual answer. Fix the
   view (not the table) when the answer breaks DESIGN.md. The fuzzer picks the new forms up by itself.
"""

import pytest
from django.db import transaction

from tests.security.access import (
    ANONYMOUS,
    all_patterns,
    find_rule,
    judge,
    rule_modules,
    skeleton_for,
)
from tests.security.conftest import check_cache_control, check_security_headers

PATTERNS = sorted(all_patterns(), key=lambda p: p.key)


def test_every_url_pattern_has_an_access_rule():
    modules = rule_modules()
    missing = [p for p in PATTERNS if find_rule(p, modules) is None]
    assert not missing, (
        "Estas URL no tienen regla en tests/security/rules/<app>.py "
        "(vea el docstring de test_access_matrix.py):\n" + "\n".join(skeleton_for(p) for p in missing)
    )


def test_every_access_rule_names_an_existing_url():
    keys = {p.key for p in PATTERNS}
    stale = [f"{module.name}: {name}" for module in rule_modules() for name in module.rules if name not in keys]
    assert not stale, "Reglas de URL que ya no existen:\n" + "\n".join(stale)


@pytest.mark.parametrize("info", PATTERNS, ids=[p.key for p in PATTERNS])
def test_access_matrix(info, world, production_security, stub_pdf):
    found = find_rule(info)
    assert found is not None, "Sin regla de acceso:\n" + skeleton_for(info)
    rule, module = found
    world.prepare(module)
    url = rule.url(world)
    problems = []
    for actor in rule.tested_actors():
        client = world.client(actor)
        for method in ("GET", "POST"):
            with transaction.atomic():
                if method == "GET":
                    response = client.get(url, secure=True)
                else:
                    data = rule.data(world) if rule.data else {}
                    response = client.post(url, data, secure=True)
                transaction.set_rollback(True)
            verdict = judge(rule, actor, method, response)
            if verdict:
                problems.append(f"{method} {url} como {actor}: {verdict}")
            missing_headers = check_security_headers(response)
            if missing_headers:
                problems.append(f"{method} {url} como {actor}: cabeceras {missing_headers}")
            cache_problem = check_cache_control(info, rule, actor, response) if method == "GET" else None
            if cache_problem:
                problems.append(f"{method} {url} como {actor}: {cache_problem}")
    assert not problems, f"{info.key} ({module.name}):\n" + "\n".join(problems)


def test_posts_without_csrf_token_are_refused(world):
    """Every URL that takes a form from a logged-in user refuses a POST without the CSRF token."""
    checked = []
    for info in PATTERNS:
        found = find_rule(info)
        if found is None:
            continue
        rule, module = found
        actor = rule.fuzz_actor("POST") if rule.post_accepts_forms() else None
        if actor is None or actor == ANONYMOUS:
            continue
        world.prepare(module)
        client = world.client(actor, enforce_csrf_checks=True)
        with transaction.atomic():
            response = client.post(rule.url(world), rule.data(world) if rule.data else {})
            transaction.set_rollback(True)
        assert response.status_code == 403, f"{info.key} aceptó un POST sin token CSRF"
        checked.append(info.key)
    assert "password_change" in checked
