"""Privacy notices (Ley 21.719, issue 20 point 7): every public form that collects personal data shows
who is responsible, for what, on what legal basis, for how long and how to exercise rights — a text
kept as editable data, linked to its processing in the inventory and to the rights form."""

import pytest
from django.urls import reverse

from gabinete.dataprotection.models import PrivacyNotice

pytestmark = pytest.mark.django_db

#: Every public form that collects personal data, and the notice it shows.
PUBLIC_FORMS = {
    "lobby_public:request": ("solicitud-audiencia", "protocolaudiencerequest"),
    "transparency_public:access-form": ("solicitud-acceso", "transparencyaccessrequest"),
    "dataprotection_public:rights": ("derechos-datos", "dataprotectiondatasubjectrequest"),
}


@pytest.mark.parametrize("url_name", PUBLIC_FORMS)
def test_every_public_form_shows_its_notice_linked_to_the_inventory_and_the_rights_form(client, url_name):
    key, anchor = PUBLIC_FORMS[url_name]
    notice = PrivacyNotice.objects.get(key=key)
    page = client.get(reverse(url_name)).content.decode()
    assert 'id="aviso-privacidad"' in page
    for text in ("Responsable", "Finalidad", "Base legal", "Conservación", "Sus derechos"):
        assert text in page
    assert notice.legal_basis.split(" (")[0] in page
    assert f'href="{reverse("gabinete:privacy-inventory")}#{anchor}"' in page
    assert f'href="{reverse("dataprotection_public:rights")}"' in page
    # The anchor is a row of the inventory page.
    inventory = client.get(reverse("gabinete:privacy-inventory")).content.decode()
    assert f'id="{anchor}"' in inventory


def test_the_notice_text_is_editable_data(client):
    PrivacyNotice.objects.filter(key="solicitud-acceso").update(retention="Texto revisado por Jurídica.")
    assert "Texto revisado por Jurídica." in client.get(reverse("transparency_public:access-form")).content.decode()
    PrivacyNotice.objects.filter(key="solicitud-acceso").update(is_active=False)
    assert 'id="aviso-privacidad"' not in client.get(reverse("transparency_public:access-form")).content.decode()


def test_the_seeded_notices_name_the_controller_and_wait_for_legal():
    for notice in PrivacyNotice.objects.all():
        assert "Municipalidad de Antofagasta" in notice.controller
        assert "Agencia de Protección de Datos Personales" in notice.rights
        assert not notice.confirmed


def test_the_admin_edits_a_notice(client, superuser):
    client.force_login(superuser)
    notice = PrivacyNotice.objects.get(key="derechos-datos")
    assert client.get(reverse("admin:dataprotection_privacynotice_change", args=[notice.pk])).status_code == 200
