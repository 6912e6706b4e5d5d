"""A directorate raises a matter, Gabinete prepares it, the Alcalde decides, the directorate sees it."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from gabinete.office.models import Matter
from tests.browser.conftest import login, logout, screenshot
from tests.gabinete.factories import make_user
from tests.office.factories import PDF_BYTES


def test_matter_from_raising_to_the_alcaldes_decision(page, live_server, tmp_path):
    liaison = make_user("enlace", "aseo", username="camila", first_name="Camila", last_name="Araya")
    staff = make_user("gabinete", "gabinete-de-alcaldia", username="carolina", first_name="Carolina", last_name="Rojas")
    alcalde = make_user(
        "alcalde", "gabinete-de-alcaldia", username="jonathan", first_name="Jonathan", last_name="Velásquez"
    )
    attachment = tmp_path / "informe-tecnico.pdf"
    attachment.write_bytes(PDF_BYTES)
    wrong = tmp_path / "planilla.pdf"
    wrong.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)

    # 1. The liaison of Aseo raises the matter; a disguised program is refused first, the input kept.
    login(page, live_server, liaison)
    page.get_by_role("navigation", name="Navegación principal").get_by_role("link", name="Despacho").click()
    page.get_by_role("link", name="Presentar un asunto").click()
    page.locator("#id_subject").fill("Ampliación del horario de recolección en La Chimba")
    page.locator("#id_background").fill("Los vecinos reportan acumulación de residuos los fines de semana.")
    page.get_by_label("Alternativas").fill("1. Recolección los sábados\n2. Mantener el horario")
    page.get_by_label("Recomendación de la dirección").fill("Opción 1 por tres meses.")
    page.locator("#id_urgency").select_option(label="Urgente")
    page.get_by_label("Antecedentes adjuntos").set_input_files(str(wrong))
    page.get_by_role("button", name="Presentar a Gabinete").click()
    expect(page.get_by_text("El contenido del archivo no corresponde a un tipo permitido")).to_be_visible()
    assert page.locator("#id_subject").input_value() == "Ampliación del horario de recolección en La Chimba"
    screenshot(page, "office-matter-wrong-attachment")
    page.get_by_label("Antecedentes adjuntos").set_input_files(str(attachment))
    page.get_by_role("button", name="Presentar a Gabinete").click()
    expect(page.get_by_text("El asunto quedó presentado a Gabinete")).to_be_visible()
    expect(page.get_by_role("link", name="informe-tecnico.pdf")).to_be_visible()
    logout(page)

    # 2. Gabinete completes it and groups it for the next dispatch meeting.
    login(page, live_server, staff)
    page.goto(f"{live_server.url}/despacho/asuntos/")
    expect(page.get_by_role("link", name="Ampliación del horario de recolección en La Chimba")).to_be_visible()
    screenshot(page, "office-pending-matters")
    page.get_by_role("link", name="Ampliación del horario de recolección en La Chimba").click()
    meeting = timezone.localdate() + timedelta(days=2)
    page.locator("#id_meeting_date").fill(meeting.isoformat())
    page.get_by_role("button", name="Agrupar", exact=True).click()
    expect(page.get_by_text("El asunto quedó agrupado para la reunión de despacho")).to_be_visible()
    logout(page)

    # 3. The Alcalde decides with instructions (first forgetting them: clear message).
    login(page, live_server, alcalde)
    expect(page.get_by_text("Por decidir: Ampliación del horario de recolección en La Chimba")).to_be_visible()
    page.get_by_role("link", name="Por decidir: Ampliación del horario de recolección en La Chimba").click()
    screenshot(page, "office-matter-before-decision")
    page.get_by_label("Con instrucciones").check()
    page.get_by_role("button", name="Registrar decisión").click()
    expect(page.get_by_text("debe indicar las instrucciones del Alcalde")).to_be_visible()
    page.get_by_label("Con instrucciones").check()
    page.locator("#id_instructions").fill("Aplicar por tres meses y evaluar.")
    page.get_by_role("button", name="Registrar decisión").click()
    expect(page.get_by_text("Decisión registrada")).to_be_visible()
    logout(page)

    # 4. The directorate sees the decision.
    login(page, live_server, liaison)
    expect(page.get_by_text("Resuelto por el Alcalde (Con instrucciones)").first).to_be_visible()
    page.get_by_role("link", name="Resuelto por el Alcalde (Con instrucciones): Ampliación").click()
    expect(page.get_by_text("Aplicar por tres meses y evaluar.")).to_be_visible()
    expect(page.get_by_text("Registrada por el Alcalde.")).to_be_visible()
    screenshot(page, "office-matter-decided")
    matter = Matter.objects.get()
    assert (matter.status, matter.decision, matter.decided_by) == ("resuelto", "instrucciones", alcalde)
    assert not page.console_errors, page.console_errors
