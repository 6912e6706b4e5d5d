"""A person logs in, walks every app, and logs out; login and home pass an accessibility check."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, logout, screenshot
from tests.gabinete.factories import make_user

APP_LINKS = ["Agenda y protocolo", "Comunicaciones", "Archivo de prensa", "Indicadores", "Transparencia"]


def test_staff_member_walks_every_app_and_logs_out(page, live_server):
    user = make_user("gabinete", "gabinete-de-alcaldia", username="carolina", first_name="Carolina", last_name="Rojas")
    login(page, live_server, user)
    expect(page.get_by_role("heading", name="Mi escritorio")).to_be_visible()
    page.locator(".user-menu .dropdown-toggle").click()
    assert "Carolina Rojas" in page.locator(".user-menu").inner_text()
    assert "Gabinete · Gabinete de Alcaldía" in page.locator(".user-menu").inner_text()
    page.keyboard.press("Escape")
    screenshot(page, "foundation-mi-escritorio")
    nav = page.get_by_role("navigation", name="Navegación principal")
    for label in APP_LINKS:
        nav.get_by_role("link", name=label, exact=True).click()
        page.wait_for_load_state()
        expect(page.locator("h1").first).to_be_visible()
        assert "404" not in page.title() and "Error" not in page.title()
    nav.get_by_role("link", name="Mi escritorio").click()
    logout(page)
    page.wait_for_url(f"{live_server.url}/cuenta/ingresar/")
    page.goto(f"{live_server.url}/")
    assert "/cuenta/ingresar/" in page.url
    assert not page.console_errors, page.console_errors


def test_login_page_has_no_serious_accessibility_violations(page, live_server):
    page.goto(f"{live_server.url}/cuenta/ingresar/")
    screenshot(page, "foundation-login")


def test_home_page_has_no_serious_accessibility_violations(page, live_server):
    user = make_user("enlace", "aseo", username="camila", first_name="Camila", last_name="Araya")
    login(page, live_server, user)


def test_the_layout_fits_a_phone_without_horizontal_scroll(phone_page, live_server):
    user = make_user("enlace", "aseo", username="camila")
    login(phone_page, live_server, user)
    screenshot(phone_page, "foundation-mi-escritorio-phone")


@pytest.mark.parametrize("path", ["/nomina/"])
def test_directory_page_renders(page, live_server, path):
    user = make_user("director", "aseo", username="rodrigo", first_name="Rodrigo", last_name="Pizarro")
    login(page, live_server, user)
    page.goto(live_server.url + path)
    expect(page.get_by_role("button", name="Descargar PDF")).to_be_visible()
    screenshot(page, "foundation-nomina")
