"""Gabinete asks for the Informe de Gestión, watches its page turn «Listo» without reloading while a
real queue worker makes it, downloads it, and finds it again in «Mis documentos»."""

from playwright.sync_api import expect

from gabinete.models import Job, JobState
from tests.browser.conftest import login, screenshot, set_width
from tests.gabinete.factories import make_user
from tests.indicators.factories import IndicatorYearFactory


def test_the_informe_de_gestion_is_prepared_in_the_background_and_found_in_my_documents(page, live_server, worker):
    staff = make_user("gabinete", "gabinete-de-alcaldia", username="carolina", first_name="Carolina", last_name="Rojas")
    iy = IndicatorYearFactory(indicator__name="Reclamos de aseo resueltos en plazo")
    login(page, live_server, staff)
    page.goto(f"{live_server.url}/indicadores/informe/?anio={iy.year}&hasta=12")
    page.get_by_role("button", name=f"Generar Informe de Gestión {iy.year} (PDF)").click()
    page.wait_for_url("**/documentos/*/")
    job_url = page.url
    assert page.locator("#job-state").inner_text() in ("En cola", "En proceso")
    page.evaluate("window.__notReloaded = true")
    page.locator("#job-state", has_text="Listo").wait_for(timeout=60_000)
    assert page.evaluate("window.__notReloaded === true"), "the page turned «Listo» without a reload"
    screenshot(page, "job-ready")

    with page.expect_download() as download_info:
        page.locator("#job-download").click(modifiers=["Alt"])
    download = download_info.value
    assert download.suggested_filename == f"informe-de-gestion-{iy.year}.pdf"
    assert open(download.path(), "rb").read(5) == b"%PDF-"
    job = Job.objects.get(owner=staff)
    assert job.state == JobState.DONE

    page.locator(".user-menu .dropdown-toggle").click()
    page.locator(".user-menu").get_by_role("link", name="Mis documentos").click()
    page.wait_for_url(f"{live_server.url}/documentos/")
    link = page.get_by_role("link", name=job.title)
    expect(link).to_be_visible()
    expect(page.get_by_text("Listo").first).to_be_visible()
    screenshot(page, "my-documents")
    set_width(page, 390)
    screenshot(page, "my-documents-phone")
    page.goto(job_url)
    screenshot(page, "job-ready-phone")
