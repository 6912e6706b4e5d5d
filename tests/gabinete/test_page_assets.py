"""Every page of an app gets the app's stylesheet from the base templates (no page can forget it)."""

import re

import pytest
from django.urls import reverse

from gabinete.templatetags.page_assets import app_stylesheet_path


def _stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def test_release_list_loads_the_communications_stylesheet_once(client, user_factory):
    # The list's «Estado» badges were blank: its template never linked communications.css.
    client.force_login(user_factory("gabinete", "gabinete-de-alcaldia", team="prensa"))
    sheets = _stylesheets(client.get(reverse("communications:release-list")).text)
    assert sheets.count("/static/communications/communications.css") == 1


@pytest.mark.parametrize(
    ("url_name", "sheet"),
    [("news:list", "/static/communications/communications.css"), ("gabinete:home", None)],
)
def test_public_and_core_pages_get_their_own_app_stylesheet_only(client, user_factory, url_name, sheet):
    client.force_login(user_factory("gabinete", "gabinete-de-alcaldia"))
    sheets = [
        s for s in _stylesheets(client.get(reverse(url_name)).text) if "/vendor/" not in s and "/gabinete/" not in s
    ]
    assert sheets == ([sheet] if sheet else [])


def test_the_stylesheet_follows_the_template_folder():
    assert app_stylesheet_path("communications/release_list.html") == "communications/communications.css"
    assert app_stylesheet_path("indicators/overview.html") == "indicators/indicators.css"
    assert app_stylesheet_path("transparency/board.html") is None  # the app ships no stylesheet
    assert app_stylesheet_path("404.html") is None
