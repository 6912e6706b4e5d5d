"""Who took personal data out of the intranet is logged, and only the superuser reads it (issue 20 point 8).

Ley 21.719 asks for security measures over personal data: each export of the media contacts (CSV,
vCard), each file of a resident's support request or of an access request, and each data subject's
ZIP leaves an entry (who, what, how many records, when) on «Accesos a datos personales»."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communications import services as communications_services
from gabinete import activity, privacy
from gabinete.models import Activity
from tests.communications.factories import JournalistFactory, OutletFactory, SupportRequestFactory
from tests.office.factories import pdf_upload

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ACCESS_PAGE = "gabinete:personal-data-access"


def _taken():
    return list(Activity.objects.personal_data_taken().order_by("pk"))


@pytest.fixture
def contacts(db):
    radio = OutletFactory(name="Radio Canal Norte", kind="radio")
    JournalistFactory(first_name="Fernanda", last_name="Tapia", outlet=radio, email="f@radio.example")
    JournalistFactory(first_name="Tomás", last_name="Gallardo", outlet=radio, email="t@radio.example")


@pytest.mark.parametrize(("name", "what"), [("contacts-csv", "CSV"), ("contacts-vcard", "vCard")])
def test_an_export_of_the_media_contacts_is_logged_with_who_and_how_many(client, gabinete_user, contacts, name, what):
    client.force_login(gabinete_user)
    assert client.get(reverse(f"communications:{name}")).status_code == 200
    (entry,) = _taken()
    assert entry.actor == gabinete_user and entry.app == "communications"
    assert entry.changes == {"what": f"Contactos de prensa ({what})", "rows": 2}


def test_a_file_of_a_residents_request_is_logged_against_the_request(client, user_factory, directorates):
    liaison = user_factory("enlace", "aseo", username="enlace.aseo")
    support = SupportRequestFactory(directorate=directorates["aseo"], requested_by=liaison, title="Cobertura feria")
    attachment = communications_services.support_attachment_add(request=support, by=liaison, file=pdf_upload())
    client.force_login(liaison)
    assert client.get(reverse("communications:support-attachment", args=[attachment.pk])).status_code == 200
    (entry,) = _taken()
    assert entry.actor == liaison and entry.target == support
    assert entry.changes["what"] == "Archivo «informe.pdf» de la solicitud"


def test_a_document_of_an_access_request_is_logged_against_the_request(client, user_factory, directorates):
    from transparency import access_requests as access

    gabinete = user_factory("gabinete", "gabinete-de-alcaldia", username="staff.gabinete")
    data = {
        "requester_name": "Camila Rojas",
        "email": "camila@example.invalid",
        "information": "Decretos de pago de octubre.",
        "preferred_format": "pdf",
        "delivery": "correo",
    }
    request = access.access_request_admit(
        request=access.access_request_submit(data=data, channel="web", by=None),
        by=gabinete,
        directorate=directorates["aseo"],
    )
    pdf = SimpleUploadedFile("decretos.pdf", PDF_BYTES, content_type="application/pdf")
    liaison = user_factory("enlace", "aseo", username="enlace.aseo")
    document = access.access_request_add_document(request=request, by=liaison, title="Decretos", file=pdf)
    client.force_login(gabinete)
    url = reverse("transparency:access-document", kwargs={"pk": request.pk, "document": document.pk})
    assert client.get(url).status_code == 200
    (entry,) = _taken()
    assert entry.target == request and entry.changes["what"] == "Documento «Decretos» de la solicitud"


def test_only_the_superuser_reads_who_took_personal_data(client, gabinete_user, superuser, contacts):
    client.force_login(gabinete_user)
    client.get(reverse("communications:contacts-csv"))
    assert client.get(reverse(ACCESS_PAGE)).status_code == 403
    client.force_login(superuser)
    page = client.get(reverse(ACCESS_PAGE))
    assert page.status_code == 200
    assert "Contactos de prensa (CSV)" in page.text
    assert (gabinete_user.get_full_name() or gabinete_user.get_username()) in page.text


def test_the_downloads_stay_out_of_quien_hizo_que_and_of_the_records_timelines(
    client, gabinete_user, superuser, directorates
):
    support = SupportRequestFactory(directorate=directorates["aseo"], title="Cobertura feria")
    privacy.record_download(by=gabinete_user, what="Archivo de prueba", target=support)
    assert _taken()
    client.force_login(superuser)
    assert "Archivo de prueba" not in client.get(reverse("gabinete:activity")).text
    assert "Descargó datos personales" not in client.get(reverse("gabinete:activity")).text
    assert activity.activity_for(support) == []
    assert "Archivo de prueba" in client.get(reverse(ACCESS_PAGE)).text


def test_the_access_page_filters_by_person(client, gabinete_user, superuser, user_factory):
    other = user_factory("gabinete", "gabinete-de-alcaldia", username="otra.persona")
    privacy.record_download(by=gabinete_user, what="Exportación A", rows=3)
    privacy.record_download(by=other, what="Exportación B", rows=4, app="gabinete")
    client.force_login(superuser)
    page = client.get(reverse(ACCESS_PAGE), {"persona": other.pk}).text
    assert "Exportación B" in page and "Exportación A" not in page
