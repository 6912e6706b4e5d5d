"""Distribution lists (issue 16 point 5): who receives each report, kept by Gabinete in the intranet."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from gabinete import lists
from gabinete.checks import briefing_recipients_variable_is_gone
from gabinete.models import Activity, DistributionList, ExternalRecipient, ListPurpose
from tests.gabinete.factories import on_list

migration = importlib.import_module("gabinete.migrations.0011_distribution_lists")

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing():
    return lists.list_for(ListPurpose.BRIEFING)


@pytest.fixture
def press(user_factory):
    return user_factory("gabinete", "gabinete-de-alcaldia", username="prensa", first_name="Paula", last_name="Soto")


# --- the lists and who receives -------------------------------------------------------------------


def test_the_migration_made_the_three_lists_with_their_purposes():
    found = dict(DistributionList.objects.values_list("purpose", "name"))
    assert found == {
        "briefing": "Síntesis de prensa",
        "media_report": "Informe mensual de medios",
        "compliance_report": "Informe de cumplimiento al Administrador Municipal",
    }


def test_a_list_receives_its_people_and_its_outside_addresses_each_once(briefing, user_factory, press):
    alcalde = user_factory("alcalde", "gabinete-de-alcaldia", username="alcalde")
    lists.distribution_list_add_people(distribution_list=briefing, people=[alcalde], by=press)
    lists.distribution_list_add_address(distribution_list=briefing, email="Concejo@Example.invalid", by=press)
    assert lists.recipients_of(ListPurpose.BRIEFING) == ["alcalde@example.invalid", "Concejo@Example.invalid"]
    assert lists.recipients_of(ListPurpose.MEDIA_REPORT) == []


def test_an_inactive_person_stays_on_the_list_but_receives_nothing(briefing, user_factory, press):
    jefa = user_factory("gabinete", "gabinete-de-alcaldia", username="jefa")
    lists.distribution_list_add_people(distribution_list=briefing, people=[jefa], by=press)
    jefa.is_active = False
    jefa.save(update_fields=["is_active"])
    assert lists.recipients_of(ListPurpose.BRIEFING) == []
    assert briefing.members.filter(pk=jefa.pk).exists()


def test_an_inactive_person_cannot_be_added(briefing, user_factory, press):
    gone = user_factory("gabinete", "gabinete-de-alcaldia", username="gone", is_active=False)
    with pytest.raises(ValidationError, match="no tiene una cuenta activa"):
        lists.distribution_list_add_people(distribution_list=briefing, people=[gone], by=press)
    assert not briefing.members.exists()


def test_a_person_without_an_email_cannot_be_added(briefing, user_factory, press):
    nobody = user_factory("gabinete", "gabinete-de-alcaldia", username="sincorreo", email="")
    with pytest.raises(ValidationError, match="no tiene correo registrado"):
        lists.distribution_list_add_people(distribution_list=briefing, people=[nobody], by=press)


def test_an_invalid_address_is_refused_in_spanish(briefing, press):
    with pytest.raises(ValidationError) as refused:
        lists.distribution_list_add_address(distribution_list=briefing, email="alcalde@", by=press)
    assert refused.value.message_dict == {"email": ["«alcalde@» no es una dirección de correo válida."]}
    assert not ExternalRecipient.objects.exists()


def test_the_same_address_twice_is_refused_whatever_its_capitals(briefing, press):
    lists.distribution_list_add_address(distribution_list=briefing, email="prensa@example.invalid", by=press)
    with pytest.raises(ValidationError) as refused:
        lists.distribution_list_add_address(distribution_list=briefing, email=" PRENSA@example.invalid ", by=press)
    assert refused.value.message_dict == {"email": ["PRENSA@example.invalid ya está en la lista."]}
    assert briefing.external_recipients.count() == 1


def test_the_database_refuses_a_duplicate_address_too(briefing):
    ExternalRecipient.objects.create(distribution_list=briefing, email="a@example.invalid")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalRecipient.objects.create(distribution_list=briefing, email="A@example.invalid")


def test_the_same_address_may_be_on_two_lists(press):
    for purpose in (ListPurpose.BRIEFING, ListPurpose.MEDIA_REPORT):
        lists.distribution_list_add_address(
            distribution_list=lists.list_for(purpose), email="alcaldia@example.invalid", by=press
        )
    assert ExternalRecipient.objects.filter(email="alcaldia@example.invalid").count() == 2


def test_an_outside_address_of_a_person_already_on_the_list_is_refused(briefing, user_factory, press):
    alcalde = user_factory("alcalde", "gabinete-de-alcaldia", username="alcalde")
    lists.distribution_list_add_people(distribution_list=briefing, people=[alcalde], by=press)
    with pytest.raises(ValidationError, match="ya recibe como persona de la intranet"):
        lists.distribution_list_add_address(distribution_list=briefing, email="alcalde@example.invalid", by=press)


def test_every_change_of_a_list_is_in_the_activity_log(briefing, user_factory, press):
    alcalde = user_factory(
        "alcalde", "gabinete-de-alcaldia", username="alcalde", first_name="Jonathan", last_name="Velásquez"
    )
    lists.distribution_list_add_people(distribution_list=briefing, people=[alcalde], by=press)
    recipient = lists.distribution_list_add_address(
        distribution_list=briefing, email="concejo@example.invalid", name="Concejo", by=press
    )
    lists.distribution_list_remove_person(distribution_list=briefing, person=alcalde, by=press)
    lists.distribution_list_remove_address(recipient=recipient, by=press)
    lists.distribution_list_update(distribution_list=briefing, name="Síntesis matinal", description="", by=press)
    entries = list(Activity.objects.filter(object_id=str(briefing.pk)).order_by("pk"))
    assert [e.verb for e in entries] == [
        "distribution_list.member_added",
        "distribution_list.address_added",
        "distribution_list.member_removed",
        "distribution_list.address_removed",
        "distribution_list.edited",
    ]
    assert {e.actor for e in entries} == {press}
    assert entries[0].changes == {"summary": "Jonathan Velásquez <alcalde@example.invalid>"}
    assert entries[1].changes == {"summary": "Concejo <concejo@example.invalid>"}
    assert entries[4].changes["name"]["after"] == "Síntesis matinal"


def test_a_list_needs_a_name(briefing, press):
    with pytest.raises(ValidationError, match="Escriba el nombre de la lista"):
        lists.distribution_list_update(distribution_list=briefing, name="  ", description="x", by=press)
    briefing.refresh_from_db()
    assert briefing.name == "Síntesis de prensa"


# --- the old environment variable ---------------------------------------------------------------


def test_the_migration_imports_the_old_variables_valid_addresses_into_the_briefing_list_once(monkeypatch):
    DistributionList.objects.all().delete()  # as before the migration ran
    monkeypatch.setenv(
        "BRIEFING_RECIPIENTS",
        "alcalde@example.invalid, Jefa Gabinete <jefa@example.invalid>,no-es-correo, ALCALDE@example.invalid",
    )
    migration.create_lists(django_apps, None)
    assert lists.recipients_of(ListPurpose.BRIEFING) == ["alcalde@example.invalid", "jefa@example.invalid"]
    assert ExternalRecipient.objects.get(email="jefa@example.invalid").name == "Jefa Gabinete"
    assert lists.recipients_of(ListPurpose.MEDIA_REPORT) == []

    migration.create_lists(django_apps, None)  # a second run finds the lists: nothing is doubled
    assert ExternalRecipient.objects.count() == 2
    assert DistributionList.objects.count() == 3


def test_without_the_old_variable_the_briefing_list_starts_empty(monkeypatch):
    DistributionList.objects.all().delete()
    monkeypatch.delenv("BRIEFING_RECIPIENTS", raising=False)
    migration.create_lists(django_apps, None)
    assert DistributionList.objects.count() == 3
    assert not ExternalRecipient.objects.exists()


def test_the_briefing_recipients_setting_is_gone(settings):
    assert not hasattr(settings, "BRIEFING_RECIPIENTS")


def test_check_warns_while_the_old_variable_is_still_set(monkeypatch):
    monkeypatch.delenv("BRIEFING_RECIPIENTS", raising=False)
    assert briefing_recipients_variable_is_gone(None) == []
    monkeypatch.setenv("BRIEFING_RECIPIENTS", "alcalde@example.invalid")
    [warning] = briefing_recipients_variable_is_gone(None)
    assert warning.id == "gabinete.W003" and "Síntesis de prensa" in warning.msg
    call_command("check")  # a warning, not an error: the deploy goes on


# --- the pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,args",
    [
        ("gabinete:list-index", []),
        ("gabinete:list-detail", ["briefing"]),
    ],
)
def test_list_pages_need_a_login(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]


@pytest.mark.parametrize("role,slug", [("director", "aseo"), ("enlace", "aseo"), ("alcalde", "gabinete-de-alcaldia")])
def test_only_gabinete_opens_or_changes_the_lists(client, user_factory, role, slug):
    client.force_login(user_factory(role, slug))
    assert client.get(reverse("gabinete:list-index")).status_code == 403
    assert client.get(reverse("gabinete:list-detail", args=["briefing"])).status_code == 403
    response = client.post(reverse("gabinete:list-add-address", args=["briefing"]), {"email": "x@example.invalid"})
    assert response.status_code == 403
    assert not ExternalRecipient.objects.exists()


def test_a_director_does_not_see_the_link_to_the_lists(client, user_factory):
    client.force_login(user_factory("director", "aseo"))
    assert reverse("gabinete:list-index") not in client.get(reverse("gabinete:home")).text


def test_gabinete_finds_the_lists_in_its_menu_with_their_counts(client, press):
    on_list(ListPurpose.BRIEFING, "a@example.invalid", "b@example.invalid")
    client.force_login(press)
    home = client.get(reverse("gabinete:home")).text
    assert reverse("gabinete:list-index") in home and "Listas de distribución" in home
    page = client.get(reverse("gabinete:list-index")).text
    assert "Síntesis de prensa" in page and "2 destinatarios" in page
    assert "Informe de cumplimiento al Administrador Municipal" in page


def test_an_unknown_list_is_404(client, press):
    client.force_login(press)
    assert client.get(reverse("gabinete:list-detail", args=["nomina"])).status_code == 404


def test_gabinete_adds_and_removes_people_from_a_list(client, press, user_factory):
    alcalde = user_factory(
        "alcalde", "gabinete-de-alcaldia", username="alcalde", first_name="Jonathan", last_name="Velásquez"
    )
    user_factory("director", "aseo", username="gone", is_active=False)
    client.force_login(press)
    page = client.get(reverse("gabinete:list-detail", args=["briefing"])).text
    assert "Jonathan Velásquez — alcalde@example.invalid" in page
    assert "gone@example.invalid" not in page, "only active people are offered"
    response = client.post(
        reverse("gabinete:list-add-people", args=["briefing"]), {"people": [alcalde.pk]}, follow=True
    )
    assert "Se agregó a la lista: Jonathan Velásquez." in response.text
    assert lists.recipients_of(ListPurpose.BRIEFING) == ["alcalde@example.invalid"]
    response = client.post(reverse("gabinete:list-remove-person", args=["briefing", alcalde.pk]), follow=True)
    assert "Se quitó a Jonathan Velásquez de la lista." in response.text
    assert lists.recipients_of(ListPurpose.BRIEFING) == []


def test_adding_nobody_says_so(client, press):
    client.force_login(press)
    response = client.post(reverse("gabinete:list-add-people", args=["briefing"]), {})
    assert response.status_code == 400
    assert "Elija al menos una persona." in response.text


def test_an_inactive_persons_id_posted_anyway_is_an_invalid_choice(client, press, user_factory):
    gone = user_factory("director", "aseo", username="gone", is_active=False)
    client.force_login(press)
    response = client.post(reverse("gabinete:list-add-people", args=["briefing"]), {"people": [gone.pk]})
    assert response.status_code == 400
    assert "Escoja una opción válida" in response.text
    assert not lists.list_for(ListPurpose.BRIEFING).members.exists()


def test_gabinete_adds_and_removes_an_outside_address(client, press):
    client.force_login(press)
    url = reverse("gabinete:list-add-address", args=["media_report"])
    response = client.post(url, {"email": "concejo@example.invalid", "name": "Concejo Municipal"}, follow=True)
    assert "Se agregó concejo@example.invalid a la lista." in response.text
    recipient = ExternalRecipient.objects.get()
    assert recipient.added_by == press and recipient.name == "Concejo Municipal"
    response = client.post(reverse("gabinete:list-remove-address", args=["media_report", recipient.pk]), follow=True)
    assert "Se quitó concejo@example.invalid de la lista." in response.text
    assert not ExternalRecipient.objects.exists()


def test_a_bad_address_comes_back_with_the_message_and_what_was_typed(client, press):
    client.force_login(press)
    response = client.post(
        reverse("gabinete:list-add-address", args=["briefing"]), {"email": "concejo(at)example", "name": "Concejo"}
    )
    assert response.status_code == 400
    assert "«concejo(at)example» no es una dirección de correo válida." in response.text
    assert 'value="concejo(at)example"' in response.text and 'value="Concejo"' in response.text


def test_a_duplicate_address_comes_back_with_the_message(client, press):
    on_list(ListPurpose.BRIEFING, "concejo@example.invalid")
    client.force_login(press)
    response = client.post(
        reverse("gabinete:list-add-address", args=["briefing"]), {"email": "Concejo@example.invalid"}
    )
    assert response.status_code == 400
    assert "Concejo@example.invalid ya está en la lista." in response.text


def test_an_address_of_another_list_cannot_be_removed_through_this_one(client, press):
    other = on_list(ListPurpose.MEDIA_REPORT, "concejo@example.invalid").external_recipients.get()
    client.force_login(press)
    response = client.post(reverse("gabinete:list-remove-address", args=["briefing", other.pk]))
    assert response.status_code == 404
    assert ExternalRecipient.objects.filter(pk=other.pk).exists()


def test_gabinete_renames_a_list(client, press):
    client.force_login(press)
    response = client.post(
        reverse("gabinete:list-edit", args=["briefing"]),
        {"name": "Síntesis matinal", "description": "Para el Alcalde"},
        follow=True,
    )
    assert "Se guardó la lista." in response.text
    assert lists.list_for(ListPurpose.BRIEFING).name == "Síntesis matinal"


def test_the_list_page_reads_a_fixed_number_of_queries(client, press, user_factory, django_assert_max_num_queries):
    found = lists.list_for(ListPurpose.BRIEFING)
    for n in range(12):
        found.members.add(user_factory("director", "aseo", username=f"dir{n}"))
        on_list(ListPurpose.BRIEFING, f"externo{n}@example.invalid")
    client.force_login(press)
    with django_assert_max_num_queries(15):  # with the bell's unread count
        assert client.get(reverse("gabinete:list-detail", args=["briefing"])).status_code == 200
