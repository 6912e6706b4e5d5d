"""The page a person sees for an address with a NUL character (a 400, gabinete.middleware): Spanish,
readable on a phone and on a desktop, accessible."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, login, screenshot
from tests.gabinete.factories import make_user


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_address_with_a_nul_character_shows_a_spanish_page(page, live_server):
    login(page, live_server, make_user("enlace", "aseo", username="enlace.nul"))
    response = page.goto(f"{live_server.url}/comunicaciones/solicitudes/?tipo=%00")
    assert response.status == 400
    expect(page.get_by_role("heading", name="Solicitud no válida")).to_be_visible()
    expect(page.get_by_text("La dirección contiene caracteres no válidos.")).to_be_visible()
    assert _fits(page)
    assert axe_violations(page) == []
    screenshot(page, "invalid-address-1280")


def test_the_invalid_address_page_fits_a_phone(phone_page, live_server):
    response = phone_page.goto(f"{live_server.url}/transparencia-activa/?q=%00")
    assert response.status == 400
    expect(phone_page.get_by_text("La dirección contiene caracteres no válidos.")).to_be_visible()
    assert _fits(phone_page)
    screenshot(phone_page, "invalid-address-390")
