"""Real browser: the monthly publication journey end to end (its tables read by a real queue worker),
the states of a publication's table, and the public page's accessibility."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import login, logout, screenshot, set_width
from tests.transparency.conftest import _clean_caches, catalogue, people, people_cast  # noqa: F401 — fixtures
from tests.transparency.factories import PLANTA_CSV
from tests.transparency.table_jobs import read_waiting_tables
from transparency.models import Publication, TableState

pytestmark = pytest.mark.date_sensitive  # the month being prepared is last month


def last_month():
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def _upload(page, live_server, section, period, text):
    page.goto(f"{live_server.url}/transparencia/seccion/{section.pk}/{period.year}/{period.month}/preparar/")
    page.set_input_files(
        "#id_table_file", files=[{"name": "planta.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Guardar contenido").click()
    page.get_by_text("Recibimos el archivo: la tabla se está procesando").wait_for()
    page.evaluate("window.__notReloaded = true")
    # The worker reads the file; the page asks for news and shows the table (or its errors) in place.
    page.locator("#publication-body .transparency-table, #table-errors").first.wait_for(timeout=60_000)
    assert page.evaluate("window.__notReloaded === true"), "the table appeared without a reload"


def test_enlace_to_public_page_with_return_and_correction(page, live_server, catalogue, people, browser, worker):  # noqa: F811
    section = catalogue[("d", "planta")]
    period = last_month()
    login(page, live_server, people["enlace"])
    # A bad file first: the worker finds the errors per row and column; nothing is applied.
    bad = PLANTA_CSV + "Auxiliar;Díaz;Cortés;Manuel;18;Chofer;812,640.50;01-01-2020\n"
    _upload(page, live_server, section, period, bad)
    page.locator("#table-errors").get_by_text("no es un número válido").wait_for()
    screenshot(page, "transparency_upload_errors")
    assert Publication.objects.get().table_state == TableState.ERRORS
    _upload(page, live_server, section, period, PLANTA_CSV.replace("2.145.300", "2.100.000"))
    expect(page.locator("#publication-body").get_by_text("$ 2.100.000")).to_be_visible()
    pub = Publication.objects.get()
    logout(page)

    login(page, live_server, people["director"])
    page.goto(f"{live_server.url}/transparencia/publicacion/{pub.pk}/")
    page.get_by_label("Motivo del atraso (el plazo venció)").fill("Licencia médica del enlace")
    page.get_by_role("button", name="Enviar a revisión jurídica").click()
    page.get_by_text("Contenido enviado a revisión jurídica. Ahora Asesoría Jurídica").wait_for()
    logout(page)

    login(page, live_server, people["juridica"])
    page.goto(f"{live_server.url}/transparencia/publicacion/{pub.pk}/")
    page.locator("#c-devolver").fill("La remuneración de Pedro González no coincide con la escala.")
    page.get_by_role("button", name="Devolver con observaciones").click()
    page.get_by_text("Contenido devuelto a la dirección").wait_for()
    logout(page)

    login(page, live_server, people["enlace"])
    _upload(page, live_server, section, period, PLANTA_CSV)
    logout(page)

    login(page, live_server, people["director"])
    page.goto(f"{live_server.url}/transparencia/publicacion/{pub.pk}/")
    page.get_by_label("Respuesta a las observaciones").fill("Se corrigió la remuneración según la escala.")
    page.get_by_role("button", name="Enviar a revisión jurídica").click()
    page.get_by_text("Contenido enviado a revisión jurídica.").wait_for()
    logout(page)

    login(page, live_server, people["juridica"])
    page.goto(f"{live_server.url}/transparencia/publicacion/{pub.pk}/")
    page.get_by_role("button", name="Aprobar").click()
    page.get_by_text("Contenido aprobado por Asesoría Jurídica. Ahora Gabinete debe publicarlo").wait_for()
    logout(page)

    login(page, live_server, people["gabinete"])
    page.goto(f"{live_server.url}/transparencia/publicacion/{pub.pk}/")
    page.get_by_role("button", name="Publicar").click()
    page.get_by_text("Contenido publicado en la página de transparencia.").wait_for()
    assert page.get_by_text("Devolvió con observaciones").count() == 1
    screenshot(page, "transparency_publication_detail")
    page.goto(f"{live_server.url}/transparencia/cumplimiento/")
    screenshot(page, "transparency_board")

    anonymous = browser.new_context(locale="es-CL")
    public = anonymous.new_page()
    public.goto(f"{live_server.url}/transparencia-activa/d/")
    today = timezone.localdate().strftime("%d-%m-%Y")
    expect(public.get_by_text("Fecha de última actualización").first).to_be_visible()
    assert today in public.content()
    assert "$ 2.145.300" in public.content() and "$ 2.100.000" not in public.content()
    screenshot(public, "transparency_public_item")
    public.goto(f"{live_server.url}/transparencia-activa/")
    screenshot(public, "transparency_public_index")
    public.goto(f"{live_server.url}/transparencia-activa/d/{period.year}/{period.month}/")
    public.emulate_media(media="print")
    screenshot(public, "transparency_public_month_print")
    public.emulate_media(media="screen")
    public.goto(f"{live_server.url}/transparencia-activa/lobby/")
    screenshot(public, "transparency_public_lobby")
    anonymous.close()


def test_public_page_reads_on_a_phone(phone_page, live_server, catalogue):  # noqa: F811
    phone_page.goto(f"{live_server.url}/transparencia-activa/")
    expect(
        phone_page.get_by_role("heading", name="Transparencia Activa — Municipalidad de Antofagasta")
    ).to_be_visible()
    screenshot(phone_page, "transparency_public_phone")


def test_a_publication_page_shows_its_table_processing_then_ready_then_with_errors(
    page,
    live_server,
    catalogue,  # noqa: F811
    people,  # noqa: F811
):
    """The three states of a table, at 1280 and 390 px (the job is run here, as the worker would)."""
    section = catalogue[("d", "planta")]
    period = last_month()
    login(page, live_server, people["enlace"])
    page.goto(f"{live_server.url}/transparencia/seccion/{section.pk}/{period.year}/{period.month}/preparar/")
    page.set_input_files(
        "#id_table_file", files=[{"name": "planta.csv", "mimeType": "text/csv", "buffer": PLANTA_CSV.encode()}]
    )
    page.get_by_role("button", name="Guardar contenido").click()
    page.get_by_text("Procesando la tabla…").wait_for()
    screenshot(page, "transparency_table_processing")
    set_width(page, 390)
    screenshot(page, "transparency_table_processing_phone")
    read_waiting_tables()
    page.locator("#publication-body").get_by_text("$ 2.145.300").wait_for(timeout=15_000)
    screenshot(page, "transparency_table_ready_phone")
    set_width(page, 1280)
    screenshot(page, "transparency_table_ready")
    page.goto(f"{live_server.url}/transparencia/seccion/{section.pk}/{period.year}/{period.month}/preparar/")
    bad = PLANTA_CSV + "Auxiliar;Díaz;Cortés;Manuel;18;Chofer;812,640.50;31-02-2020\n"
    page.set_input_files(
        "#id_table_file", files=[{"name": "planta.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    page.get_by_role("button", name="Guardar contenido").click()
    page.get_by_text("Procesando la tabla…").wait_for()
    read_waiting_tables()
    page.locator("#table-errors").get_by_text("no es una fecha válida").wait_for(timeout=15_000)
    screenshot(page, "transparency_table_errors")
    set_width(page, 390)
    screenshot(page, "transparency_table_errors_phone")
