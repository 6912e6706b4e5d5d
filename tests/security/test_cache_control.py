"""Personal and restricted answers are never stored by a browser or a proxy: `Cache-Control:
private, no-store` (gabinete.middleware.PrivateCacheMiddleware), over every URL of the access
matrix; the public pages keep their public caching."""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.security.access import ANONYMOUS, find_rule, get_targets

#: URLs open to anonymous people that are not public: the secret is in the address.
TOKEN_URLS = {"protocol:feed"}


def _directives(response) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def _is_private(response) -> bool:
    return {"private", "no-store"} <= _directives(response)


TARGETS = get_targets()


def _get(world, actor, url):
    with transaction.atomic():
        response = world.client(actor).get(url, secure=True)
        transaction.set_rollback(True)
    return response


def test_every_url_answers_private_no_store_unless_it_is_a_public_page(world, stub_pdf):
    """For every URL: the least privileged person allowed in and an anonymous visitor. Any answer
    to a signed-in person, and any answer of a URL that is not public (a login redirect, the
    private feed), says `private, no-store` — unless the URL is a public page that sets its own
    public caching (which then holds for everybody, since it does not depend on who asks)."""
    problems = []
    prepared = set()
    for info in TARGETS:
        rule, module = find_rule(info)
        if module.name not in prepared:
            world.prepare(module)
            prepared.add(module.name)
        url = rule.url(world)
        public = ANONYMOUS in rule.get and info.key not in TOKEN_URLS
        for actor in {rule.fuzz_actor("GET"), ANONYMOUS}:
            response = _get(world, actor, url)
            if response.status_code >= 500:
                problems.append(f"{url} como {actor}: {response.status_code}")
                continue
            if public and "public" in _directives(response):
                continue
            if public and actor == ANONYMOUS:
                continue  # a public page without caching of its own: nothing to protect
            if not _is_private(response):
                problems.append(
                    f"{url} como {actor} ({response.status_code}): Cache-Control={response.get('Cache-Control')!r}"
                )
    assert len(TARGETS) > 100
    assert not problems, "Respuestas privadas que se pueden guardar en caché:\n" + "\n".join(problems)


def test_the_private_calendar_feed_is_private_although_it_needs_no_login(client, user_factory):
    from protocol import services

    feed = services.feed_create(by=user_factory("alcalde", "gabinete-de-alcaldia"))
    response = client.get(reverse("protocol:feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("url_name", ["transparency_public:index", "news:list", "news:rss"])
def test_public_pages_keep_their_public_caching_for_everybody(client, user_factory, url_name):
    url = reverse(url_name)
    anonymous = client.get(url)
    assert "public" in _directives(anonymous) and "no-store" not in _directives(anonymous)
    client.force_login(user_factory("enlace", "aseo"))
    signed_in = client.get(url)
    assert signed_in["Cache-Control"] == anonymous["Cache-Control"]


def test_a_view_that_sets_its_own_cache_control_keeps_it(client, db):
    response = client.get(reverse("gabinete:healthz"))
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_pdfs_exports_and_pages_of_a_signed_in_person_are_private(client, gabinete_user, stub_pdf):
    client.force_login(gabinete_user)
    for url in (
        reverse("gabinete:home"),
        reverse("gabinete:directory-pdf"),
        reverse("indicators:export", args=["csv"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
