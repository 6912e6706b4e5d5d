"""Gabinete looks up «Quién hizo qué» from the menu, filters it, and reads a record's timeline, on a
desktop and on a phone."""

from django.utils import timezone
from playwright.sync_api import expect

from archive import services as archive_services
from tests.archive.factories import OutletFactory
from tests.browser.conftest import login, screenshot, set_width
from tests.gabinete.factories import make_user


def test_gabinete_finds_who_did_what_and_the_clippings_timeline(page, live_server):
    user = make_user("gabinete", "gabinete-de-alcaldia", username="carolina", first_name="Carolina", last_name="Rojas")
    clipping = archive_services.clipping_create(
        by=user,
        source="medio",
        outlet=OutletFactory(name="El Mercurio de Antofagasta"),
        medium="prensa",
        published_on=timezone.localdate(),
        headline="Nuevo plan de reciclaje en la comuna",
        tone="positivo",
    )
    archive_services.clipping_update(
        clipping=clipping, by=user, expected_version=clipping.version, headline="Plan de reciclaje en la comuna"
    )
    login(page, live_server, user)
    page.locator(".user-menu .dropdown-toggle").click()
    page.get_by_role("link", name="Quién hizo qué").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Quién hizo qué")).to_be_visible()
    page.get_by_label("Módulo").select_option("archive")
    page.get_by_role("button", name="Filtrar").click()
    page.wait_for_load_state()
    assert "modulo=archive" in page.url
    table = page.locator("table.activity-table")
    assert "Editó el recorte" in table.inner_text() and "Carolina Rojas" in table.inner_text()
    screenshot(page, "activity-who-did-what")
    set_width(page, 390)
    screenshot(page, "activity-who-did-what-phone")
    set_width(page, 1280)

    page.goto(f"{live_server.url}/archivo/{clipping.pk}/")
    timeline = page.locator(".activity-timeline")
    assert "Registró el recorte" in timeline.inner_text()
    assert "Nuevo plan de reciclaje en la comuna → Plan de reciclaje en la comuna" in timeline.inner_text()
    screenshot(page, "activity-clipping-timeline")
    set_width(page, 390)
    screenshot(page, "activity-clipping-timeline-phone")
