"""The public lobby register (issue 17 point 6): every passive subject with their three registers, filtered
by person, month and register, the month closed «sin audiencias», the downloads, on a desktop and a phone."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, set_width

NOTES = Path("/work/notes/shots/pub")


def keep(path: Path, name: str) -> None:
    if NOTES.parent.exists():
        NOTES.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, NOTES / f"{name}.png")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_public_reads_each_passive_subjects_registers(page, live_server, width):
    from protocol.models import LobbyMonthClosing
    from tests.protocol.factories import LobbyAudienceFactory, LobbyGiftFactory, LobbyTripFactory
    from tests.transparency.test_lobby import _publish, _subjects

    mayor, councillor, works = _subjects()
    _publish(LobbyAudienceFactory(subject=mayor, date=date(2026, 11, 4), matter="Proyecto inmobiliario Costanera"))
    _publish(
        LobbyAudienceFactory(
            subject=councillor,
            date=date(2026, 11, 9),
            matter="Ampliación de la ciclovía de Avenida Grecia",
            on_behalf_of="Junta de Vecinos Gran Vía",
            modality="videoconferencia",
        )
    )
    _publish(LobbyTripFactory(subject=councillor, date_start=date(2026, 11, 10), date_end=date(2026, 11, 12)))
    _publish(LobbyGiftFactory(subject=works, date=date(2026, 11, 3), description="Agenda del Colegio de Arquitectos"))
    keeper = get_user_model().objects.filter(is_superuser=True).first()
    LobbyMonthClosing.objects.create(
        subject=works, register="audiencia", month=date(2026, 10, 1), record_count=0, closed_by=keeper
    )

    set_width(page, width)
    page.goto(f"{live_server.url}/transparencia-activa/lobby/")
    subjects = page.locator("section[aria-labelledby=h-subjects]")
    expect(subjects.get_by_role("link", name="Camila Rojas")).to_be_visible()
    expect(page.get_by_text("Proyecto inmobiliario Costanera")).to_be_visible()
    keep(screenshot(page, f"lobby-public-{width}"), f"lobby-public-{width}")

    subjects.get_by_role("link", name="Camila Rojas").click()
    expect(page.get_by_role("heading", name="Registro de lobby de Camila Rojas")).to_be_visible()
    expect(page.get_by_text("Ampliación de la ciclovía de Avenida Grecia")).to_be_visible()
    expect(page.get_by_text("Proyecto inmobiliario Costanera")).to_have_count(0)
    keep(screenshot(page, f"lobby-public-subject-{width}"), f"lobby-public-subject-{width}")

    page.get_by_label("Sujeto pasivo").select_option(label=f"{works.name} — Director/a de Obras Municipales")
    page.get_by_label("Mes").select_option("2026-10")
    page.get_by_role("button", name="Filtrar").click()
    expect(page.get_by_text("Sin audiencias en el mes")).to_be_visible()
    keep(screenshot(page, f"lobby-public-closed-month-{width}"), f"lobby-public-closed-month-{width}")

    with page.expect_download() as download:
        page.locator("#h-donativos").locator("xpath=..").get_by_role("link", name="Formato InfoLobby (CSV)").click()
    assert download.value.suggested_filename == f"infolobby-donativos-{works.pk}-2026-10.csv"
