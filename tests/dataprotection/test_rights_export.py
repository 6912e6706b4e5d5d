"""The copy of a person's data (Ley 21.719 access and portability, issue 20 point 6): found by whole name,
e-mail or RUT across every app that declares where a person is, in one ZIP with one JSON and one CSV
per processing; only Gabinete and Asesoría Jurídica download it, and every download is logged."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from gabinete.dataprotection import selectors, services
from gabinete.dataprotection.models import DataSubjectRequest
from gabinete.models import Activity

pytestmark = pytest.mark.django_db

DATA = {
    "kind": "portabilidad",
    "requester_name": "Camila Rojas Pérez",
    "email": "camila@example.invalid",
    "description": "Mis datos, por favor.",
}


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="datos-personales-DP-')
    return zipfile.ZipFile(io.BytesIO(response.content))


def _apps_of(archive: zipfile.ZipFile) -> set[str]:
    document = json.loads(archive.read("datos.json"))
    return {t["registro"].split(".")[0] for t in document["tratamientos"]}


def test_the_export_of_demo_people_gathers_their_records_from_several_apps(client, directorates):
    call_command("seed_demo", "--i-know-this-is-not-production", verbosity=0)
    client.force_login(get_user_model().objects.get(username="juridica"))
    exported_by_the_demo = Activity.objects.filter(verb="datasubjectrequest.exported").count()

    # Camila Rojas asked for information under Ley 20.285 and now for access to her data.
    camila = DataSubjectRequest.objects.get(requester_name="Camila Rojas Pérez")
    archive = _zip(client.get(reverse("dataprotection:request-export", args=[camila.pk])))
    assert _apps_of(archive) == {"transparency", "dataprotection"}
    names = set(archive.namelist())
    assert names == {"datos.json", "transparency.AccessRequest.csv", "dataprotection.DataSubjectRequest.csv"}
    document = json.loads(archive.read("datos.json"))
    assert document["solicitud"] == camila.number
    access = next(t for t in document["tratamientos"] if t["registro"] == "transparency.AccessRequest")
    assert access["base_legal"] == "Ley 20.285, artículos 12 a 17"
    assert access["registros"] and {r["requester_name"] for r in access["registros"]} == {"Camila Rojas Pérez"}
    # Only the declared fields: never what was asked nor other people's data.
    assert set(access["registros"][0]) == {"id", "requester_name", "email", "postal_address"}
    rows = list(csv.reader(io.StringIO(archive.read("transparency.AccessRequest.csv").decode("utf-8-sig"))))
    assert rows[0] == ["id", "requester_name", "email", "postal_address"]
    assert len(rows) - 1 == len(access["registros"])

    # Rosa Cortés sent citizen reports to the press archive and asked to be erased.
    rosa = DataSubjectRequest.objects.get(requester_name="Rosa Cortés")
    archive = _zip(client.get(reverse("dataprotection:request-export", args=[rosa.pk])))
    assert _apps_of(archive) == {"archive", "dataprotection"}

    # Marcela Gómez asked the Alcalde for a lobby audience.
    marcela = DataSubjectRequest.objects.get(requester_name="Marcela Gómez Vidal")
    assert _apps_of(_zip(client.get(reverse("dataprotection:request-export", args=[marcela.pk])))) == {
        "protocol",
        "dataprotection",
    }

    # Each download is in the activity log, and in the log of personal data taken out (point 8).
    assert Activity.objects.filter(verb="datasubjectrequest.exported").count() == exported_by_the_demo + 3
    assert Activity.objects.filter(verb="personal_data.downloaded", object_id=str(camila.pk)).exists()


def test_a_staff_member_is_found_in_the_accounts_and_the_apps(user_factory):
    enlace = user_factory(
        "enlace", "aseo", first_name="Camila", last_name="Araya", email="camila.araya@example.invalid"
    )
    found = selectors.person_records(selectors.PersonQuery(name="Camila Araya"))
    assert [f.label for f in found] == ["auth.User"]
    assert found[0].rows[0]["email"] == enlace.email
    by_email = selectors.person_records(selectors.PersonQuery(email="CAMILA.ARAYA@example.invalid"))
    assert [f.label for f in by_email] == ["auth.User"]


def test_names_are_compared_whole_so_a_shared_surname_brings_nobody_else():
    services.rights_request_submit(data=DATA, channel="web", by=None)
    services.rights_request_submit(
        data={**DATA, "requester_name": "Pedro Rojas Pérez", "email": "pedro@example.invalid"}, channel="web", by=None
    )
    found = selectors.person_records(selectors.PersonQuery(name="  camila   rojas pérez "))
    assert [[r["requester_name"] for r in f.rows] for f in found] == [["Camila Rojas Pérez"]]
    assert selectors.person_records(selectors.PersonQuery(name="Rojas")) == []


def test_a_rut_is_found_whatever_its_format():
    services.rights_request_submit(data={**DATA, "requester_rut": "12.345.678-5"}, channel="web", by=None)
    for typed in ("12345678-5", "12.345.678-5", "123456785"):
        found = selectors.person_records(selectors.PersonQuery(rut=typed))
        assert [f.label for f in found] == ["dataprotection.DataSubjectRequest"], typed
    assert selectors.person_records(selectors.PersonQuery(rut="12.345.678-9")) == []  # not a valid RUT


def test_a_formula_typed_by_the_person_is_not_run_by_a_spreadsheet(legal_user):
    saved = services.rights_request_submit(
        data={**DATA, "description": '=HYPERLINK("http://x.example","ver")'}, channel="web", by=None
    )
    export = services.rights_request_export(request=saved, by=legal_user)
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    text = archive.read("dataprotection.DataSubjectRequest.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert json.loads(archive.read("datos.json"))["tratamientos"][0]["registros"][0]["description"].startswith("=")


def test_only_gabinete_and_legal_download_the_copy(client, user_factory, legal_user):
    saved = services.rights_request_submit(data=DATA, channel="web", by=None)
    url = reverse("dataprotection:request-export", args=[saved.pk])
    for role, slug in (
        ("enlace", "aseo"),
        ("alcalde", "gabinete-de-alcaldia"),
        ("administrador", "administracion-municipal"),
    ):
        client.force_login(user_factory(role, slug))
        assert client.get(url).status_code == 403, role
    client.force_login(legal_user)
    assert client.get(url).status_code == 200


@pytest.fixture
def legal_user(user_factory):
    return user_factory("juridica", "asesoria-juridica", username="abogada")
