"""Mi escritorio for the Alcalde, the Administrador Municipal and the Jefa de Gabinete, with the demo
data: the Alcalde's next activity is on his phone's first screen; the Jefa opens her overdue groups."""

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import login, screenshot
from tests.gabinete.factories import PASSWORD
from tests.protocol.factories import EventFactory

SHOTS = Path("/work/shots/desk")


@pytest.fixture
def demo_people(transactional_db):
    with override_settings(DEBUG=True):  # seed_demo refuses to run in production
        call_command("seed_demo", verbosity=0)
    people = {}
    for username in ("alcalde", "administrador", "jefa.gabinete"):
        person = get_user_model().objects.get(username=username)
        person.set_password(PASSWORD)
        person.save(update_fields=["password"])
        people[username] = person
    return people


def keep(path: Path) -> None:
    """Also file the screenshot where the people reviewing this work look for it."""
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


def test_mayor_sees_his_next_activity_on_the_phones_first_screen(phone_page, live_server, demo_people):
    soon = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=20)
    EventFactory(
        title="Inauguración de la Plaza Sotomayor",
        start=soon,
        end=soon + timedelta(hours=1),
        place_name="Plaza Sotomayor",
    )
    login(phone_page, live_server, demo_people["alcalde"])
    agenda = phone_page.locator('[data-section="protocol.mayor_agenda"]')
    first = agenda.locator(".desk-item").first
    heading = agenda.locator(".desk-group-title").first.inner_text().strip().lower()
    assert heading in ("próxima actividad", "en curso")
    assert "Inauguración de la Plaza Sotomayor" in agenda.inner_text()
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= phone_page.viewport_size["height"]
    # The day's briefing follows right after, on the same first screen.
    briefing = phone_page.locator('[data-section="archive.todays_briefing"]').bounding_box()
    assert briefing is not None and briefing["y"] < phone_page.viewport_size["height"]
    keep(screenshot(phone_page, "desk-alcalde-390"))


def test_jefa_opens_her_overdue_groups_without_javascript_tricks(page, live_server, demo_people):
    login(page, live_server, demo_people["jefa.gabinete"])
    block = page.locator('[data-section="overdue"]')
    app = block.locator("details.desk-app").first
    unit = app.locator("details.desk-unit").first
    expect(unit).not_to_be_visible()
    app.locator("summary").first.click()
    expect(unit).to_be_visible()
    item = unit.locator(".desk-item").first
    expect(item).not_to_be_visible()
    unit.locator("summary").click()
    expect(item).to_be_visible()
    keep(screenshot(page, "desk-jefa-open-1280"))


@pytest.mark.parametrize("username", ["alcalde", "administrador", "jefa.gabinete"])
def test_role_homes_at_both_widths(page, phone_page, live_server, demo_people, username):
    for screen, width in ((page, 1280), (phone_page, 390)):  # two browser contexts, two sessions
        login(screen, live_server, demo_people[username])
        assert screen.locator("[data-desk-role]").count() == 1
        keep(screenshot(screen, f"desk-{username.replace('.', '-')}-{width}"))
