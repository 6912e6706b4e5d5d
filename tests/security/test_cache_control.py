"""Personal and restricted answers are never stored by a browser or a proxy: `Cache-Control:
private, no-store` (gabinete.middleware.PrivateCacheMiddleware); the public pages keep their public
caching. Every URL is checked as every actor of the access matrix by the matrix itself
(tests/security/test_access_matrix.py, with `check_cache_control` from conftest.py), in the GET
requests it makes anyway; here are the cases that need a request of their own."""

import pytest
from django.urls import resolve, reverse

from gabinete import jobs
from tests.security.access import find_rule, get_targets
from tests.security.conftest import cache_directives as _directives
from tests.security.conftest import check_cache_control


def test_the_matrix_checks_cache_control_of_every_get_url():
    """The rule the matrix applies: a stored answer to a signed-in person, or of a URL that is not
    public, is reported; a public page's own public caching is not."""
    from django.http import HttpResponse

    targets = {info.key: info for info in get_targets()}
    assert len(targets) > 100
    private_info = targets["gabinete:home"]
    public_info = targets["news:list"]
    feed_info = targets["protocol:feed"]
    stored = HttpResponse()
    stored["Cache-Control"] = "max-age=600"
    public = HttpResponse()
    public["Cache-Control"] = "public, max-age=600"
    private = HttpResponse()
    private["Cache-Control"] = "private, no-store"
    for info in (private_info, public_info, feed_info):
        rule, _module = find_rule(info)
        assert check_cache_control(info, rule, "own_enlace", private) is None
    assert check_cache_control(private_info, find_rule(private_info)[0], "own_enlace", stored)
    assert check_cache_control(private_info, find_rule(private_info)[0], "anonymous", stored)
    assert check_cache_control(feed_info, find_rule(feed_info)[0], "anonymous", stored)
    assert check_cache_control(public_info, find_rule(public_info)[0], "own_enlace", public) is None
    assert check_cache_control(public_info, find_rule(public_info)[0], "anonymous", HttpResponse()) is None
    assert check_cache_control(public_info, find_rule(public_info)[0], "own_enlace", stored)


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
    response = client.get(reverse("gabinete:ping"))
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_pdfs_exports_and_pages_of_a_signed_in_person_are_private(client, gabinete_user, stub_pdf):
    client.force_login(gabinete_user)
    export = client.post(reverse("indicators:export", args=["csv"]))  # a job: its file comes from its page
    job_id = resolve(export["Location"]).kwargs["pk"]
    jobs.work(job_id)
    for url in (
        reverse("gabinete:home"),
        reverse("gabinete:job-download", args=[job_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
