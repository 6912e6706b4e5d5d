"""A NUL character in the address or the form data is refused once, for every view
(gabinete.middleware.InvalidCharactersMiddleware): a 400 with a Spanish page, never a 500 (PostgreSQL
cannot store or compare text that holds NUL)."""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.security.access import find_rule, get_targets
from tests.security.conftest import check_security_headers

ADDRESS_MESSAGE = "La dirección contiene caracteres no válidos."
FORM_MESSAGE = "Los datos enviados contienen caracteres no válidos."


GET_TARGETS = get_targets()


@pytest.mark.parametrize("query", ["tipo=%00", "tipo=a%00b", "pagina=1&%00=x", "tipo=%C0%00"])
def test_the_support_request_list_refuses_a_nul_in_its_filters(client, user_factory, query):
    client.force_login(user_factory("enlace", "aseo"))
    response = client.get(reverse("communications:support-list") + "?" + query)
    assert response.status_code == 400
    assert ADDRESS_MESSAGE in response.text
    assert client.get(reverse("communications:support-list") + "?tipo=cobertura").status_code == 200


def test_every_get_url_refuses_a_nul_in_the_query_string(world, production_security, stub_pdf):
    """Every URL of the access matrix, as the least privileged person allowed in: ?q=%00 is a 400
    with the Spanish page and the security headers, never a 500 (nor the page)."""
    problems = []
    modules_prepared = set()
    for info in GET_TARGETS:
        rule, module = find_rule(info)
        if module.name not in modules_prepared:
            world.prepare(module)
            modules_prepared.add(module.name)
        url = rule.url(world)
        client = world.client(rule.fuzz_actor("GET"))
        separator = "&" if "?" in url else "?"
        with transaction.atomic():
            response = client.get(f"{url}{separator}q=%00", secure=True)
            transaction.set_rollback(True)
        if response.status_code != 400:
            problems.append(f"{url}: {response.status_code}")
        elif ADDRESS_MESSAGE not in response.content.decode():
            problems.append(f"{url}: 400 sin el mensaje en español")
        elif check_security_headers(response):
            problems.append(f"{url}: {check_security_headers(response)}")
    assert len(GET_TARGETS) > 100
    assert not problems, "\n".join(problems)


def test_an_anonymous_request_with_a_nul_is_refused_before_the_login_redirect(client, db):
    response = client.get(reverse("communications:support-list") + "?tipo=%00")
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/noticias/imagenes/a%00.png", "/transparencia-activa/%00/", "/%00"])
def test_a_nul_in_the_path_is_refused(client, db, path):
    response = client.get(path)
    assert response.status_code == 400
    assert ADDRESS_MESSAGE in response.text


def test_a_nul_in_posted_form_data_is_refused_with_a_spanish_page(client, user_factory):
    user_factory("enlace", "aseo", username="camila")
    response = client.post(reverse("login"), {"username": "cam\x00ila", "password": "x"})
    assert response.status_code == 400
    assert FORM_MESSAGE in response.text


def test_ordinary_text_with_accents_and_symbols_goes_through(client, user_factory):
    client.force_login(user_factory("enlace", "aseo"))
    response = client.get(reverse("communications:support-list"), {"tipo": "Ñuñoa «diseño» 100% & más"})
    assert response.status_code == 200
