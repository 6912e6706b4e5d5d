"""Gabinete filters the support requests to those nobody takes yet and assigns two at once; the
forwardings awaiting an answer, for Gabinete and for a directorate; at 1280 and 390 px
(communications/queues.py, archive/queues.py on gabinete/queues.py and gabinete/bulk.py)."""

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from communications.models import SupportKind
from tests.archive.factories import ClippingFactory, ForwardingFactory
from tests.browser.conftest import login, screenshot, set_width
from tests.communications.factories import SupportRequestFactory
from tests.gabinete.factories import make_user

NOTES = Path("/work/notes/shots/q2")


def keep(path: Path, name: str) -> None:
    if NOTES.parent.exists():
        NOTES.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, NOTES / f"{name}.png")


@pytest.mark.parametrize("width", [1280, 390])
def test_gabinete_assigns_two_unassigned_support_requests_at_once(page, live_server, directorates, width):
    staff = make_user("gabinete", "gabinete-de-alcaldia", username="carolina", first_name="Carolina", last_name="Rojas")
    make_user("gabinete", "gabinete-de-alcaldia", username="tvera", first_name="Tomás", last_name="Vera")
    today = timezone.localdate()
    aseo = directorates["aseo"]
    first = SupportRequestFactory(
        directorate=aseo,
        title="Cobertura del operativo de limpieza",
        description="Operativo en La Chimba con maquinaria municipal, el sábado en la mañana.",
        needed_by=today - timedelta(days=1),
    )
    second = SupportRequestFactory(directorate=aseo, title="Afiche de reciclaje", kind=SupportKind.GRAPHIC)
    SupportRequestFactory(
        directorate=directorates["transito-y-transporte-publico"], title="Redes: cortes de tránsito", assignee=staff
    )
    set_width(page, width)
    login(page, live_server, staff)
    page.goto(f"{live_server.url}/comunicaciones/solicitudes/")
    results = page.locator("#queue-results")
    expect(results.get_by_text("3 solicitudes con estos filtros")).to_be_visible()
    keep(screenshot(page, f"q2-support-list-{width}"), f"support-list-{width}")

    page.get_by_label("A cargo de", exact=True).select_option("ninguno")
    results.get_by_text("2 solicitudes con estos filtros").wait_for()
    page.get_by_label(f"Marcar {first}").check()
    page.get_by_label(f"Marcar {second}").check()
    page.get_by_label("Con las marcadas").select_option(label="Asignar a Tomás Vera")
    page.get_by_role("button", name="Revisar y confirmar").click()
    assert page.locator("#bulk-rows").get_by_text("Sin asignar → Tomás Vera").count() == 2
    keep(screenshot(page, f"q2-support-bulk-confirm-{width}"), f"support-bulk-confirm-{width}")
    page.get_by_role("button", name="Confirmar: Asignar a Tomás Vera").click()
    page.get_by_text("aplicada a 2").wait_for()
    expect(page.locator("#queue-results").get_by_text("0 solicitudes con estos filtros")).to_be_visible()
    first.refresh_from_db()
    assert first.assignee.username == "tvera"
    page.goto(f"{live_server.url}/comunicaciones/solicitudes/tablero/")
    keep(screenshot(page, f"q2-support-board-{width}"), f"support-board-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_forwardings_awaiting_an_answer(page, live_server, directorates, width):
    staff = make_user("gabinete", "gabinete-de-alcaldia", username="carolina", first_name="Carolina", last_name="Rojas")
    liaison = make_user("enlace", "aseo", username="camila", first_name="Camila", last_name="Araya")
    today = timezone.localdate()
    for slug, headline, due in [
        ("aseo", "Vecinos denuncian microbasural en La Chimba", -2),
        ("aseo", "Árboles sin poda en avenida Argentina", 4),
        ("transito-y-transporte-publico", "Semáforo apagado en Brasil con Prat", 1),
    ]:
        ForwardingFactory(
            clipping=ClippingFactory(headline=headline),
            directorate=directorates[slug],
            due_on=today + timedelta(days=due),
            created_by=staff,
            request="Informar qué medidas se tomarán y en qué plazo.",
        )
    set_width(page, width)
    login(page, live_server, staff)
    page.goto(f"{live_server.url}/archivo/derivaciones/")
    results = page.locator("#queue-results")
    expect(results.get_by_text("3 derivaciones con estos filtros")).to_be_visible()
    keep(screenshot(page, f"q2-forwardings-{width}"), f"forwardings-gabinete-{width}")
    page.get_by_label("Solo fuera de plazo").check()
    results.get_by_text("1 derivación con estos filtros").wait_for()
    page.context.clear_cookies()
    login(page, live_server, liaison)
    page.goto(f"{live_server.url}/archivo/")
    page.get_by_role("link", name="Derivaciones").click()
    results = page.locator("#queue-results")
    results.get_by_text("2 derivaciones con estos filtros").wait_for()
    assert results.get_by_text("Semáforo apagado").count() == 0
    keep(screenshot(page, f"q2-forwardings-directorate-{width}"), f"forwardings-directorate-{width}")
