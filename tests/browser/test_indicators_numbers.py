"""The measurement journey with numbers as Chileans write them: "1.843" is stored as 1843, and a
malformed value comes back with its Spanish message while the chosen evidence file is kept."""

from decimal import Decimal
from pathlib import Path

import pytest

from indicators.models import Measurement
from tests.browser.conftest import login, screenshot
from tests.gabinete.factories import make_user
from tests.indicators.factories import IndicatorYearFactory, open_period

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.date_sensitive
def test_enlace_types_a_bad_number_keeps_the_file_then_saves_1_843(page, phone_page, live_server, tmp_path: Path):
    enlace = make_user("enlace", "aseo", username="camila", first_name="Camila", last_name="Araya")
    iy = IndicatorYearFactory(
        indicator__name="Toneladas de residuos retiradas", unit="number", target=Decimal(1800), tolerance=Decimal(100)
    )
    period = open_period()
    evidence = tmp_path / "balanza-octubre.pdf"
    evidence.write_bytes(PDF_BYTES)

    login(page, live_server, enlace)
    page.goto(f"{live_server.url}/indicadores/")
    page.get_by_role("link", name=f"Ingresar {period.label} de {iy.indicator.name}").click()
    page.get_by_label("Valor").fill("1.84")
    page.get_by_label("Comentario").fill("Pesaje de la balanza municipal")
    page.get_by_label("Medio de verificación (archivo)").set_input_files(str(evidence))
    page.get_by_role("button", name="Guardar borrador").click()

    page.get_by_text("«1.84» no es un número válido").wait_for()
    page.get_by_text("Archivo adjunto conservado: balanza-octubre.pdf").wait_for()
    assert page.get_by_label("Valor").input_value() == "1.84"
    assert page.get_by_label("Comentario").input_value() == "Pesaje de la balanza municipal"
    _no_sideways_scroll(page)
    screenshot(page, "indicators-bad-number-file-kept")
    form_url = page.url

    # The same refused form on a phone (390 px), with the message and the kept file.
    login(phone_page, live_server, enlace)
    phone_page.goto(form_url)
    phone_page.get_by_label("Valor").fill("8.702,55555")
    phone_page.get_by_label("Medio de verificación (archivo)").set_input_files(str(evidence))
    phone_page.get_by_role("button", name="Guardar borrador").click()
    phone_page.get_by_text("Archivo adjunto conservado: balanza-octubre.pdf").wait_for()
    phone_page.get_by_text("tiene demasiados decimales").wait_for()
    _no_sideways_scroll(phone_page)
    screenshot(phone_page, "indicators-bad-number-file-kept-phone")

    # Corrected without choosing the file again: stored as 1843 with the kept evidence.
    page.get_by_label("Valor").fill("1.843")
    page.get_by_role("button", name="Guardar borrador").click()
    page.locator("#valor").wait_for()
    assert page.locator("#valor").inner_text().startswith("1.843")
    m = Measurement.objects.get()
    assert m.value == Decimal("1843") and m.evidence.read() == PDF_BYTES
    screenshot(page, "indicators-1843-saved")


def test_dashboard_and_directorate_page_say_they_count_validated_values(page, phone_page, live_server, directorates):
    from tests.indicators.test_one_truth import YEAR
    from tests.indicators.test_one_truth import year_with_every_state as build

    staff = make_user("gabinete", "gabinete-de-alcaldia", username="carolina", first_name="Carolina", last_name="Rojas")
    build.__wrapped__(directorates, {"enlace": make_user("enlace", "aseo", username="camila")})
    for p in (page, phone_page):
        login(p, live_server, staff)
        for name, path in (("overview", "/indicadores/tablero/"), ("directorate", "/indicadores/direccion/aseo/")):
            p.goto(f"{live_server.url}{path}?anio={YEAR}")
            counts = p.locator("#conteo-estados")
            assert counts.inner_text().startswith("Último valor validado:")
            assert counts.locator('[data-count="on_track"]').inner_text() == "1"
            assert counts.locator('[data-count="missing"]').inner_text() == "3"
            _no_sideways_scroll(p)
            width = p.viewport_size["width"]
            screenshot(p, f"indicators-{name}-validated-counts-{width}")
