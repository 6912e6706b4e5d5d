"""The pages people use most, on a phone (390 px) and a desktop (1280 px), with the demo data.

The browser conftest checks every page these tests open: none scrolls sideways and axe finds no
serious or critical violation. This walk opens the busiest pages (the compliance board, an event,
a directorate's indicators, the precedence table) at both widths, and a protocol officer chooses two
organising directorates on a phone by tapping.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from protocol.models import Event, PrecedenceCategory
from tests.browser.conftest import login, screenshot
from tests.gabinete.factories import PASSWORD, make_user
from tests.protocol.factories import EventFactory

PAGES = [
    ("home", "/"),
    ("agenda-week", "/agenda/alcalde/semana/"),
    ("agenda-month", "/agenda/alcalde/mes/"),
    ("event-list", "/agenda/actividades/"),
    ("event-new", "/agenda/actividades/nueva/"),
    ("precedence", "/agenda/precedencia/"),
    ("lobby", "/agenda/lobby/"),
    ("communications", "/comunicaciones/"),
    ("archive", "/archivo/"),
    ("indicators", "/indicadores/"),
    ("indicators-overview", "/indicadores/tablero/"),
    ("indicators-directorate", "/indicadores/direccion/aseo/"),
    ("transparency", "/transparencia/"),
    ("transparency-board", "/transparencia/cumplimiento/"),
    ("office", "/despacho/"),
]


@pytest.fixture
def demo_staff(transactional_db):
    with override_settings(DEBUG=True):  # seed_demo refuses to run in production
        call_command("seed_demo", verbosity=0)
    staff = get_user_model().objects.get(username="jefa.gabinete")
    staff.set_password(PASSWORD)
    staff.save(update_fields=["password"])
    return staff


@pytest.mark.parametrize("width", [1280, 390])
def test_busy_pages_fit_the_screen_and_pass_axe(browser, page, phone_page, live_server, demo_staff, width):
    screen = page if width == 1280 else phone_page
    login(screen, live_server, demo_staff)
    event = Event.objects.filter(attendees__isnull=False).order_by("start").first() or Event.objects.first()
    for name, path in [*PAGES, ("event-detail", f"/agenda/actividades/{event.pk}/")]:
        screen.goto(f"{live_server.url}{path}")
        screenshot(screen, f"layout-{name}-{width}")


def _fill_event(screen, start):
    screen.get_by_label("Título").fill("Visita a la feria de emprendedores")
    screen.get_by_label("Inicio").fill(start.strftime("%Y-%m-%dT%H:%M"))
    screen.get_by_label("Término").fill((start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    screen.get_by_label("Lugar", exact=True).fill("Parque Brasil")


def test_on_a_phone_two_directorates_are_chosen_by_tapping_and_the_overlap_is_one_warning_on_top(
    phone_page, live_server
):
    staff = make_user("gabinete", "gabinete-de-alcaldia", team="protocolo", username="protocolo.tactil")
    start = timezone.localtime(timezone.now() + timedelta(days=2)).replace(hour=11, minute=0, second=0, microsecond=0)
    for n in range(4):
        EventFactory(
            title=f"Reunión de coordinación {n + 1}",
            start=start - timedelta(minutes=20 * n),
            end=start + timedelta(minutes=30),
        )
    login(phone_page, live_server, staff)
    phone_page.goto(f"{live_server.url}/agenda/actividades/nueva/")
    _fill_event(phone_page, start)
    directorates = phone_page.get_by_role("group", name="Direcciones organizadoras")
    directorates.get_by_label("Dirección de Aseo").tap()
    # The list is long: the filter box narrows it, and a tap ticks the one left.
    directorates.get_by_label("Filtrar la lista").fill("transito")
    assert directorates.get_by_label("Dirección de Aseo").is_hidden()
    directorates.get_by_label("Dirección de Tránsito y Transporte Público").tap()
    directorates.get_by_label("Filtrar la lista").fill("")
    assert directorates.get_by_role("checkbox", checked=True).count() == 2
    phone_page.get_by_role("button", name="Guardar", exact=True).tap()

    warning = phone_page.locator("#overlap-warning")
    warning.wait_for()
    assert phone_page.get_by_text("se superpone", exact=False).count() == 1
    assert "se superpone con 4 actividades confirmadas del Alcalde" in warning.inner_text()
    assert warning.get_by_role("listitem").count() == 4
    # On top: the warning and its button come before the first field, in view without scrolling.
    assert warning.bounding_box()["y"] < phone_page.get_by_label("Título").bounding_box()["y"]
    assert directorates.get_by_role("checkbox", checked=True).count() == 2  # the choice came back
    screenshot(phone_page, "event-overlap-warning-390")
    warning.get_by_role("button", name="Guardar de todos modos").tap()
    phone_page.get_by_text("agregada a la agenda").wait_for()
    event = Event.objects.get(title="Visita a la feria de emprendedores")
    assert sorted(d.slug for d in event.directorates.all()) == ["aseo", "transito-y-transporte-publico"]
    screenshot(phone_page, "event-saved-390")


def test_enter_in_a_field_of_the_overlap_form_does_not_accept_the_overlap(page, live_server):
    staff = make_user("gabinete", "gabinete-de-alcaldia", team="protocolo", username="protocolo.teclado")
    start = timezone.localtime(timezone.now() + timedelta(days=2)).replace(hour=11, minute=0, second=0, microsecond=0)
    EventFactory(title="Reunión con la Seremi", start=start, end=start + timedelta(hours=1))
    login(page, live_server, staff)
    page.goto(f"{live_server.url}/agenda/actividades/nueva/")
    _fill_event(page, start)
    page.get_by_role("button", name="Guardar", exact=True).click()
    page.locator("#overlap-warning").wait_for()
    assert "se superpone con otra actividad confirmada del Alcalde" in page.locator("#overlap-warning").inner_text()
    screenshot(page, "event-overlap-warning-1280")
    page.get_by_label("Lugar", exact=True).press("Enter")
    page.locator("#overlap-warning").wait_for()
    assert not Event.objects.filter(title="Visita a la feria de emprendedores").exists()


@pytest.mark.parametrize("width", [1280, 390])
def test_precedence_inputs_are_named_after_their_category(page, phone_page, live_server, width):
    screen = page if width == 1280 else phone_page
    staff = make_user("gabinete", "gabinete-de-alcaldia", team="protocolo", username=f"protocolo.{width}")
    category = PrecedenceCategory.objects.create(order=90, name="Cónsules honorarios", by_seniority=True)
    login(screen, live_server, staff)
    screen.goto(f"{live_server.url}/agenda/precedencia/")
    screen.get_by_label(f"Orden de {category.name}").fill("91")
    assert screen.get_by_label(f"Por antigüedad: {category.name}").is_checked()
    assert (
        screen.get_by_label(f"Categoría de la fila {PrecedenceCategory.objects.count()}").input_value() == category.name
    )
    screenshot(screen, f"precedence-{width}")
    screen.get_by_role("button", name="Guardar").click()
    screen.get_by_text("Orden de precedencia guardado.").wait_for()
    category.refresh_from_db()
    assert category.order == 91
