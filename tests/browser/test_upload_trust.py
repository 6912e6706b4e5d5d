"""Uploads as a person meets them: a web page disguised as a PDF is refused with a Spanish message
that keeps what was typed; a file far past the limit gets the Spanish 413 page, on desktop and phone."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, screenshot
from tests.gabinete.factories import make_user
from tests.indicators.factories import IndicatorYearFactory, open_period

pytestmark = pytest.mark.date_sensitive

HTML_PAGE = b"<!DOCTYPE html><html><body><h1>Informe</h1><script>alert(document.cookie)</script></body></html>"


def _enter_page(live_server, iy) -> str:
    return f"{live_server.url}/indicadores/valor/{iy.pk}/{open_period().pk}/ingresar/"


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_a_page_disguised_as_pdf_is_refused_and_a_huge_file_gets_the_413_page(
    request, live_server, tmp_path: Path, fixture
):
    page = request.getfixturevalue(fixture)
    width = "1280" if fixture == "page" else "390"
    enlace = make_user("enlace", "aseo", username="camila", first_name="Camila", last_name="Araya")
    iy = IndicatorYearFactory(indicator__name="Reclamos de aseo resueltos en plazo")
    period = open_period()
    login(page, live_server, enlace)
    page.goto(f"{live_server.url}/indicadores/")
    page.get_by_role("link", name=f"Ingresar {period.label} de {iy.indicator.name}").click()
    enter_url = page.url

    disguised = tmp_path / "informe.pdf"
    disguised.write_bytes(HTML_PAGE)
    page.get_by_label("Valor").fill("87,5")
    page.get_by_label("Comentario").fill("Dato del sistema de reclamos")
    page.get_by_label("Medio de verificación (archivo)").set_input_files(str(disguised))
    page.get_by_role("button", name="Guardar borrador").click()
    page.get_by_text("contiene una página web o código").first.wait_for()
    assert page.get_by_label("Comentario").input_value() == "Dato del sistema de reclamos"
    screenshot(page, f"upload-disguised-page-refused-{width}")

    # A file past the request limit is stopped in the browser: nothing is sent, nothing typed is lost.
    huge = tmp_path / "escaneo.pdf"
    huge.write_bytes(b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024))
    page.goto(enter_url)
    page.get_by_label("Valor").fill("87,5")
    page.get_by_label("Comentario").fill("Escaneo completo")
    page.get_by_label("Medio de verificación (archivo)").set_input_files(str(huge))
    page.get_by_role("button", name="Guardar borrador").click()
    alert = page.locator(".upload-limit-alert")
    alert.wait_for()
    assert "pesan 30,0 MB y el máximo por envío es 20 MB" in alert.inner_text()
    assert page.url == enter_url and page.get_by_label("Comentario").input_value() == "Escaneo completo"
    assert page.evaluate("document.documentElement.scrollWidth") <= int(width)
    screenshot(page, f"upload-too-large-stopped-{width}")

    # Sent anyway (a script, an old browser), the server answers the Spanish 413 page unread.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    answer = page.request.post(
        enter_url,
        multipart={
            "csrfmiddlewaretoken": token,
            "value": "87,5",
            "evidence": {"name": "escaneo.pdf", "mimeType": "application/pdf", "buffer": huge.read_bytes()},
        },
        fail_on_status_code=False,
    )
    assert answer.status == 413
    page.set_content(answer.text())
    expect(page.get_by_role("heading", name="El envío es demasiado grande")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= int(width)
    screenshot(page, f"upload-413-{width}")
