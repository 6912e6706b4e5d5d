"""Ley 20.730 journey: Gabinete corrects a published gift; the public keeps seeing the published one
until the correction is checked, then sees it marked «Corregido el …» with its history."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, login, screenshot


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.django_db(transaction=True)
def test_a_published_gift_is_corrected_without_leaving_the_public_register(page, phone_page, live_server, user_factory):
    from protocol import services
    from tests.protocol.factories import LobbyGiftFactory

    staff = user_factory("gabinete", "gabinete-de-alcaldia", team="protocolo", username="protocolo.lobby")
    gift = LobbyGiftFactory(description="Galvano conmemorativo", giver="Bomberos de Antofagasta")
    services.lobby_record_check(record=gift, by=staff)
    public_url = f"{live_server.url}/transparencia-activa/lobby/"

    login(page, live_server, staff)
    page.goto(f"{live_server.url}/agenda/lobby/donativo/{gift.pk}/")
    page.get_by_text("se registran como una corrección").wait_for()
    screenshot(page, "lobby_edit_published_1280")
    page.get_by_label("Entregado por").fill("Cuerpo de Bomberos de Antofagasta")
    page.get_by_label("Motivo de la corrección").fill("Nombre completo de quien lo entregó")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Corrección guardada").wait_for()
    expect(page.locator("#donativo").get_by_text("Corrección por revisar")).to_be_visible()
    screenshot(page, "lobby_correction_pending_1280")

    phone_page.goto(public_url)
    gifts = phone_page.locator("section", has_text="Donativos")
    assert "Bomberos de Antofagasta" in gifts.inner_text() and "Cuerpo de" not in gifts.inner_text()

    page.locator("#donativo").get_by_role("button", name="Revisar y publicar corrección").click()
    page.get_by_text("Registro revisado").wait_for()

    for viewer, width in ((phone_page, 390), (page, 1280)):
        viewer.goto(public_url)
        gifts = viewer.locator("section", has_text="Donativos")
        assert "Cuerpo de Bomberos de Antofagasta" in gifts.inner_text()
        expect(gifts.get_by_text("Corregido el")).to_be_visible()
        assert _no_sideways_scroll(viewer)
        assert axe_violations(viewer) == []
        screenshot(viewer, f"lobby_public_corrected_{width}")
        gifts.get_by_role("link", name="Versiones anteriores").click()
        viewer.get_by_role("heading", name="Historial de un donativo").wait_for()
        body = viewer.locator("main").inner_text() if viewer.locator("main").count() else viewer.inner_text("body")
        assert body.index("Cuerpo de Bomberos de Antofagasta") < body.index("Versión 1")
        assert _no_sideways_scroll(viewer)
        assert axe_violations(viewer) == []
        screenshot(viewer, f"lobby_public_history_{width}")

    login(phone_page, live_server, staff)
    phone_page.goto(f"{live_server.url}/agenda/lobby/")
    assert _no_sideways_scroll(phone_page)
    screenshot(phone_page, "lobby_staff_list_390")
    phone_page.goto(f"{live_server.url}/agenda/lobby/donativo/{gift.pk}/")
    assert _no_sideways_scroll(phone_page)
    screenshot(phone_page, "lobby_edit_published_390")
