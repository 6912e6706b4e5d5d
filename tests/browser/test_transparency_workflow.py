"""Real browser: the monthly publication journey end to end, and the public page's accessibility."""

from datetime import timedelta

from django.utils import timezone

from tests.browser.conftest import login, logout, screenshot
from tests.transparency.conftest import _clean_caches, catalogue, people, people_cast  # noqa: F401 — fixtures
from tests.transparency.factories import PLANTA_CSV
from transparency.models import Publication


def last_month():
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def _upload(page, live_server, section, period, text):
    page.goto(f"{live_server.url}/transparencia/seccion/{section.pk}/{period.year}/{period.month}/preparar/")
    page.set_input_files(
        "#id_table_file", files=[{"name": "planta.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Guardar contenido").click()
    page.get_by_text("Contenido guardado").wait_for()


def test_enlace_to_public_page_with_return_and_correction(page, live_server, catalogue, people, browser):  # noqa: F811
    section = catalogue[("d", "planta")]
    period = last_month()
    login(page, live_server, people["enlace"])
    # A bad file first: errors per row and column, nothing saved.
    page.goto(f"{live_server.url}/transparencia/seccion/{section.pk}/{period.year}/{period.month}/preparar/")
    bad = PLANTA_CSV + "Auxiliar;Díaz;Cortés;Manuel;18;Chofer;812,640.50;01-01-2020\n"
    page.set_input_files(
        "#id_table_file", files=[{"name": "planta.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    page.get_by_role("button", name="Guardar contenido").click()
    page.locator("#errores-tabla").get_by_text("no es un número válido").wait_for()
    screenshot(page, "transparency_upload_errors")
    assert not Publication.objects.exists()
    _upload(page, live_server, section, period, PLANTA_CSV.replace("2.145.300", "2.100.000"))
    pub = Publication.objects.get()
    logout(page)

    login(page, live_server, people["director"])
    page.goto(f"{live_server.url}/transparencia/publicacion/{pub.pk}/")
    page.get_by_label("Motivo del atraso (el plazo venció)").fill("Licencia médica del enlace")
    page.get_by_role("button", name="Enviar a revisión jurídica").click()
    page.get_by_text("Enviado a revisión jurídica.").wait_for()
    logout(page)

    login(page, live_server, people["juridica"])
    page.goto(f"{live_server.url}/transparencia/publicacion/{pub.pk}/")
    page.locator("#c-devolver").fill("La remuneración de Pedro González no coincide con la escala.")
    page.get_by_role("button", name="Devolver con observaciones").click()
    page.get_by_text("Devuelto a la dirección").wait_for()
    logout(page)

    login(page, live_server, people["enlace"])
    _upload(page, live_server, section, period, PLANTA_CSV)
    logout(page)

    login(page, live_server, people["director"])
    page.goto(f"{live_server.url}/transparencia/publicacion/{pub.pk}/")
    page.get_by_role("button", name="Enviar a revisión jurídica").click()
    page.get_by_text("Enviado a revisión jurídica.").wait_for()
    logout(page)

    login(page, live_server, people["juridica"])
    page.goto(f"{live_server.url}/transparencia/publicacion/{pub.pk}/")
    page.get_by_role("button", name="Aprobar").click()
    page.get_by_text("Aprobado. Gabinete puede publicarlo.").wait_for()
    logout(page)

    login(page, live_server, people["gabinete"])
    page.goto(f"{live_server.url}/transparencia/publicacion/{pub.pk}/")
    page.get_by_role("button", name="Publicar").click()
    page.get_by_text("Publicado en Transparencia Activa.").wait_for()
    assert page.get_by_text("Devolvió con observaciones").count() == 1
    screenshot(page, "transparency_publication_detail")
    page.goto(f"{live_server.url}/transparencia/cumplimiento/")
    screenshot(page, "transparency_board")

    anonymous = browser.new_context(locale="es-CL")
    public = anonymous.new_page()
    public.goto(f"{live_server.url}/transparencia-activa/d/")
    today = timezone.localdate().strftime("%d-%m-%Y")
    assert public.get_by_text("Fecha de última actualización").first.is_visible()
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
    assert phone_page.get_by_role("heading", name="Transparencia Activa — Municipalidad de Antofagasta").is_visible()
    screenshot(phone_page, "transparency_public_phone")
