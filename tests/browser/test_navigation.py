"""The navigation as two people see it, on a desktop (1280 px) and a phone (390 px): Gabinete sees
every app and every section of the agenda; a directorate's liaison sees the agenda without the
sections they may not use (activities, lobby register, precedence)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, screenshot
from tests.gabinete.factories import make_user


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
@pytest.mark.parametrize(
    ("role", "slug", "sees_lobby"),
    [("gabinete", "gabinete-de-alcaldia", True), ("enlace", "aseo", False)],
)
def test_the_navigation_shows_each_person_the_apps_and_sections_they_may_use(
    request, live_server, fixture, role, slug, sees_lobby
):
    page = request.getfixturevalue(fixture)
    user = make_user(role, slug, username=f"nav.{role}")
    login(page, live_server, user)
    page.goto(f"{live_server.url}/agenda/calendario/")
    if fixture == "phone_page":
        page.get_by_role("button", name="Mostrar u ocultar el menú").click()
    header = page.get_by_role("navigation", name="Navegación principal")
    expect(header.get_by_role("link", name="Transparencia")).to_be_visible()
    assert header.get_by_role("link", name="Agenda y protocolo").get_attribute("aria-current") == "page"
    sections = page.get_by_role("navigation", name="Agenda y protocolo")
    assert sections.get_by_role("link", name="Suscripción de calendario").count() == 1
    assert sections.get_by_role("link", name="Registro de lobby").count() == (1 if sees_lobby else 0)
    width = "1280" if fixture == "page" else "390"
    screenshot(page, f"navigation-{role}-{width}")
