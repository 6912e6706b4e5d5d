"""Gabinete filters the matters waiting for the Alcalde, ticks two and groups them for the next dispatch
meeting at once; the job descriptors under review; on a desktop and on a phone (gabinete/office/queues.py)."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gabinete.office.models import Matter, MatterStatus
from tests.browser.conftest import login, screenshot, set_width
from tests.browser.test_office_pages import demo_users  # noqa: F401

NOTES = Path("/work/notes/shots/q3")


def keep(path: Path, name: str) -> None:
    if NOTES.parent.exists():
        NOTES.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, NOTES / f"{name}.png")


@pytest.mark.parametrize("width", [1280, 390])
def test_gabinete_filters_the_matters_and_groups_two_for_the_next_meeting(page, live_server, demo_users, width):  # noqa: F811
    set_width(page, width)
    login(page, live_server, demo_users["jefa.gabinete"])
    page.goto(f"{live_server.url}/despacho/asuntos/")
    results = page.locator("#queue-results")
    expect(results.get_by_text("asuntos pendientes").first).to_be_visible()
    keep(screenshot(page, f"office-matters-queue-{width}"), f"matters-{width}")

    page.get_by_label("Solo sin reunión de despacho").check()
    page.wait_for_url("**sin_despacho=1**")
    keep(screenshot(page, f"office-matters-queue-filtered-{width}"), f"matters-filtered-{width}")
    page.goto(f"{live_server.url}/despacho/asuntos/?orden=-presentado")
    pending = Matter.objects.filter(status__in=["presentado", "preparado"]).order_by("-submitted_at")
    waiting = list(pending[:2])
    asked = Matter.objects.filter(status="antecedentes").first()  # refused by the workflow, reported
    assert len(waiting) == 2
    for matter in [*waiting, *([asked] if asked else [])]:
        page.get_by_label(f"Marcar {matter}").check()
    page.get_by_role("button", name="Revisar y confirmar").click()
    confirm = page.locator("#bulk-rows")
    assert confirm.get_by_text("para el despacho del").count() == 2 + (1 if asked else 0)
    keep(screenshot(page, f"office-matters-bulk-confirm-{width}"), f"matters-bulk-confirm-{width}")
    page.locator("#bulk-confirm").click()
    expect(page.get_by_text("aplicada a 2")).to_be_visible()
    for matter in waiting:
        matter.refresh_from_db()
        assert matter.status == MatterStatus.READY and matter.meeting_id
    assert "orden=-presentado" in page.url  # back to the queue as it was sorted
    keep(screenshot(page, f"office-matters-after-bulk-{width}"), f"matters-after-bulk-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_descriptors_under_review(page, live_server, demo_users, width):  # noqa: F811
    set_width(page, width)
    login(page, live_server, demo_users["jefa.gabinete"])
    page.goto(f"{live_server.url}/despacho/descriptores/")
    page.get_by_role("link", name="en revisión de Gestión de Personas").click()
    expect(page.locator("#queue-results").get_by_text("Periodista").first).to_be_visible()
    keep(screenshot(page, f"office-descriptor-review-{width}"), f"descriptors-review-{width}")
