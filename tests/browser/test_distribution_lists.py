"""Gabinete keeps who receives each report: opens Listas de distribución from the menu, adds a person
of the intranet and an outside address (a mistyped one first), and finds on each report's page the
list it will go to, on a desktop and on a phone."""

import shutil
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from gabinete.models import ListPurpose
from tests.archive.factories import ClippingFactory
from tests.browser.conftest import login, screenshot, set_width
from tests.gabinete.factories import make_user, on_list

#: Where the issue's screenshots are collected as well (the suite's own copy stays in var/screenshots/).
SHOTS = Path("/work/shots/lists")


def _both_widths(page, name: str) -> None:
    for width, suffix in ((1280, ""), (390, "-phone")):
        set_width(page, width)
        path = screenshot(page, f"{name}{suffix}")
        if SHOTS.parent.is_dir():
            SHOTS.mkdir(exist_ok=True)
            shutil.copy(path, SHOTS / path.name)
    set_width(page, 1280)


def test_gabinete_manages_a_list_and_sees_it_beside_each_reports_send_button(page, live_server):
    user = make_user("gabinete", "gabinete-de-alcaldia", username="paula", first_name="Paula", last_name="Soto")
    make_user("alcalde", "gabinete-de-alcaldia", username="alcalde", first_name="Jonathan", last_name="Velásquez")
    for n, (first, last) in enumerate([("Carolina", "Rojas"), ("Matías", "Pérez"), ("Javiera", "Muñoz")]):
        make_user("gabinete", "gabinete-de-alcaldia", username=f"gab{n}", first_name=first, last_name=last)
    on_list(ListPurpose.BRIEFING, "concejo.municipal@example.invalid")
    on_list(ListPurpose.COMPLIANCE_REPORT, "administrador.municipal@example.invalid")
    ClippingFactory(headline="Vecinos reclaman por basura en Coviefi", tone="negativo", directorates=["aseo"])
    login(page, live_server, user)

    page.locator(".user-menu .dropdown-toggle").click()
    page.get_by_role("link", name="Listas de distribución").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Listas de distribución")).to_be_visible()
    _both_widths(page, "lists-index")

    page.get_by_role("link", name="Síntesis de prensa", exact=True).click()
    page.wait_for_load_state()
    page.get_by_label("Jonathan Velásquez — alcalde@example.invalid").check()
    page.get_by_role("button", name="Agregar personas").click()
    page.wait_for_load_state()
    assert "Se agregó a la lista: Jonathan Velásquez." in page.content()

    page.get_by_label("Correo").fill("prensa.regional@")
    page.get_by_label("Nombre (opcional)").fill("Prensa regional")
    page.get_by_role("button", name="Agregar dirección").click()
    page.wait_for_load_state()
    assert "«prensa.regional@» no es una dirección de correo válida." in page.content()
    assert page.get_by_label("Nombre (opcional)").input_value() == "Prensa regional", "nothing typed is lost"
    _both_widths(page, "lists-detail-invalid-address")
    page.get_by_label("Correo").fill("prensa.regional@example.invalid")
    page.get_by_role("button", name="Agregar dirección").click()
    page.wait_for_load_state()
    assert page.locator("#recipient-count").inner_text() == "Reciben 3 destinatarios."
    _both_widths(page, "lists-detail")

    page.goto(f"{live_server.url}/archivo/sintesis/{timezone.localdate():%Y-%m-%d}/")
    note = page.locator(".list-send-note")
    assert "Se enviará a la lista «Síntesis de prensa» (3 destinatarios)." in note.inner_text()
    _both_widths(page, "briefing-send")

    today = timezone.localdate()
    page.goto(f"{live_server.url}/archivo/informe/{today.year}/{today.month}/")
    assert "no tiene destinatarios" in page.locator(".list-send-note").inner_text()
    _both_widths(page, "media-report-send")

    page.goto(f"{live_server.url}/transparencia/cumplimiento/")
    assert "(1 destinatario)." in page.locator(".list-send-note").inner_text()
    _both_widths(page, "compliance-report-send")
    page.locator(".list-send-note").get_by_role("link", name="Administrar la lista").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Informe de cumplimiento al Administrador Municipal")).to_be_visible()
