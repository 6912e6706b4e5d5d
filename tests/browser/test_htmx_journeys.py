"""htmx where it saves a page load (gabinete/htmx.py): ticking a checklist task, adding an attendee
and filtering the archive change the page in place, with nothing reloaded; the same journeys with
JavaScript off still work by full page loads."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from protocol.models import Attendee, ChecklistTask
from tests.archive.factories import ClippingFactory
from tests.browser.conftest import login, screenshot, set_width
from tests.gabinete.factories import make_user
from tests.protocol.factories import EventFactory, TaskFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _staff():
    return make_user("gabinete", "gabinete-de-alcaldia", team="protocolo", username="protocolo.htmx")


def _event_with_task():
    event = EventFactory(title="Inauguración de la plaza Sotomayor")
    task = TaskFactory(event=event, title="Confirmar banda municipal")
    return event, task


def _mark(page) -> None:
    page.evaluate("window.__marker = 1")


def _still_marked(page) -> bool:
    return page.evaluate("window.__marker") == 1


@pytest.fixture
def no_js_page(browser, live_server, page):
    """A browser with JavaScript turned off (after `page`, which sets up the database and directorates).

    Opened with `browser.new_page`, outside the automatic page checks: axe is a script and cannot run
    where scripts are off (its evaluation never settles). The same pages are checked with scripts on
    in the tests above and in the other journeys."""
    plain = browser.new_page(
        viewport={"width": 1280, "height": 900},
        locale="es-CL",
        timezone_id="America/Santiago",
        java_script_enabled=False,
    )
    plain.set_default_timeout(15_000)
    yield plain
    plain.context.close()


def test_ticking_a_checklist_task_does_not_reload_the_page_and_the_tick_stays(page, live_server):
    event, task = _event_with_task()
    login(page, live_server, _staff())
    page.goto(f"{live_server.url}/agenda/actividades/{event.pk}/")
    _mark(page)
    page.get_by_role("button", name="Marcar hecha: Confirmar banda municipal").click()
    page.locator("#pauta [data-announce]").get_by_text(
        "Tarea «Confirmar banda municipal» marcada como hecha."
    ).wait_for()
    assert _still_marked(page)
    # Focus stays on the task's own button, now offering the way back.
    assert page.evaluate("document.activeElement.id") == f"task-toggle-{task.pk}"
    page.locator("#htmx-status").get_by_text("marcada como hecha").wait_for(state="attached")
    screenshot(page, "htmx-checklist-ticked")
    set_width(page, 390)
    screenshot(page, "htmx-checklist-ticked-phone")
    page.reload()
    expect(page.get_by_role("button", name="Marcar pendiente: Confirmar banda municipal")).to_be_visible()
    assert ChecklistTask.objects.get(pk=task.pk).done
    assert page.console_errors == []


def test_adding_an_attendee_does_not_reload_the_page(page, live_server):
    event, _task = _event_with_task()
    login(page, live_server, _staff())
    page.goto(f"{live_server.url}/agenda/actividades/{event.pk}/")
    _mark(page)
    form = page.locator("#asistentes form").last
    form.get_by_label("Cargo").fill("Concejala")
    form.get_by_label("Nombre").fill("María Fernanda Castro")
    form.get_by_role("button", name="Agregar").click()
    page.locator("#asistentes [data-announce]").get_by_text("Asistente agregado.").wait_for()
    assert _still_marked(page)
    expect(page.locator("#asistentes table").get_by_text("María Fernanda Castro")).to_be_visible()
    screenshot(page, "htmx-attendee-added")
    set_width(page, 390)
    screenshot(page, "htmx-attendee-added-phone")
    assert Attendee.objects.filter(event=event, name="María Fernanda Castro", office="Concejala").exists()
    assert page.console_errors == []


def test_filtering_the_archive_changes_the_list_and_the_address_without_a_reload(page, live_server):
    prensa = make_user("gabinete", "gabinete-de-alcaldia", team="prensa", username="prensa.htmx")
    today = timezone.localdate()
    ClippingFactory(headline="Vecinos reclaman por microbasurales", tone="negativo", published_on=today)
    ClippingFactory(
        headline="Nueva ciclovía en Avenida Brasil", tone="positivo", published_on=today - timedelta(days=1)
    )
    login(page, live_server, prensa)
    page.goto(f"{live_server.url}/archivo/")
    _mark(page)
    page.get_by_label("Tono").select_option(label="Negativo")
    page.wait_for_url(lambda url: parse_qs(urlparse(url).query).get("tono") == ["negativo"])
    page.get_by_text("1 recorte", exact=False).first.wait_for()
    results = page.locator("#archive-results")
    expect(results.get_by_text("Vecinos reclaman por microbasurales")).to_be_visible()
    assert results.get_by_text("Nueva ciclovía").count() == 0
    assert _still_marked(page)
    screenshot(page, "htmx-archive-filtered")
    set_width(page, 390)
    screenshot(page, "htmx-archive-filtered-phone")
    set_width(page, 1280)
    # Back: the unfiltered list again (a full load of the address; htmx keeps no copy of pages).
    page.go_back()
    page.get_by_text("Nueva ciclovía en Avenida Brasil").wait_for()
    assert "tono" not in page.url
    assert page.console_errors == []


def test_with_javascript_off_the_same_journeys_work_by_full_page_loads(no_js_page, live_server):
    page = no_js_page
    event, task = _event_with_task()
    ClippingFactory(headline="Vecinos reclaman por microbasurales", tone="negativo")
    ClippingFactory(headline="Nueva ciclovía en Avenida Brasil", tone="positivo")
    login(page, live_server, _staff())
    page.goto(f"{live_server.url}/agenda/actividades/{event.pk}/")
    page.get_by_role("button", name="Marcar hecha: Confirmar banda municipal").click()
    page.wait_for_url(f"**/agenda/actividades/{event.pk}/#pauta")
    page.get_by_text("Tarea «Confirmar banda municipal» marcada como hecha.").wait_for()
    assert ChecklistTask.objects.get(pk=task.pk).done
    form = page.locator("#asistentes form").last
    form.get_by_label("Nombre").fill("Jorge Araya")
    form.get_by_role("button", name="Agregar").click()
    page.wait_for_url(f"**/agenda/actividades/{event.pk}/#asistentes")
    page.get_by_text("Asistente agregado.").wait_for()
    assert Attendee.objects.filter(event=event, name="Jorge Araya").exists()
    screenshot(page, "htmx-off-event")
    page.goto(f"{live_server.url}/archivo/")
    page.get_by_label("Tono").select_option(label="Negativo")
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_url(lambda url: parse_qs(urlparse(url).query).get("tono") == ["negativo"])
    expect(page.get_by_text("Vecinos reclaman por microbasurales")).to_be_visible()
    assert page.get_by_text("Nueva ciclovía").count() == 0
    screenshot(page, "htmx-off-archive")
