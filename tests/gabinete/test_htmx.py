"""gabinete/htmx.py: the one helper that answers htmx with a part and everyone else with the page."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from gabinete.htmx import after_post, render_page, wants_part

PAGE = "404.html"  # any full page (extends base.html)
PART = "includes/htmx_notice.html"  # any part


def _request(method="get", **headers):
    request = getattr(RequestFactory(), method)("/x/", **headers)
    request.htmx = HtmxDetails(request)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"HTTP_HX_REQUEST": "true"}, True),
        ({"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}, False),
        ({"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}, False),
    ],
)
def test_only_an_htmx_request_that_is_not_restoring_a_whole_page_gets_a_part(headers, expected):
    assert wants_part(_request(**headers)) is expected


def test_render_page_gives_the_part_to_htmx_and_keeps_caches_apart(db, rf):
    response = render_page(_request(HTTP_HX_REQUEST="true"), PAGE, PART, {"notice": "Hecho."})
    assert "<html" not in response.text and "Hecho." in response.text
    assert "HX-Request" in response["Vary"]
    full = render_page(_request(), PAGE, PART, {"notice": "Hecho."})
    assert "<html" in full.text and "HX-Request" in full["Vary"]


def test_after_post_without_htmx_redirects_with_a_message_and_builds_no_part():
    request = _request("post")

    def context():
        raise AssertionError("a redirect needs no context")

    response = after_post(request, PART, context, redirect_to="/vuelta/#pauta", notice="Tarea agregada.")
    assert response.status_code == 302 and response.url == "/vuelta/#pauta"
    assert [str(m) for m in get_messages(request)] == ["Tarea agregada."]


def test_after_post_with_htmx_puts_the_notice_in_the_part_and_leaves_no_message_behind():
    request = _request("post", HTTP_HX_REQUEST="true")
    response = after_post(request, PART, dict, redirect_to="/vuelta/", notice="Tarea agregada.")
    assert response.status_code == 200 and "Tarea agregada." in response.text and "data-announce" in response.text
    assert list(get_messages(request)) == []
