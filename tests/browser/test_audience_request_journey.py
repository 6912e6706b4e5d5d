"""Ley 20.730 journey: a citizen asks the Alcalde for an audience from a phone (no login), gets the
receipt e-mail with the request's number, the Alcalde's keeper (Protocolo, in Gabinete) grants it and
the audience is in the Alcalde's agenda; after the date the audience record is made from the request
without retyping, checked, and appears in the public register, in the public list of requests with
its outcome and in the register of lobbyists."""

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, screenshot, set_width
from tests.conftest import SANTIAGO
from tests.gabinete import mail_helpers
from tests.gabinete.mail_helpers import deliver_outbox

smtp_server = mail_helpers.smtp_server  # the fixture

SHOTS = Path("/work/notes/shots/req")


def _shot(page, name: str) -> None:
    path = screenshot(page, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def _both_widths(page, name: str) -> None:
    for width in (1280, 390):
        set_width(page, width)
        _shot(page, f"{name}_{width}")
    set_width(page, 1280)


@pytest.mark.django_db(transaction=True)
def test_a_public_audience_request_becomes_a_published_audience(
    page, phone_page, live_server, user_factory, smtp_server, clock
):
    from protocol.models import AudienceRequest, EventKind
    from tests.protocol.factories import the_mayor

    mayor = the_mayor()
    keeper = user_factory("gabinete", "gabinete-de-alcaldia", team="protocolo", username="protocolo")

    # The citizen, on a phone: a mistake first (no way to answer them), then the request.
    phone_page.goto(f"{live_server.url}/lobby/solicitar-audiencia/")
    _shot(phone_page, "public_request_form_390")
    phone_page.get_by_label("Autoridad con quien solicita la audiencia").select_option(str(mayor.pk))
    phone_page.get_by_label("Nombre completo de quien solicita").fill("Camila Rojas Pérez")
    phone_page.get_by_label("A nombre de quién se gestionan intereses").fill("Junta de Vecinos Gran Vía")
    phone_page.get_by_label("No: gestiono intereses propios").check()
    phone_page.get_by_label("Materia de la audiencia").fill("Pavimentación del pasaje Los Aromos")
    phone_page.get_by_label("Presencial").check()
    phone_page.get_by_label("Fecha y hora propuesta").fill("2026-11-25T11:00")
    phone_page.get_by_role("button", name="Enviar solicitud").click()
    expect(phone_page.get_by_text("Indique un correo electrónico o una dirección postal")).to_be_visible()
    expect(phone_page.get_by_label("Nombre completo de quien solicita")).to_have_value("Camila Rojas Pérez")
    _shot(phone_page, "public_request_form_error_390")
    phone_page.get_by_label("Correo electrónico").fill("camila@example.invalid")
    phone_page.get_by_role("button", name="Enviar solicitud").click()
    expect(phone_page.get_by_role("heading", name="Solicitud recibida")).to_be_visible()
    number = phone_page.locator("#request-number").inner_text()
    assert number == "SA-2026-0001"
    _shot(phone_page, "public_request_received_390")

    deliver_outbox()
    receipts = [m for m in smtp_server.received if m.recipients == ["camila@example.invalid"]]
    assert len(receipts) == 1 and number in receipts[0].text and number in receipts[0].message["Subject"]

    # The public form at desktop width too.
    page.goto(f"{live_server.url}/lobby/solicitar-audiencia/")
    _shot(page, "public_request_form_1280")

    # Protocolo grants it.
    login(page, live_server, keeper)
    page.goto(f"{live_server.url}/agenda/lobby/solicitudes/")
    expect(page.get_by_role("link", name=number)).to_be_visible()
    _both_widths(page, "staff_request_queue")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_text("Plazo por confirmar por Asesoría Jurídica.")).to_be_visible()
    _both_widths(page, "staff_request_detail")
    page.get_by_label("Lugar (o enlace de la videoconferencia)").fill("Despacho del Alcalde")
    page.get_by_role("button", name="Conceder audiencia").click()
    expect(page.get_by_text("Audiencia concedida; se avisó a quien la solicitó.")).to_be_visible()
    _both_widths(page, "staff_request_granted")
    request = AudienceRequest.objects.get(number=number)
    assert request.event.kind == EventKind.AUDIENCE

    # It is in the Alcalde's agenda for that week.
    page.goto(f"{live_server.url}/agenda/alcalde/semana/?fecha=2026-11-25")
    expect(page.get_by_text("Audiencia Ley del Lobby: Camila Rojas Pérez").first).to_be_visible()
    _both_widths(page, "mayor_week_with_audience")

    # After the audience: the record is made from the request, completed, checked and published.
    clock.move_to(datetime(2026, 11, 25, 15, 0, tzinfo=SANTIAGO))
    login(page, live_server, keeper)  # a week later: the session ended after two idle hours
    page.goto(f"{live_server.url}/agenda/lobby/solicitudes/{request.pk}/")
    page.get_by_role("button", name="Registrar la audiencia realizada").click()
    expect(page.get_by_text("Audiencia registrada desde la solicitud")).to_be_visible()
    expect(page.get_by_label("A nombre de quién se gestionan intereses")).to_have_value("Junta de Vecinos Gran Vía")
    _both_widths(page, "lobby_audience_from_request")
    page.get_by_label("Lugar").fill("Despacho del Alcalde, Edificio Consistorial")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Registro guardado")).to_be_visible()
    page.locator("#audiencia").get_by_role("button", name="Revisar y publicar").first.click()
    expect(page.get_by_text("Registro revisado")).to_be_visible()

    for viewer, width in ((phone_page, 390), (page, 1280)):
        viewer.goto(f"{live_server.url}/transparencia-activa/lobby/")
        audiences = viewer.locator("section", has_text="Audiencias y reuniones")
        expect(audiences.get_by_text("Pavimentación del pasaje Los Aromos")).to_be_visible()
        _shot(viewer, f"public_lobby_register_{width}")
        viewer.goto(f"{live_server.url}/lobby/solicitudes/")
        expect(viewer.get_by_text(number)).to_be_visible()
        assert "camila@example.invalid" not in viewer.content()
        _shot(viewer, f"public_request_list_{width}")
        viewer.goto(f"{live_server.url}/lobby/lobbistas/")
        expect(viewer.get_by_role("cell", name="Camila Rojas Pérez")).to_be_visible()
        _shot(viewer, f"public_lobbyist_register_{width}")
