import csv
import io

import pytest
from django.urls import reverse

from communications.models import Journalist, Outlet
from tests.communications.factories import JournalistFactory, OutletFactory


@pytest.fixture
def contacts(db):
    radio = OutletFactory(name="Radio Canal Norte", kind="radio")
    tv = OutletFactory(name="Antofagasta TV", kind="tv")
    JournalistFactory(
        first_name="Fernanda",
        last_name="Tapia",
        outlet=radio,
        beat="Matinal",
        email="f@radio.example",
        phone="+56 9 1111 2222",
    )
    JournalistFactory(first_name="Tomás", last_name="Gallardo; Núñez", outlet=tv, beat="Ciudad", email="t@tv.example")
    JournalistFactory(first_name="=cmd|' /C calc'!A0", last_name="Inyección", outlet=tv)
    return radio, tv


def test_contacts_need_gabinete(client, liaison, gabinete_user, contacts):
    url = reverse("communications:contact-list")
    assert client.get(url).status_code == 302
    client.force_login(liaison)
    assert client.get(url).status_code == 403
    assert client.get(reverse("communications:contacts-csv")).status_code == 403
    client.force_login(gabinete_user)
    assert client.get(url).status_code == 200


def test_search_by_name_outlet_and_kind(client, gabinete_user, contacts):
    client.force_login(gabinete_user)
    html = client.get(reverse("communications:contact-list"), {"q": "matinal"}).text
    assert "f@radio.example" in html and "t@tv.example" not in html
    html = client.get(reverse("communications:contact-list"), {"q": "antofagasta tv"}).text
    assert "t@tv.example" in html and "f@radio.example" not in html
    html = client.get(reverse("communications:contact-list"), {"tipo": "radio"}).text
    assert "f@radio.example" in html and "t@tv.example" not in html


def test_csv_export_follows_the_search_and_neutralises_formulas(client, gabinete_user, contacts):
    client.force_login(gabinete_user)
    response = client.get(reverse("communications:contacts-csv"), {"tipo": "tv"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Nombre", "Apellidos", "Medio"]
    names = {r[0] for r in rows[1:]}
    assert "Tomás" in names and "Fernanda" not in names
    assert "'=cmd|' /C calc'!A0" in names


def test_vcard_export_is_valid_and_escaped(client, gabinete_user, contacts):
    client.force_login(gabinete_user)
    response = client.get(reverse("communications:contacts-vcard"))
    assert response["Content-Type"].startswith("text/vcard")
    text = response.content.decode()
    assert text.count("BEGIN:VCARD") == 3 and text.count("END:VCARD") == 3
    assert "N:Gallardo\\; Núñez;Tomás;;;" in text
    assert "EMAIL;TYPE=INTERNET:f@radio.example" in text
    assert "TEL;TYPE=WORK,VOICE:+56 9 1111 2222" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_journalist_edit_refuses_stale_copy(client, gabinete_user, contacts):
    journalist = Journalist.objects.get(first_name="Fernanda")
    client.force_login(gabinete_user)
    url = reverse("communications:journalist-edit", args=[journalist.pk])
    data = {
        "first_name": "Fernanda",
        "last_name": "Tapia",
        "outlet": journalist.outlet_id,
        "version": journalist.version,
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "first_name": "Otra"})
    assert "Otra persona modificó este registro" in response.text
    journalist.refresh_from_db()
    assert journalist.first_name == "Fernanda"


def test_outlet_create_with_kind(client, gabinete_user, db):
    client.force_login(gabinete_user)
    response = client.post(
        reverse("communications:outlet-create"),
        {"name": "Agencia Sur", "kind": "agencia", "city": "Antofagasta", "is_active": "on"},
    )
    assert response.status_code == 302
    assert Outlet.objects.get(name="Agencia Sur").get_kind_display() == "Agencia de noticias"


def test_a_contact_is_saved_by_its_service_with_the_editor_on_the_log_and_the_history(client, gabinete_user, db):
    from gabinete.models import Activity

    client.force_login(gabinete_user)
    client.post(reverse("communications:outlet-create"), {"name": "Agencia Sur", "kind": "agencia", "is_active": "on"})
    outlet = Outlet.objects.get(name="Agencia Sur")
    entry = Activity.objects.get(verb="contact.created")
    assert (entry.actor, entry.target) == (gabinete_user, outlet)
    assert outlet.history.latest().history_user == gabinete_user


def test_someone_who_may_not_edit_contacts_is_refused_by_the_service(liaison, db):
    from django.core.exceptions import PermissionDenied

    from communications import services

    with pytest.raises(PermissionDenied):
        services.media_contact_save(contact=Outlet(name="Radio Intrusa", kind="radio"), by=liaison)
    assert not Outlet.objects.filter(name="Radio Intrusa").exists()


@pytest.mark.parametrize("rows", [5, 50])
def test_contact_list_query_count_is_constant(client, gabinete_user, db, django_assert_max_num_queries, rows):
    JournalistFactory.create_batch(rows)
    client.force_login(gabinete_user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("communications:contact-list")).status_code == 200
