"""Ley 21.719 journey: a resident who asked the Alcalde for a lobby audience reads the privacy notice on
the rights form, makes a typing mistake in her RUT, corrects it and asks for a copy of her data from a
phone; Asesoría Jurídica finds her records in the lobby requests and the rights requests, downloads the
ZIP in one click and answers."""

import io
import json
import zipfile
from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, screenshot, set_width
from tests.conftest import SANTIAGO


def _both_widths(page, name: str) -> None:
    for width in (1280, 390):
        set_width(page, width)
        screenshot(page, f"{name}_{width}")
    set_width(page, 1280)


@pytest.mark.django_db(transaction=True)
def test_a_resident_asks_for_her_data_and_legal_downloads_it_in_one_click(
    page, phone_page, live_server, user_factory, clock
):
    from gabinete.dataprotection.demo import ensure_defaults
    from protocol import audience_requests
    from protocol.models import AudienceRequestChannel
    from tests.protocol.factories import the_mayor

    # A transactional test before this one may have flushed the notices the data migration seeds.
    ensure_defaults()
    clock.move_to(datetime(2026, 12, 2, 10, 0, tzinfo=SANTIAGO))
    juridica = user_factory("juridica", "asesoria-juridica", username="juridica")
    subject = the_mayor()
    audience_requests.audience_request_submit(
        data={
            "subject": subject,
            "requester_name": "Marcela Gómez Vidal",
            "email": "marcela@example.invalid",
            "on_behalf_of": "Junta de Vecinos Población Bonilla",
            "is_paid": False,
            "matter": "Luminarias de la plaza.",
            "modality": "presencial",
            "proposed_start": datetime(2026, 12, 14, 10, 0, tzinfo=SANTIAGO),
        },
        channel=AudienceRequestChannel.WEB,
        by=None,
    )

    # The resident, on a phone: the notice first, then the form.
    phone_page.goto(f"{live_server.url}/datos-personales/derechos/")
    notice = phone_page.locator("#aviso-privacidad")
    expect(notice).to_contain_text("Municipalidad de Antofagasta")
    expect(notice).to_contain_text("Ley N° 21.719")
    expect(notice.get_by_role("link", name="Qué datos trata la municipalidad")).to_have_attribute(
        "href", "/datos-personales/#dataprotectiondatasubjectrequest"
    )
    phone_page.get_by_label("Portabilidad: recibir mis datos").check()
    phone_page.get_by_label("Nombre y apellidos").fill("Marcela Gómez Vidal")
    phone_page.get_by_label("RUT (opcional)").fill("12.345.678-9")
    phone_page.get_by_label("Correo electrónico", exact=True).fill("marcela@example.invalid")
    phone_page.get_by_label("¿Qué solicita?").fill("Una copia de mis datos de la solicitud de audiencia.")
    phone_page.get_by_role("button", name="Enviar solicitud").click()
    expect(phone_page.get_by_text("El RUT no es válido")).to_be_visible()
    expect(phone_page.get_by_label("Nombre y apellidos")).to_have_value("Marcela Gómez Vidal")
    screenshot(phone_page, "rights_public_form_error_390")
    phone_page.get_by_label("RUT (opcional)").fill("12.345.678-5")
    phone_page.get_by_role("button", name="Enviar solicitud").click()
    expect(phone_page.get_by_role("heading", name="Solicitud recibida")).to_be_visible()
    expect(phone_page.locator("#rights-number")).to_have_text("DP-2026-0001")
    expect(phone_page.get_by_text("a más tardar el 04-01-2027")).to_be_visible()
    screenshot(phone_page, "rights_public_received_390")

    # The form at both widths, for the record.
    page.goto(f"{live_server.url}/datos-personales/derechos/")
    _both_widths(page, "rights_public_form")

    # Asesoría Jurídica: the request, what was found, the ZIP.
    login(page, live_server, juridica)
    page.goto(f"{live_server.url}/proteccion-de-datos/")
    page.get_by_role("link", name="DP-2026-0001").click()
    expect(page.locator("#due-date")).to_have_text("04-01-2027")
    found = page.locator("#found-records")
    expect(found).to_contain_text("Solicitudes de audiencia")
    expect(found).to_contain_text("Solicitudes de derechos sobre datos personales")
    _both_widths(page, "rights_staff_detail")
    with page.expect_download() as download_info:
        page.locator("#export-zip").click()
    download = download_info.value
    assert download.suggested_filename == "datos-personales-DP-2026-0001.zip"
    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    document = json.loads(archive.read("datos.json"))
    assert {t["registro"] for t in document["tratamientos"]} == {
        "protocol.AudienceRequest",
        "dataprotection.DataSubjectRequest",
    }
    assert "protocol.AudienceRequest.csv" in archive.namelist()

    page.get_by_label("Acogida", exact=True).check()
    page.get_by_label("Respuesta al titular").fill("Le enviamos la copia de sus datos en el archivo adjunto.")
    page.get_by_role("button", name="Enviar respuesta").click()
    expect(page.get_by_text("Solicitud respondida; la respuesta se envió al titular.")).to_be_visible()
    _both_widths(page, "rights_staff_answered")
