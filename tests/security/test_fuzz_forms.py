"""Property-based fuzzing of every form of the project: hostile values never give a 500.

The forms are discovered from the access registry (tests/security/rules/): for each URL that takes a
POST form, the fuzzer logs in as an allowed user (`fuzz_as`, or the least privileged allowed actor),
reads the form fields from the page (or from another page whose form posts there, or from the rule's
`fields`) and posts random and hostile values: long strings, HTML/JS, SQL, NUL bytes, unicode, huge
numbers, malformed dates, empty values, several values for one field, odd files. Forms sent by GET
(search, filters) get the same treatment in the query string. Every request is rolled back.
No answer may be a 5xx, and no HTML answer may echo a script tag unescaped.
"""

import os

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings

from tests.security.access import all_patterns, find_rule, rule_modules
from tests.security.forms import Form, FormField, forms_in, payload_for

POST_EXAMPLES = 25
GET_EXAMPLES = 15
#: The suite tries the same examples on every run (derandomized), so a red run can be reproduced
#: and a green one does not depend on luck; `make fuzz` tries new ones each time, and whatever it
#: finds is fixed at its root and pinned by a plain test (as the SQLite integer overflow in a queue
#: filter and the CSV sniffer's lone '\r' were).
RANDOM = os.environ.get("GABINETE_FUZZ_RANDOM") == "1"
SCRIPT = b"<script>alert(1)</script>"


def _fuzz_targets():
    targets = []
    for info in sorted(all_patterns(), key=lambda p: p.key):
        found = find_rule(info)
        if found is None or not found[0].fuzz:
            continue
        targets.append(info)
    return targets


TARGETS = _fuzz_targets()


def _same_target(action: str, url: str) -> bool:
    return action in ("", url) or action.split("?")[0] == url


def _page_forms(world, actor, url):
    client = world.client(actor)
    response = client.get(url, secure=True)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    return forms_in(response.content.decode(errors="replace"))


def _post_form(world, rule, module, actor, url) -> Form | None:
    if rule.fields:
        return Form("post", url, {n: FormField(n, kind) for n, kind in rule.fields.items()})
    if rule.get and actor in rule.get:
        for form in _page_forms(world, actor, url):
            if form.method == "post" and _same_target(form.action, url):
                return form
    # A POST-only action: look for the form that posts to it on the module's other pages.
    for other in module.rules.values():
        if other is rule or not other.get or actor not in other.get:
            continue
        try:
            page = other.url(world)
        except Exception:  # noqa: BLE001 - a rule whose kwargs need objects not built here
            continue
        for form in _page_forms(world, actor, page):
            if form.method == "post" and _same_target(form.action, url):
                return form
    return None


def _run(client, method, url, form, examples):
    @settings(
        max_examples=examples * (4 if RANDOM else 1),
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        suppress_health_check=list(HealthCheck),
    )
    @given(payload=payload_for(form))
    def attempt(payload):
        with transaction.atomic():
            if method == "post":
                response = client.post(url, payload, secure=True)
            else:
                response = client.get(url, payload, secure=True)
            transaction.set_rollback(True)
        assert response.status_code < 500, f"{method.upper()} {url} con {payload!r} → {response.status_code}"
        if "html" in response.get("Content-Type", "") and SCRIPT in getattr(response, "content", b""):
            raise AssertionError(f"{url} devuelve <script> sin escapar con {payload!r}")

    attempt()


@pytest.mark.parametrize("info", TARGETS, ids=[p.key for p in TARGETS])
def test_hostile_input_never_breaks_a_form(info, world, stub_pdf):
    rule, module = find_rule(info)
    world.prepare(module)
    url = rule.url(world)
    fuzzed = []
    if rule.post_accepts_forms():
        actor = rule.fuzz_actor("POST")
        form = _post_form(world, rule, module, actor, url)
        if form is not None and form.fields:
            _run(world.client(actor), "post", url, form, POST_EXAMPLES)
            fuzzed.append("POST")
    get_actor = rule.fuzz_actor("GET")
    if get_actor is not None:
        for form in _page_forms(world, get_actor, url):
            if form.method == "get" and _same_target(form.action, url) and form.fields:
                _run(world.client(get_actor), "get", url, form, GET_EXAMPLES)
                fuzzed.append("GET")
    if not fuzzed:
        pytest.skip("sin formularios en esta URL")


def test_every_form_of_the_foundation_is_fuzzed(world):
    """The discovery works: the login and password-change forms are found with their fields."""
    rules = {name: rule for m in rule_modules() for name, rule in m.rules.items()}
    login = _post_form(world, rules["login"], None, "anonymous", "/cuenta/ingresar/")
    assert {"username", "password"} <= set(login.fields)
    change = _post_form(world, rules["password_change"], None, "own_enlace", "/cuenta/clave/")
    assert {"old_password", "new_password1", "new_password2"} <= set(change.fields)
