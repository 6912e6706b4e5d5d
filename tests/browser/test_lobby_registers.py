"""Ley 20.730 for a concejala: the Secretaría Municipal keeps her registers. Its director records an
audience, checks and publishes it, and closes the month; Gabinete keeps the list of passive subjects."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, logout, screenshot


@pytest.mark.django_db(transaction=True)
def test_the_secretarias_keeper_records_a_councillors_audience_checks_it_and_closes_the_month(
    page, phone_page, live_server, user_factory
):
    from gabinete.models import Directorate
    from protocol.models import LobbyAudience, LobbyMonthClosing, PassiveSubjectOffice
    from tests.protocol.factories import PassiveSubjectFactory, the_mayor

    secretaria = Directorate.objects.get(slug="secretaria-municipal")
    gabinete = user_factory("gabinete", "gabinete-de-alcaldia", team="protocolo", username="protocolo.reg")
    keeper = user_factory("director", "secretaria-municipal", username="secretaria.reg")
    the_mayor()
    camila = PassiveSubjectFactory(
        name="Camila Rojas Tapia",
        office=PassiveSubjectOffice.COUNCILLOR,
        keeper=secretaria,
        period_start=date(2026, 9, 1),
    )
    PassiveSubjectFactory(
        name="Matías Araya Cortés",
        office=PassiveSubjectOffice.COUNCILLOR,
        keeper=secretaria,
        period_start=date(2026, 9, 1),
    )

    # Gabinete keeps the list of passive subjects.
    login(page, live_server, gabinete)
    page.goto(f"{live_server.url}/agenda/lobby/sujetos/")
    expect(page.get_by_role("cell", name="Camila Rojas Tapia", exact=True)).to_be_visible()
    screenshot(page, "lobby_subjects_1280")
    login(phone_page, live_server, gabinete)
    phone_page.goto(f"{live_server.url}/agenda/lobby/sujetos/")
    screenshot(phone_page, "lobby_subjects_390")

    # The Secretaría's director records the concejala's audience.
    logout(page)
    login(page, live_server, keeper)
    page.goto(f"{live_server.url}/agenda/lobby/")
    expect(page.get_by_role("heading", name="Matías Araya Cortés")).to_be_visible()
    page.get_by_role("link", name="Camila Rojas Tapia").click()
    expect(page.get_by_role("heading", name="Matías Araya Cortés")).to_have_count(0)
    page.get_by_role("link", name="Nueva audiencia").click()
    expect(page.get_by_label("Sujeto pasivo")).to_have_value(str(camila.pk))
    page.get_by_label("Fecha").fill("2026-10-14")
    page.get_by_label("Hora").fill("11:30")
    page.get_by_label("Lugar").fill("Oficina de concejales")
    page.get_by_label("Modalidad").select_option("videoconferencia")
    page.get_by_label("A nombre de quién se gestionan intereses").fill("Asociación de Feriantes del Norte")
    page.get_by_label("Materia específica tratada").fill("Horario de la feria libre de calle Bolívar")
    page.locator('[name="asis-0-name"]').fill("Jorge Ramírez")
    page.locator('[name="asis-0-represents"]').fill("Asociación de Feriantes del Norte")
    page.locator('[name="asis-0-role"]').select_option("gestor")
    screenshot(page, "lobby_audience_form_1280")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Registro guardado").wait_for()
    screenshot(page, "lobby_list_subject_1280")

    page.locator("#audiencia").get_by_role("button", name="Revisar y publicar").click()
    page.get_by_text("Registro revisado").wait_for()
    assert LobbyAudience.objects.get().is_checked

    page.get_by_role("link", name="Cierres mensuales").click()
    page.get_by_role("button", name="Cerrar mes Audiencias y reuniones octubre 2026").click()
    page.get_by_text("Mes cerrado: Audiencias y reuniones de octubre 2026").wait_for()
    expect(page.get_by_text("1 registro publicado")).to_be_visible()
    screenshot(page, "lobby_closings_1280")
    closing = LobbyMonthClosing.objects.get()
    assert (closing.subject, closing.month, closing.record_count) == (camila, date(2026, 10, 1), 1)

    phone_page.context.clear_cookies()  # signs Gabinete out on the phone (its menu is folded at 390 px)
    login(phone_page, live_server, keeper)
    phone_page.goto(f"{live_server.url}/agenda/lobby/?sujeto={camila.pk}")
    screenshot(phone_page, "lobby_list_subject_390")
    phone_page.goto(f"{live_server.url}/agenda/lobby/audiencia/nuevo/?sujeto={camila.pk}")
    screenshot(phone_page, "lobby_audience_form_390")
    phone_page.goto(f"{live_server.url}/agenda/lobby/sujetos/{camila.pk}/cierres/")
    screenshot(phone_page, "lobby_closings_390")
