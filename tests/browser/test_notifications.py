"""The bell and the notifications page in a real browser, on a desktop and a phone: the unread count in
the header (outside the collapsed menu on a phone), the list with the unread ones marked, opening one leads to its record and the count drops,
«Marcar todo como leído» empties it; the preferences page."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from gabinete import activity
from gabinete.models import Job
from tests.browser.conftest import login, screenshot
from tests.gabinete.factories import make_user

FINISHED = activity.Verb("job.finished", "Documento listo")


def _tell(person, title: str) -> Job:
    job = Job.objects.create(owner=person, kind="gabinete.directory", title=title)
    with transaction.atomic():
        activity.record(actor=None, verb=FINISHED, target=job, recipients=[person], app="gabinete")
    return job


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_the_bell_counts_the_unread_and_the_page_leads_to_each_record(request, live_server, fixture):
    page = request.getfixturevalue(fixture)
    width = "1280" if fixture == "page" else "390"
    person = make_user("enlace", "aseo", username=f"bell.{width}", first_name="Camila", last_name="Rojas")
    first = _tell(person, "Nómina de direcciones")
    _tell(person, "Informe de Gestión de noviembre")
    _tell(person, "Agenda semanal")
    login(page, live_server, person)
    bell = page.get_by_role("link", name="Notificaciones: 3 sin leer")
    expect(bell).to_be_visible()
    screenshot(page, f"notifications-bell-{width}")
    bell.click()
    page.wait_for_url("**/notificaciones/")
    assert page.locator(".notification-unread").count() == 3
    screenshot(page, f"notifications-list-{width}")

    page.get_by_role("link", name="Documento listo: Nómina de direcciones").click()
    page.wait_for_url(f"**/documentos/{first.pk}/")
    page.get_by_role("link", name="Notificaciones: 2 sin leer").click()
    page.get_by_role("button", name="Marcar todo como leído").click()
    expect(page.get_by_text("2 avisos marcados como leídos.")).to_be_visible()
    assert page.locator(".notification-unread").count() == 0
    expect(page.get_by_role("link", name="Notificaciones: ninguna sin leer")).to_be_visible()

    # exact: on a phone the user menu's «Preferencias de notificación» is a link too.
    page.get_by_role("link", name="Preferencias", exact=True).click()
    page.wait_for_url("**/notificaciones/preferencias/")
    page.get_by_label("Mis documentos listos o fallidos").select_option("digest")
    page.get_by_label("Hora del resumen diario").fill("17:30")
    page.get_by_role("button", name="Guardar preferencias").click()
    expect(page.get_by_text("Preferencias guardadas.")).to_be_visible()
    assert page.get_by_label("Hora del resumen diario").input_value() == "17:30"
    screenshot(page, f"notifications-preferences-{width}")
