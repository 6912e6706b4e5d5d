"""The press team files and forwards a clipping, the directorate answers, the Alcalde reads the briefing."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from archive.demo import seed
from gabinete import demo
from tests.archive.factories import ClippingFactory, OutletFactory
from tests.browser.conftest import login, screenshot, set_width
from tests.gabinete.factories import make_user


def _demo_archive(users):
    ctx = demo.DemoContext(today=timezone.localdate(), users=users)
    seed(ctx)


def test_press_team_searches_forwards_and_the_directorate_answers(page, live_server):
    prensa = make_user(
        "gabinete", "gabinete-de-alcaldia", team="prensa", username="prensa", first_name="Valentina", last_name="Muñoz"
    )
    director = make_user("director", "aseo", username="director.aseo", first_name="Rodrigo", last_name="Pizarro")
    alcalde = make_user(
        "alcalde", "gabinete-de-alcaldia", username="alcalde", first_name="Jonathan", last_name="Velásquez"
    )
    _demo_archive({"prensa": prensa, "director.aseo": director, "director.transito": director})
    ClippingFactory(
        headline="Vecinos de Coviefi reclaman por microbasurales",
        tone="negativo",
        directorates=["aseo"],
        outlet=OutletFactory(name="La Estrella de Antofagasta"),
        created_by=prensa,
        body="La basura se acumula hace una semana en el pasaje, denuncian dirigentes de la junta de vecinos.",
    )

    login(page, live_server, prensa)
    page.goto(f"{live_server.url}/archivo/")
    page.get_by_label("Buscar en titulares, resúmenes y textos").fill("microbasurales coviefi")
    page.get_by_role("button", name="Buscar").click()
    page.locator("mark").first.wait_for()  # the results change in place (htmx), no page load to wait for
    screenshot(page, "archive-search")
    page.get_by_role("link", name="Vecinos de Coviefi reclaman por microbasurales").first.click()
    page.get_by_label("Dirección").select_option(label="Dirección de Aseo")
    page.get_by_label("Qué se solicita").fill("Informar fecha de retiro y medidas para evitar nuevos microbasurales.")
    page.get_by_role("button", name="Derivar").click()
    expect(page.get_by_text("Recorte derivado a Aseo")).to_be_visible()
    screenshot(page, "archive-clipping-detail")

    page.context.clear_cookies()
    login(page, live_server, director)
    page.get_by_role("link", name="Vecinos de Coviefi reclaman por microbasurales").first.click()
    page.get_by_label("Respuesta").fill("El retiro se hará el jueves y se instalará señalética.")
    screenshot(page, "archive-forwarding-answer")
    page.get_by_role("button", name="Enviar respuesta").click()
    expect(page.get_by_text("Respuesta registrada")).to_be_visible()

    page.context.clear_cookies()
    login(page, live_server, alcalde)
    page.goto(f"{live_server.url}/archivo/sintesis/")
    assert (
        page.get_by_role("heading", name="Negativo").first.is_visible() or page.locator("#tone-negativo").is_visible()
    )
    screenshot(page, "archive-briefing")
    page.goto(f"{live_server.url}/archivo/informe/")
    assert page.locator("svg.gab-chart").count() == 4
    screenshot(page, "archive-report")
    set_width(page, 390)
    screenshot(page, "archive-report-phone")
    assert not page.console_errors, page.console_errors


def test_quick_entry_import_and_citizen_report_pages(page, live_server, worker):
    prensa = make_user("gabinete", "gabinete-de-alcaldia", team="prensa", username="prensa2")
    OutletFactory(name="Soy Antofagasta", website="https://www.soychile.cl", kind="digital")
    login(page, live_server, prensa)
    page.goto(f"{live_server.url}/archivo/nuevo/desde-enlace/")
    page.get_by_label("Enlace de la nota").fill("https://www.soychile.cl/antofagasta/2026/03/14/socavon.html")
    page.get_by_label("Texto de la nota").fill(
        "Socavón en avenida Argentina mantiene molestos a conductores\n\n"
        "Denuncian que el hoyo lleva semanas sin reparación y ya ha provocado daños a vehículos."
    )
    page.get_by_role("button", name="Completar el formulario").click()
    assert page.get_by_label("Titular").input_value() == "Socavón en avenida Argentina mantiene molestos a conductores"
    screenshot(page, "archive-quick-entry-filled")
    page.get_by_label("Tono").select_option("negativo")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("guardado en el archivo")).to_be_visible()

    page.goto(f"{live_server.url}/archivo/nuevo/?origen=vecino")
    page.get_by_label("Titular").fill("Vecina pide poda de árboles en plaza de Bonilla")
    page.get_by_label("Nombre del vecino/a").fill("Rosa Cortés")
    page.get_by_label("Contacto del vecino/a").fill("+56 9 5555 1234")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("+56 9 5555 1234")).to_be_visible()

    page.goto(f"{live_server.url}/archivo/importar/")
    screenshot(page, "archive-import")
    csv = (
        "fecha;medio;titular;tono\n01-03-2026;Soy Antofagasta;Nota buena;positivo\n"
        "31-02-2026;Soy Antofagasta;Fecha imposible;neutro\n02-03-2026;Diario Fantasma;Medio desconocido;neutro\n"
    )
    page.get_by_label("Archivo CSV").set_input_files(
        files=[{"name": "recortes.csv", "mimeType": "text/csv", "buffer": csv.encode("latin-1")}]
    )
    page.get_by_role("button", name="Importar").click()
    page.wait_for_url("**/documentos/*/")
    expect(page.get_by_text("se importa en segundo plano")).to_be_visible()
    page.evaluate("window.__notReloaded = true")
    page.locator("#job-state", has_text="Listo").wait_for(timeout=60_000)
    assert page.evaluate("window.__notReloaded === true"), "the page turned «Listo» without a reload"
    assert page.locator("#job-summary").inner_text() == "Se importó 1 recorte; 2 filas con errores."
    screenshot(page, "archive-import-job")
    with page.expect_download() as download_info:
        page.locator("#job-download").click(modifiers=["Alt"])
    rejected = open(download_info.value.path(), encoding="utf-8-sig").read()
    assert "Fecha imposible" in rejected and "Diario Fantasma" in rejected
    set_width(page, 390)
    screenshot(page, "archive-import-job-phone")
    page.goto(f"{live_server.url}/archivo/importar/")
    expect(page.get_by_text("Se importó 1 recorte; 2 filas con errores.")).to_be_visible()
    screenshot(page, "archive-import-phone")


def test_briefing_fits_a_phone(phone_page, live_server):
    alcalde = make_user("alcalde", "gabinete-de-alcaldia", username="alcalde2")
    for n in range(4):
        ClippingFactory(
            headline=f"Titular número {n} sobre la gestión municipal en Antofagasta",
            tone=["negativo", "positivo"][n % 2],
            directorates=["aseo"],
            published_on=timezone.localdate() - timedelta(days=0),
        )
    login(phone_page, live_server, alcalde)
    phone_page.goto(f"{live_server.url}/archivo/sintesis/")
    screenshot(phone_page, "archive-briefing-phone")
