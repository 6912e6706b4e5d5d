"""Enlace enters a value → director submits → Gabinete returns → corrected → validated → it shows on
the all-directorates dashboard and the directorate's chart."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import login, logout, screenshot
from tests.gabinete.factories import make_user
from tests.indicators.factories import IndicatorYearFactory, open_period

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_value_goes_from_enlace_to_director_to_gabinete_and_onto_the_dashboard(page, live_server, tmp_path: Path):
    enlace = make_user("enlace", "aseo", username="camila", first_name="Camila", last_name="Araya")
    director = make_user("director", "aseo", username="rodrigo", first_name="Rodrigo", last_name="Pizarro")
    staff = make_user("gabinete", "gabinete-de-alcaldia", username="carolina", first_name="Carolina", last_name="Rojas")
    iy = IndicatorYearFactory(
        indicator__name="Reclamos de aseo resueltos en plazo",
        is_ratio=True,
        numerator_description="Reclamos resueltos en 5 días",
        denominator_description="Reclamos recibidos",
    )
    period = open_period()
    evidence = tmp_path / "respaldo.pdf"
    evidence.write_bytes(PDF_BYTES)

    # The enlace enters numerator and denominator with evidence; a zero denominator is refused first.
    login(page, live_server, enlace)
    page.goto(f"{live_server.url}/indicadores/")
    page.get_by_role("link", name=f"Ingresar {period.label} de {iy.indicator.name}").click()
    page.get_by_label("Numerador").fill("40")
    page.get_by_label("Denominador").fill("0")
    page.get_by_role("button", name="Guardar borrador").click()
    expect(page.get_by_text("El denominador no puede ser cero")).to_be_visible()
    page.get_by_label("Denominador").fill("50")
    page.get_by_label("Comentario").fill("Datos del sistema de reclamos")
    page.get_by_label("Medio de verificación (archivo)").set_input_files(str(evidence))
    page.get_by_role("button", name="Guardar borrador").click()
    assert page.locator("#valor").inner_text().startswith("80")
    assert page.locator("#estado").inner_text() == "Borrador"
    page.get_by_text("Guardado. Ahora el director o la directora debe enviarlo a Gabinete.").wait_for()
    screenshot(page, "indicators-measurement-draft")
    logout(page)

    # The director sends it.
    login(page, live_server, director)
    page.goto(f"{live_server.url}/")
    screenshot(page, "indicators-desk-director")
    page.get_by_role("link", name=f"Enviar a Gabinete: {iy.indicator.name} · {period.label}").click()
    page.get_by_role("button", name="Enviar a Gabinete").click()
    assert page.locator("#estado").inner_text() == "Enviada a Gabinete"
    logout(page)

    # Gabinete returns it with observations.
    login(page, live_server, staff)
    page.goto(f"{live_server.url}/indicadores/por-validar/")
    page.get_by_role("link", name=iy.indicator.name).click()
    page.get_by_label("Observaciones para la dirección").fill("El total de reclamos no coincide con el respaldo.")
    page.get_by_role("button", name="Devolver con observaciones").click()
    assert page.locator("#estado").inner_text() == "Devuelta con observaciones"
    logout(page)

    # The enlace corrects it; the director sends it again.
    login(page, live_server, enlace)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=f"Corregir (devuelta): {iy.indicator.name} · {period.label}").click()
    page.get_by_role("link", name="Modificar").click()
    expect(page.get_by_text("El total de reclamos no coincide")).to_be_visible()
    page.get_by_label("Numerador").fill("46")
    page.get_by_role("button", name="Guardar borrador").click()
    assert page.locator("#valor").inner_text().startswith("92")
    logout(page)
    login(page, live_server, director)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=f"Enviar a Gabinete: {iy.indicator.name} · {period.label}").click()
    page.get_by_label("Respuesta a las observaciones").fill("El numerador ahora coincide con el respaldo.")
    page.get_by_role("button", name="Enviar a Gabinete").click()
    page.get_by_text("Medición enviada a Gabinete. Ahora Gabinete debe validarlo").wait_for()
    logout(page)

    # Gabinete validates it: it is locked and shows on the dashboards.
    login(page, live_server, staff)
    page.goto(f"{live_server.url}/indicadores/por-validar/")
    page.get_by_role("link", name=iy.indicator.name).click()
    exchange = page.get_by_test_id("return-exchange")
    assert "El total de reclamos no coincide" in exchange.inner_text()
    assert "El numerador ahora coincide con el respaldo." in exchange.inner_text()
    page.get_by_role("button", name="Validar").click()
    assert page.locator("#estado").inner_text() == "Validada"
    assert page.get_by_role("link", name="Modificar").count() == 0
    screenshot(page, "indicators-measurement-validated")
    page.goto(f"{live_server.url}/indicadores/tablero/?anio={iy.year}")
    row = page.locator("#tabla-direcciones tbody tr", has_text="Dirección de Aseo")
    assert "1" in row.locator("td").nth(0).inner_text()
    assert row.locator(".st-on_track").inner_text() == "1"
    screenshot(page, "indicators-overview")
    row.get_by_role("link", name="Dirección de Aseo").click()
    page.wait_for_url("**/indicadores/direccion/aseo/**")  # count() does not wait for the new page
    assert page.locator("svg.gab-chart").count() == 1
    expect(page.get_by_role("link", name="92")).to_be_visible()
    screenshot(page, "indicators-directorate")
    page.goto(f"{live_server.url}/indicadores/informe/?anio={iy.year}&hasta=12")
    screenshot(page, "indicators-report-page")
    assert not page.console_errors, page.console_errors


def test_directorate_dashboard_fits_a_phone(phone_page, live_server):
    enlace = make_user("enlace", "aseo", username="camila")
    IndicatorYearFactory(indicator__name="Toneladas recolectadas", unit="number", target=9000, tolerance=500)
    login(phone_page, live_server, enlace)
    phone_page.goto(f"{live_server.url}/indicadores/direccion/aseo/")
    screenshot(phone_page, "indicators-directorate-phone")


def test_a_measurement_page_shows_its_path_on_a_phone(phone_page, live_server):
    """Issue 21 point 3: at 390 px the record's page says the steps done, where it is and who acts next,
    without sideways scroll (the page checks of conftest), and a returned value shows the observation,
    the reply and the change stacked."""
    from indicators import services

    enlace = make_user("enlace", "aseo", username="camila", first_name="Camila", last_name="Araya")
    director = make_user("director", "aseo", username="rodrigo", first_name="Rodrigo", last_name="Pizarro")
    staff = make_user("gabinete", "gabinete-de-alcaldia", username="carolina", first_name="Carolina", last_name="Rojas")
    iy = IndicatorYearFactory(indicator__name="Reclamos de aseo resueltos en plazo")
    m = services.measurement_enter(indicator_year=iy, period=open_period(), value="80", by=enlace)
    services.measurement_submit(measurement=m, by=director)
    services.measurement_return(measurement=m, observations="El total no coincide con el respaldo.", by=staff)
    m.refresh_from_db()
    services.measurement_update(measurement=m, value="84", by=enlace)

    login(phone_page, live_server, director)
    phone_page.goto(f"{live_server.url}/indicadores/medicion/{m.pk}/")
    path = phone_page.get_by_test_id("workflow-path")
    assert "Enviada a Gabinete" in path.inner_text() and "Devuelta con observaciones" in path.inner_text()
    assert "Ahora el director o la directora debe enviarlo a Gabinete." in path.inner_text()
    assert path.bounding_box()["width"] <= 390
    exchange = phone_page.get_by_test_id("return-exchange")
    assert "El total no coincide con el respaldo." in exchange.inner_text()
    screenshot(phone_page, "indicators-measurement-path-phone")
