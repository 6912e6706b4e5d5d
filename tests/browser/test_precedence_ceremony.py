"""Issue 17, points 7–9, walked in the browser: Gabinete sees the rows of the precedence table whose
place is still to be confirmed and confirms one; on an event it adds a visiting Subsecretaria without
a category (a warning, the attendee is kept), and prints the protocol sheet with who opens and who
closes. Screenshots at 1280 and 390 px."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from protocol.models import PrecedenceCategory, PrecedenceScope
from protocol.precedence import ensure_precedence
from tests.browser.conftest import login, screenshot
from tests.gabinete.factories import make_user
from tests.protocol.factories import AttendeeFactory, EventFactory

NOTES = Path("/work/notes/shots/prec")


def _keep(path: Path) -> None:
    """A copy for the review notes, when that folder exists (it does on the development machine)."""
    if NOTES.is_dir():
        shutil.copy(path, NOTES / path.name)


@pytest.mark.parametrize("width", [1280, 390])
def test_gabinete_confirms_a_placement_and_prints_who_opens_and_who_closes(page, phone_page, live_server, width):
    screen = page if width == 1280 else phone_page
    staff = make_user("gabinete", "gabinete-de-alcaldia", team="protocolo", username=f"protocolo.prec.{width}")
    ensure_precedence()  # a live-server test's database is emptied between tests, seeded rows included
    table = {c.name: c for c in PrecedenceCategory.objects.all()}
    governor = table["Gobernador/a Regional"]
    assert not governor.placement_confirmed

    login(screen, live_server, staff)
    screen.goto(f"{live_server.url}/agenda/precedencia/")
    expect(screen.get_by_role("heading", name="Autoridades nacionales")).to_be_visible()
    expect(screen.get_by_text("ubicación por confirmar", exact=True).first).to_be_visible()
    _keep(screenshot(screen, f"prec-precedence-pending-{width}"))
    screen.get_by_role("button", name="Confirmar la ubicación de Gobernador/a Regional").click()
    expect(screen.get_by_text("Ubicación de «Gobernador/a Regional» confirmada.")).to_be_visible()
    governor.refresh_from_db()
    assert governor.placement_confirmed
    pending = PrecedenceCategory.objects.filter(placement_confirmed=False).count()
    expect(screen.locator(".badge", has_text="ubicación por confirmar")).to_have_count(pending)

    event = EventFactory(title="Inauguración del Parque Brasil")
    AttendeeFactory(
        event=event,
        name="Jonathan Velásquez",
        office="Alcalde",
        category=table["Alcalde"],
        is_host=True,
        is_presiding=True,
    )
    AttendeeFactory(event=event, name="Carolina Díaz", office="Gobernadora Regional", category=governor)
    AttendeeFactory(event=event, name="Ana Pérez", office="Presidenta de la junta de vecinos", is_guest_of_honour=True)
    AttendeeFactory(
        event=event,
        name="Ministra Rojas",
        office="Ministra de Vivienda",
        category=table["Ministros de Estado (según el orden legal de los ministerios)"],
    )
    screen.goto(f"{live_server.url}/agenda/actividades/{event.pk}/")
    screen.get_by_text("Agregar asistente").click()
    screen.get_by_label("Nombre").fill("Marta Ibáñez")
    screen.get_by_label("Cargo").fill("Subsecretaria de Desarrollo Regional")
    screen.get_by_role("button", name="Agregar", exact=True).click()
    # Within the attendees block: the live region announcing it for screen readers holds the same words.
    expect(
        screen.locator("#asistentes").get_by_text("¿Falta la categoría de precedencia? Marta Ibáñez")
    ).to_be_visible()
    assert event.attendees.filter(name="Marta Ibáñez", category__isnull=True).exists()
    _keep(screenshot(screen, f"prec-event-attendees-{width}"))

    screen.goto(f"{live_server.url}/agenda/actividades/{event.pk}/imprimir/")
    speaking = screen.locator("ol").first
    expect(speaking.locator("li").first).to_contain_text("Abre: saludo del dueño de casa: Jonathan Velásquez")
    expect(speaking.locator("li").last).to_contain_text("Cierra: invitado/a de honor: Ana Pérez")
    _keep(screenshot(screen, f"prec-protocol-sheet-{width}"))
    assert PrecedenceScope.NATIONAL == table["Presidente/a de la República"].scope
