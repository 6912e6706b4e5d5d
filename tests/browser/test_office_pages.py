"""Gabinete walks the Despacho sections with the demo data; the pages pass an accessibility check and fit a phone."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from gabinete.models import Job, JobState
from tests.browser.conftest import login, screenshot, set_width
from tests.gabinete.factories import PASSWORD

SECTIONS = [
    ("Encargos del Alcalde", "office-assignments"),
    ("Manuales de procedimientos", "office-manuals"),
    ("Descriptores de cargo", "office-descriptors"),
    ("Asuntos para resolución", "office-matters"),
]


@pytest.fixture
def demo_users(transactional_db):
    call_command("seed_demo", "--i-know-this-is-not-production", verbosity=0)
    users = get_user_model().objects
    for user in users.filter(username__in=["jefa.gabinete", "director.personas"]):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return {u.username: u for u in users.all()}


def test_gabinete_walks_every_despacho_section(page, live_server, demo_users):
    login(page, live_server, demo_users["jefa.gabinete"])
    screenshot(page, "office-mi-escritorio")
    # The Jefa reads overdue work grouped by app and directorate (issue 16): the Despacho's group opens.
    office = page.locator('.desk-overdue details.desk-app[data-app="office"]')
    office.locator("> summary").click()
    for unit in office.locator("details.desk-unit > summary").all():
        unit.click()
    expect(page.get_by_text("Preparar la visita del Alcalde a la población Bonilla")).to_be_visible()
    page.get_by_role("navigation", name="Navegación principal").get_by_role("link", name="Despacho").click()
    for label, name in SECTIONS:
        page.get_by_role("navigation", name="Secciones de Despacho").get_by_role("link", name=label).click()
        page.wait_for_load_state()
        screenshot(page, name)
    page.get_by_role("navigation", name="Secciones de Despacho").get_by_role(
        "link", name="Manuales de procedimientos"
    ).click()
    expect(page.get_by_text("Revisión anual vencida").first).to_be_visible()
    page.get_by_role("link", name="Manual de procedimientos de Protocolo").click()
    screenshot(page, "office-manual-detail")
    page.get_by_role("link", name="Nueva versión").click()
    page.wait_for_selector(".ck-editor__editable")
    screenshot(page, "office-manual-new-version")
    assert not page.console_errors, page.console_errors


def test_people_reviewer_accepts_a_descriptor(page, live_server, demo_users):
    login(page, live_server, demo_users["director.personas"])
    page.get_by_role("link", name="Revisar descriptor de cargo: Periodista (Prensa)").click()
    page.get_by_label("Conforme: puede aprobarse").check()
    page.get_by_role("button", name="Registrar revisión").click()
    expect(page.get_by_text("Revisión registrada.")).to_be_visible()
    screenshot(page, "office-descriptor-reviewed")


def test_despacho_fits_a_phone(phone_page, live_server, demo_users):
    login(phone_page, live_server, demo_users["jefa.gabinete"])
    phone_page.goto(f"{live_server.url}/despacho/asuntos/1/")
    screenshot(phone_page, "office-matter-phone")


def test_gabinete_asks_for_the_weekly_report_and_sees_it_ready_without_reloading(page, live_server, demo_users, worker):
    login(page, live_server, demo_users["jefa.gabinete"])
    page.goto(f"{live_server.url}/despacho/encargos/")
    screenshot(page, "office-assignments-pdf-button")
    page.get_by_role("button", name="Informe semanal (PDF)").click()
    page.wait_for_url("**/documentos/*/")
    expect(page.get_by_role("heading", name="Encargos del Alcalde: informe semanal del")).to_be_visible()
    page.evaluate("window.__notReloaded = true")
    page.locator("#job-state", has_text="Listo").wait_for(timeout=60_000)
    assert page.evaluate("window.__notReloaded === true"), "the page turned «Listo» without a reload"
    screenshot(page, "office-weekly-job-ready")
    with page.expect_download() as download_info:
        page.locator("#job-download").click(modifiers=["Alt"])
    download = download_info.value
    assert download.suggested_filename.startswith("encargos-semana-")
    assert open(download.path(), "rb").read(5) == b"%PDF-"
    assert Job.objects.get(owner=demo_users["jefa.gabinete"]).state == JobState.DONE
    set_width(page, 390)
    screenshot(page, "office-weekly-job-ready-phone")
