"""Gabinete filters the measurements queue, ticks two values and validates them at once, on a desktop
and on a phone (gabinete/queues.py, gabinete/bulk.py)."""

import shutil
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from indicators.models import Measurement, MeasurementStatus
from tests.browser.conftest import login, screenshot, set_width
from tests.gabinete.factories import make_user
from tests.indicators.factories import IndicatorFactory, IndicatorYearFactory, measurement, open_period

NOTES = Path("/work/notes/shots/queues")


def keep(path: Path, name: str) -> None:
    if NOTES.parent.exists():
        NOTES.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, NOTES / f"{name}.png")


@pytest.mark.parametrize("width", [1280, 390])
def test_gabinete_filters_the_queue_and_validates_two_values_at_once(page, live_server, directorates, width):
    liaison = make_user("enlace", "aseo", username="camila", first_name="Camila", last_name="Araya")
    staff = make_user("gabinete", "gabinete-de-alcaldia", username="carolina", first_name="Carolina", last_name="Rojas")
    period = open_period()
    rows = {}
    for slug, name in [
        ("aseo", "Reclamos de aseo resueltos"),
        ("aseo", "Toneladas de residuos reciclados"),
        ("transito-y-transporte-publico", "Semáforos reparados"),
    ]:
        iy = IndicatorYearFactory(indicator=IndicatorFactory(directorate=directorates[slug], name=name))
        rows[name] = measurement(
            iy,
            period,
            value="88",
            status=MeasurementStatus.SUBMITTED,
            by=liaison,
            submitted_by=liaison,
            submitted_at=timezone.now(),
        )
    set_width(page, width)
    login(page, live_server, staff)
    page.goto(f"{live_server.url}/indicadores/por-validar/")
    expect(page.locator("#queue-results").get_by_text("3 mediciones esperando validación")).to_be_visible()
    keep(screenshot(page, f"queues-measurements-{width}"), f"indicators-review-{width}")

    page.get_by_label("Dirección", exact=True).select_option("aseo")
    page.locator("#queue-results").get_by_text("2 mediciones esperando validación").wait_for()
    assert page.get_by_text("Semáforos reparados").count() == 0
    page.get_by_label("Marcar " + str(rows["Reclamos de aseo resueltos"])).check()
    page.get_by_label("Marcar " + str(rows["Toneladas de residuos reciclados"])).check()
    page.get_by_role("button", name="Revisar y confirmar").click()

    confirm = page.locator("#bulk-rows")
    expect(confirm.get_by_text("Enviada a Gabinete → Validada")).to_have_count(2)
    keep(screenshot(page, f"queues-bulk-confirm-{width}"), f"bulk-confirm-{width}")
    page.get_by_role("button", name="Confirmar: Validar").click()

    page.get_by_text("«Validar» aplicada a 2").wait_for()
    expect(page.locator("#queue-results").get_by_text("0 mediciones esperando validación")).to_be_visible()
    keep(screenshot(page, f"queues-bulk-done-{width}"), f"bulk-done-{width}")
    statuses = dict(Measurement.objects.values_list("indicator_year__indicator__name", "status"))
    assert statuses == {
        "Reclamos de aseo resueltos": MeasurementStatus.VALIDATED,
        "Toneladas de residuos reciclados": MeasurementStatus.VALIDATED,
        "Semáforos reparados": MeasurementStatus.SUBMITTED,
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_the_transparency_and_release_queues_fit_a_desktop_and_a_phone(page, live_server, directorates, width):
    from datetime import date

    from communications.models import ReleaseStatus
    from gabinete.models import Directorate
    from tests.communications.factories import PressReleaseFactory
    from tests.transparency.factories import planta_content
    from transparency import services
    from transparency.catalogue import seed_catalogue
    from transparency.models import Action, Column, Item, Section

    seed_catalogue(Item, Section, Column, Directorate)
    planta = Section.objects.get(item__letter="d", slug="planta")
    enlace = make_user("enlace", "gestion-de-personas", username="enlace.personas")
    director = make_user("director", "gestion-de-personas", username="director.personas")
    juridica = make_user("juridica", "asesoria-juridica", username="juridica", first_name="Paula", last_name="Vega")
    for month in (9, 10):
        pub = services.publication_prepare(
            section=planta, period=date(2026, month, 1), content=planta_content(section=planta), by=enlace
        )
        services.publication_transition(action=Action.SEND, publication=pub, by=director, late_reason="Atraso")
    press = make_user("gabinete", "gabinete-de-alcaldia", team="prensa", username="prensa", first_name="Iván")
    PressReleaseFactory(title="Plan de invierno para los campamentos", status=ReleaseStatus.REVIEW, author=press)
    PressReleaseFactory(title="Feria costumbrista en el Parque Brasil", status=ReleaseStatus.DRAFT, author=press)

    set_width(page, width)
    login(page, live_server, juridica)
    page.goto(f"{live_server.url}/transparencia/por-revisar/juridica/")
    expect(page.get_by_text("2 cargas esperando revisión jurídica")).to_be_visible()
    keep(screenshot(page, f"queues-transparency-legal-{width}"), f"transparency-juridica-{width}")
    page.goto(f"{live_server.url}/transparencia/cumplimiento/?vencidas=1")
    keep(screenshot(page, f"queues-transparency-board-overdue-{width}"), f"transparency-board-vencidas-{width}")
    page.context.clear_cookies()
    login(page, live_server, press)
    page.goto(f"{live_server.url}/transparencia/por-revisar/gabinete/")
    keep(screenshot(page, f"queues-transparency-publish-{width}"), f"transparency-gabinete-{width}")
    page.goto(f"{live_server.url}/comunicaciones/comunicados/?estado=revision")
    expect(page.get_by_text("1 comunicado con estos filtros")).to_be_visible()
    keep(screenshot(page, f"queues-releases-{width}"), f"releases-review-{width}")
