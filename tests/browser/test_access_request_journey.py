"""Ley 20.285 journey, around the December holidays: a citizen asks for information from a phone on
Friday 4 December (due 6 January: the 8th, Christmas and New Year are not counted); Gabinete assigns it
to Gestión de Personas; a third party notified on the 7th suspends the term (due 11 January) and
opposes on the 9th (the suspension ends that day: due 7 January); the directorate extends the term (due 21 January), tries to deliver and is stopped
by the opposition, denies on its ground; Asesoría Jurídica approves, the Administrador Municipal signs,
the requester sees the answer with the secret link and the public sees it without who asked."""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, logout, screenshot, set_width
from tests.conftest import SANTIAGO
from tests.gabinete import mail_helpers
from tests.gabinete.mail_helpers import deliver_outbox

smtp_server = mail_helpers.smtp_server  # the fixture


def _both_widths(page, name: str) -> None:
    for width in (1280, 390):
        set_width(page, width)
        screenshot(page, f"{name}_{width}")
    set_width(page, 1280)


def _on(clock, month: int, day: int, year: int = 2026) -> None:
    clock.move_to(datetime(year, month, day, 10, 0, tzinfo=SANTIAGO))


@pytest.mark.django_db(transaction=True)
def test_an_access_request_goes_from_the_public_form_to_its_published_answer(
    page, phone_page, live_server, user_factory, smtp_server, clock
):
    from transparency.grounds import ensure_grounds
    from transparency.models import AccessRequest, DenialGround

    ensure_grounds()

    gabinete = user_factory("gabinete", "gabinete-de-alcaldia", username="jefa.gabinete")
    enlace = user_factory("enlace", "gestion-de-personas", username="enlace.personas")
    juridica = user_factory("juridica", "asesoria-juridica", username="juridica")
    administrador = user_factory("administrador", "administracion-municipal", username="administrador")
    _on(clock, 12, 4)

    # The citizen, on a phone: without a way to be notified first, then the request.
    phone_page.goto(f"{live_server.url}/transparencia-activa/solicitar-informacion/")
    phone_page.get_by_label("Nombre y apellidos (o razón social)").fill("Camila Rojas Pérez")
    phone_page.get_by_label("¿Qué información solicita?").fill(
        "Contratos de honorarios vigentes de la Dirección de Gestión de Personas."
    )
    phone_page.get_by_label("Documento PDF").check()
    phone_page.get_by_label("Por correo electrónico").check()
    phone_page.get_by_role("button", name="Enviar solicitud").click()
    expect(phone_page.get_by_text("Indique un correo electrónico o una dirección postal")).to_be_visible()
    expect(phone_page.get_by_label("Nombre y apellidos (o razón social)")).to_have_value("Camila Rojas Pérez")
    screenshot(phone_page, "access_public_form_error_390")
    phone_page.get_by_label("Correo electrónico", exact=True).fill("camila@example.invalid")
    phone_page.get_by_role("button", name="Enviar solicitud").click()
    expect(phone_page.get_by_role("heading", name="Solicitud recibida")).to_be_visible()
    expect(phone_page.locator("#request-number")).to_have_text("AI-2026-0001")
    expect(phone_page.locator("#request-due")).to_have_text("06-01-2027")
    follow = phone_page.locator("#follow-link").get_attribute("href")
    screenshot(phone_page, "access_public_received_390")
    deliver_outbox()
    receipt = [m for m in smtp_server.received if m.recipients == ["camila@example.invalid"]]
    assert len(receipt) == 1 and "AI-2026-0001" in receipt[0].text and "06-01-2027" in receipt[0].text

    # Gabinete: admissible, to Gestión de Personas.
    login(page, live_server, gabinete)
    page.goto(f"{live_server.url}/transparencia/solicitudes/")
    page.get_by_role("link", name="AI-2026-0001").click()
    expect(page.locator("#deadline-explanation")).to_contain_text("08-12 (feriado")
    page.get_by_label("Dirección que tiene la información").select_option(label="Dirección de Gestión de Personas")
    page.get_by_role("button", name="Admitir y asignar").click()
    expect(page.get_by_text("Solicitud asignada; se avisó a la dirección.")).to_be_visible()

    # Monday the 7th: the directorate notifies a third party; the term is suspended while they may oppose.
    _on(clock, 12, 7)
    login(page, live_server, enlace)
    page.goto(f"{live_server.url}/transparencia/solicitudes/")
    page.get_by_role("link", name="AI-2026-0001").click()
    page.get_by_text("Notificar a un tercero").click()
    form = page.locator("#third-party-form")
    form.get_by_label("Nombre del tercero").fill("Consultora Norte Grande SpA")
    form.get_by_label("Dirección o correo donde se le notificó").fill("contacto@nortegrande.example.invalid")
    form.get_by_role("button", name="Registrar la notificación").click()
    expect(page.get_by_text("puede oponerse hasta el 11-12-2026")).to_be_visible()
    expect(page.locator("#due-date")).to_have_text("11-01-2027")

    # Wednesday the 9th: the third party opposes; then the directorate extends the term, once.
    _on(clock, 12, 9)
    login(page, live_server, enlace)
    page.goto(f"{live_server.url}/transparencia/solicitudes/")
    page.get_by_role("link", name="AI-2026-0001").click()
    page.get_by_text("Registrar su respuesta").click()
    page.get_by_label("Se opone a la entrega").check()
    page.get_by_label("Fundamentos de la oposición").fill("Los contratos contienen datos comerciales reservados.")
    page.locator(".third-party").get_by_role("button", name="Registrar").click()
    expect(page.get_by_text("Se opuso el 09-12-2026")).to_be_visible()
    # The suspension ended the day they answered: one business day (the 8th is a holiday) → 7 January.
    expect(page.locator("#due-date")).to_have_text("07-01-2027")
    page.get_by_text("Prorrogar el plazo (art. 14, una sola vez)").click()
    page.get_by_label("Motivo de la prórroga (se comunica al solicitante)").fill(
        "Los contratos están en el archivo central y deben digitalizarse."
    )
    page.locator("#extend-form").get_by_role("button").click()
    expect(page.locator("#due-date")).to_have_text("21-01-2027")
    expect(page.locator("#deadline-explanation")).to_contain_text("Prorrogado por 10 días hábiles")
    _both_widths(page, "access_staff_extended")

    # Delivering is barred by the opposition; denied on its ground it goes to Asesoría Jurídica.
    page.get_by_label("Entregada", exact=True).check()
    page.get_by_label("Texto de la respuesta").fill("Se entregan los contratos de honorarios.")
    page.get_by_role("button", name="Guardar la respuesta").click()
    expect(page.get_by_text("Guardado.")).to_be_visible()
    page.get_by_role("button", name="Enviar la respuesta a revisión jurídica").click()
    expect(page.get_by_text("Un tercero se opuso (art. 20)")).to_be_visible()
    opposition = DenialGround.objects.get(code="art20-oposicion")
    page.get_by_label("Denegada", exact=True).check()
    page.get_by_label("Causal de denegación (art. 21)").select_option(str(opposition.pk))
    page.get_by_label("Texto de la respuesta").fill(
        "El tercero se opuso a la entrega dentro de plazo (art. 20): la información no puede entregarse."
    )
    page.get_by_role("button", name="Guardar la respuesta").click()
    page.get_by_role("button", name="Enviar la respuesta a revisión jurídica").click()
    expect(page.get_by_text("Respuesta enviada a Asesoría Jurídica.")).to_be_visible()

    # Asesoría Jurídica approves; the Administrador Municipal signs and it is sent.
    _on(clock, 12, 14)
    login(page, live_server, juridica)
    page.goto(f"{live_server.url}/transparencia/solicitudes/")
    page.get_by_role("link", name="AI-2026-0001").click()
    page.get_by_role("button", name="Aprobar la respuesta").click()
    expect(page.get_by_text("Respuesta aprobada: queda por firmar.")).to_be_visible()
    logout(page)
    login(page, live_server, administrador)
    page.goto(f"{live_server.url}/transparencia/solicitudes/")
    page.get_by_role("link", name="AI-2026-0001").click()
    page.get_by_role("button", name="Firmar y enviar al solicitante").click()
    expect(page.get_by_text("Respuesta firmada y enviada al solicitante.")).to_be_visible()
    _both_widths(page, "access_staff_answered")
    deliver_outbox()
    answers = [
        m
        for m in smtp_server.received
        if m.recipients == ["camila@example.invalid"] and m.message["Subject"].endswith(": respuesta")
    ]
    assert len(answers) == 1 and "art. 20" in answers[0].text and "amparo" in answers[0].text

    # The requester follows it with the secret link; the public sees it without who asked.
    phone_page.goto(f"{live_server.url}{follow}")
    expect(phone_page.locator("#follow-status")).to_have_text("Respondida")
    expect(phone_page.locator("#follow-answer")).to_contain_text("El tercero se opuso")
    screenshot(phone_page, "access_public_follow_390")
    for viewer, width in ((phone_page, 390), (page, 1280)):
        viewer.goto(f"{live_server.url}/transparencia-activa/solicitudes/")
        table = viewer.locator("#answered-table")
        expect(table.get_by_text("AI-2026-0001")).to_be_visible()
        expect(table.get_by_text("Art. 20")).to_be_visible()
        assert "Camila" not in viewer.content() and "camila@example.invalid" not in viewer.content()
        screenshot(viewer, f"access_public_answered_{width}")
    assert AccessRequest.objects.get().status == "respondida"
