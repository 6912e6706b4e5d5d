"""The exports that can take long are asked for with a button (a POST carrying the filters shown) and
followed on the job's page: the archive's CSV and a dashboard's CSV/Excel."""

from urllib.parse import urlencode

from playwright.sync_api import expect

from gabinete.models import Job
from tests.archive.factories import ClippingFactory
from tests.browser.conftest import login, screenshot, set_width
from tests.gabinete.factories import make_user
from tests.indicators.factories import IndicatorYearFactory


def test_the_archive_export_button_carries_the_search_to_the_jobs_page(page, live_server):
    prensa = make_user("gabinete", "gabinete-de-alcaldia", team="prensa", username="prensa")
    ClippingFactory(headline="Vecinos reclaman por microbasurales", tone="negativo", directorates=["aseo"])
    ClippingFactory(headline="Nueva ciclovía", tone="positivo", directorates=["aseo"])
    login(page, live_server, prensa)
    page.goto(f"{live_server.url}/archivo/?" + urlencode({"q": "microbasurales", "tono": "negativo"}))
    screenshot(page, "archive-export-button")
    set_width(page, 390)
    screenshot(page, "archive-export-button-phone")
    set_width(page, 1280)
    page.get_by_role("button", name="Exportar a CSV").click()
    page.wait_for_url("**/documentos/*/")
    job = Job.objects.get(owner=prensa)
    assert job.params == {"q": "microbasurales", "tono": "negativo", "count": 1}
    expect(page.get_by_text("Archivo de prensa (CSV, 1 recorte)").first).to_be_visible()
    screenshot(page, "archive-export-job")


def test_a_dashboards_excel_button_carries_its_filters_to_the_jobs_page(page, live_server):
    director = make_user("director", "aseo", username="director.aseo")
    iy = IndicatorYearFactory(indicator__name="Reclamos de aseo resueltos en plazo")
    login(page, live_server, director)
    page.goto(f"{live_server.url}/indicadores/direccion/aseo/?anio={iy.year}")
    screenshot(page, "indicators-export-buttons")
    set_width(page, 390)
    screenshot(page, "indicators-export-buttons-phone")
    set_width(page, 1280)
    page.get_by_role("button", name="Excel").click()
    page.wait_for_url("**/documentos/*/")
    assert Job.objects.get(owner=director).params == {"direccion": "aseo", "anio": iy.year, "fmt": "xlsx"}
    page.goto(f"{live_server.url}/indicadores/indicador/{iy.indicator_id}/")
    screenshot(page, "indicator-export-buttons")
    set_width(page, 390)
    screenshot(page, "indicator-export-buttons-phone")
