"""Issue 17, points 7–9: the national block and the Gobernador/a Regional in the order of precedence,
host and presiding authority as separate roles, and the warning for an authority without a category."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gabinete.models import Activity
from protocol import precedence as prec_rules
from protocol import services
from protocol.models import Attendee, PrecedenceCategory, PrecedenceScope

from .factories import AttendeeFactory, EventFactory

pytestmark = pytest.mark.django_db

GOBERNADOR = "Gobernador/a Regional"
MINISTROS = "Ministros de Estado (según el orden legal de los ministerios)"
OFICIALES_SUPERIORES = "Oficiales Superiores de las FF.AA. y de Orden y Seguridad Pública"


def _ordered(event) -> list[str]:
    return [a.name for a in prec_rules.order_of_precedence(list(event.attendees.select_related("category")))]


def _speeches(event) -> list[tuple[str, str]]:
    ordered = prec_rules.order_of_precedence(list(event.attendees.select_related("category")))
    return [(s.attendee.name, s.label) for s in prec_rules.speaking_order(ordered)]


# --- 7. the national block, the Gobernador/a Regional, "ubicación por confirmar" -----------------------


def test_seed_scope_values_are_those_of_the_model():
    assert {prec_rules.N, prec_rules.R} == set(PrecedenceScope.values)


def test_the_national_block_comes_before_the_regional_list(precedence_by_name):
    table = list(PrecedenceCategory.objects.all())
    national = [c for c in table if c.scope == PrecedenceScope.NATIONAL]
    assert table[: len(national)] == national
    assert table[0].name == "Presidente/a de la República"
    assert [c.name for c in national][:5] == [
        "Presidente/a de la República",
        "Presidente/a del Senado",
        "Presidente/a de la Corte Suprema",
        "Presidente/a de la Cámara de Diputadas y Diputados",
        MINISTROS,
    ]
    # Its exact order is to be confirmed with Gabinete (LEGAL.md): every national row says so.
    assert not any(c.placement_confirmed for c in national)


def test_the_gobernador_regional_follows_the_delegado_and_waits_for_gabinete(precedence):
    assert precedence[1].name == "Delegado/a Presidencial Regional"
    assert precedence[2].name == GOBERNADOR and not precedence[2].placement_confirmed
    assert precedence[11].name == "Alcalde"
    assert precedence[12].name == OFICIALES_SUPERIORES and not precedence[12].placement_confirmed
    assert precedence[13].name == "Ministros y Fiscal de la Corte de Apelaciones"
    assert all(c.placement_confirmed for c in precedence.values() if c.name not in (GOBERNADOR, OFICIALES_SUPERIORES))


def test_a_visiting_minister_and_the_gobernadora_sort_above_the_local_police_judges(precedence_by_name):
    event = EventFactory()
    for name, category in [
        ("Juez de Policía Local", "Jueces de policía local"),
        ("Alcalde", "Alcalde"),
        ("Gobernadora Regional", GOBERNADOR),
        ("Delegada Presidencial Regional", "Delegado/a Presidencial Regional"),
        ("Senadora de la circunscripción", "Senadores de la circunscripción"),
        ("Ministra de Obras Públicas", MINISTROS),
        ("Vecina invitada", None),
    ]:
        AttendeeFactory(event=event, name=name, category=precedence_by_name.get(category))
    assert _ordered(event) == [
        "Ministra de Obras Públicas",
        "Delegada Presidencial Regional",
        "Gobernadora Regional",
        "Senadora de la circunscripción",
        "Alcalde",
        "Juez de Policía Local",
        "Vecina invitada",
    ]


def _old_seed() -> None:
    """The table as migration 0002 left it: 21 regional rows (the Alcalde 10th)."""
    seed = importlib.import_module("protocol.migrations.0002_seed_precedence")
    PrecedenceCategory.objects.all().delete()
    PrecedenceCategory.objects.bulk_create(
        [PrecedenceCategory(order=o, name=n, note=note, by_seniority=s) for o, n, note, s in seed.PRECEDENCE]
    )


def test_the_migration_adds_the_new_rows_once_and_leaves_attendees_on_their_rows():
    migration = importlib.import_module("protocol.migrations.0008_precedence_national_block")
    _old_seed()
    alcalde = PrecedenceCategory.objects.get(name="Alcalde")
    judges = PrecedenceCategory.objects.get(name="Jueces de policía local")
    mayor = AttendeeFactory(name="Alcalde", category=alcalde)
    judge = AttendeeFactory(name="Juez", category=judges)

    migration.add_rows(apps, None)
    migration.add_rows(apps, None)  # run twice (or on a table that already had them): no duplicates

    table = [
        (c.scope, c.order, c.name, c.note, c.by_seniority, c.placement_confirmed)
        for c in PrecedenceCategory.objects.all()
    ]
    assert table == [tuple(row) for row in prec_rules.PRECEDENCE]  # the seed and the migration agree
    mayor.refresh_from_db()
    judge.refresh_from_db()
    assert mayor.category_id == alcalde.pk and judge.category_id == judges.pk
    assert mayor.category.order == 11 and judge.category.order == 22


def test_the_migration_places_the_gobernador_after_the_delegado_where_gabinete_left_it():
    migration = importlib.import_module("protocol.migrations.0008_precedence_national_block")
    _old_seed()
    # Gabinete had moved the Delegado/a to the third place and already added its own Ministers' row.
    PrecedenceCategory.objects.filter(order__in=[2, 3]).update(order=1)
    PrecedenceCategory.objects.filter(name="Delegado/a Presidencial Regional").update(order=3)
    PrecedenceCategory.objects.create(order=30, name="ministros de estado (según el orden legal de los ministerios)")

    migration.add_rows(apps, None)

    regional = list(PrecedenceCategory.objects.filter(scope=PrecedenceScope.REGIONAL).values_list("order", "name"))
    assert (3, "Delegado/a Presidencial Regional") in regional and (4, GOBERNADOR) in regional
    assert PrecedenceCategory.objects.filter(name__iexact=MINISTROS).count() == 1


def test_gabinete_confirms_a_placement_and_the_log_says_who(precedence, protocol_user):
    governor = precedence[2]
    services.precedence_confirm_placement(category=governor, by=protocol_user)
    governor.refresh_from_db()
    assert governor.placement_confirmed
    assert governor.history.latest().history_user == protocol_user
    entry = Activity.objects.get(verb=services.PRECEDENCE_CONFIRMED.code)
    assert entry.actor == protocol_user and GOBERNADOR in str(entry.changes)


def test_only_gabinete_confirms_a_placement(precedence, aseo_director):
    with pytest.raises(PermissionDenied):
        services.precedence_confirm_placement(category=precedence[2], by=aseo_director)
    assert not PrecedenceCategory.objects.get(pk=precedence[2].pk).placement_confirmed


def test_the_precedence_page_marks_unconfirmed_rows_until_gabinete_confirms_them(client, protocol_user, precedence):
    client.force_login(protocol_user)
    page = client.get(reverse("protocol:precedence")).text
    pending = PrecedenceCategory.objects.filter(placement_confirmed=False).count()
    assert pending == 11  # the nine national rows, the Gobernador/a and the Oficiales Superiores
    badge = 'text-bg-warning">ubicación por confirmar<'
    assert page.count(badge) == pending
    assert "11 categorías tienen la <strong>ubicación por confirmar</strong>" in page
    assert page.index("Autoridades nacionales") < page.index("Autoridades regionales y provinciales")

    response = client.post(reverse("protocol:precedence-confirm", args=[precedence[2].pk]), follow=True)
    assert "Ubicación de «Gobernador/a Regional» confirmada." in response.text
    assert response.text.count(badge) == pending - 1
    assert PrecedenceCategory.objects.get(pk=precedence[2].pk).placement_confirmed


def test_the_event_page_says_when_an_attendees_category_waits_for_confirmation(client, protocol_user, precedence):
    event = EventFactory()
    AttendeeFactory(event=event, name="Gobernadora Regional", category=precedence[2])
    client.force_login(protocol_user)
    assert "ubicación por confirmar" in client.get(reverse("protocol:event-detail", args=[event.pk])).text


# --- 8. host, presiding authority, guest of honour ----------------------------------------------------


def test_at_a_municipal_act_the_mayor_hosts_presides_opens_and_sits_at_the_centre(precedence):
    event = EventFactory()
    AttendeeFactory(event=event, name="Alcalde", category=precedence[11], is_host=True, is_presiding=True)
    AttendeeFactory(event=event, name="Concejala", category=precedence[14])
    AttendeeFactory(event=event, name="Seremi", category=precedence[19])
    AttendeeFactory(event=event, name="Delegada", category=precedence[1])
    assert _speeches(event) == [
        ("Alcalde", "Abre: saludo del dueño de casa"),
        ("Seremi", ""),
        ("Concejala", ""),
        ("Delegada", "Cierra: autoridad de mayor precedencia presente"),
    ]
    ordered = prec_rules.order_of_precedence(list(event.attendees.select_related("category")))
    assert prec_rules.seating(ordered)[0].attendee.name == "Alcalde"


def test_when_the_host_does_not_preside_each_keeps_their_own_role(precedence):
    # The rector hosts at the university; the Delegada presides; the Alcalde attends.
    event = EventFactory()
    AttendeeFactory(event=event, name="Rector", category=precedence[16], is_host=True)
    AttendeeFactory(event=event, name="Alcalde", category=precedence[11])
    AttendeeFactory(event=event, name="Delegada", category=precedence[1], is_presiding=True)
    assert _speeches(event) == [
        ("Rector", "Abre: saludo del dueño de casa"),
        ("Alcalde", ""),
        ("Delegada", "Cierra: autoridad de mayor precedencia presente"),
    ]
    ordered = prec_rules.order_of_precedence(list(event.attendees.select_related("category")))
    assert [(s.label, s.attendee.name) for s in prec_rules.seating(ordered)] == [
        ("Centro", "Delegada"),
        ("Derecha 1", "Alcalde"),
        ("Izquierda 1", "Rector"),
    ]


def test_a_guest_of_honour_speaks_last_even_below_a_higher_authority(precedence):
    event = EventFactory()
    AttendeeFactory(event=event, name="Alcalde", category=precedence[11], is_host=True, is_presiding=True)
    AttendeeFactory(event=event, name="Delegada", category=precedence[1])
    AttendeeFactory(event=event, name="Premio Nacional", is_guest_of_honour=True)
    AttendeeFactory(event=event, name="Concejal", category=precedence[14])
    assert _speeches(event) == [
        ("Alcalde", "Abre: saludo del dueño de casa"),
        ("Concejal", ""),
        ("Delegada", ""),
        ("Premio Nacional", "Cierra: invitado/a de honor"),
    ]


def test_without_a_host_nobody_is_labelled_as_opening(precedence):
    event = EventFactory()
    AttendeeFactory(event=event, name="Alcalde", category=precedence[11])
    AttendeeFactory(event=event, name="Concejal", category=precedence[14])
    assert _speeches(event) == [("Concejal", ""), ("Alcalde", "Cierra: autoridad de mayor precedencia presente")]


def test_an_event_has_one_host_one_guest_of_honour_and_one_presiding_authority(precedence, protocol_user):
    event = EventFactory()
    AttendeeFactory(event=event, name="Alcalde", is_host=True, is_presiding=True, is_guest_of_honour=True)
    with pytest.raises(ValidationError) as refused:
        services.attendee_add(
            event=event,
            by=protocol_user,
            data={"name": "Rector", "is_host": True, "is_presiding": True, "is_guest_of_honour": True},
        )
    assert refused.value.message_dict == {
        "is_host": ["Esta actividad ya tiene dueño/a de casa: Alcalde."],
        "is_guest_of_honour": ["Esta actividad ya tiene invitado/a de honor: Alcalde."],
        "is_presiding": ["En esta actividad ya preside Alcalde."],
    }
    assert event.attendees.count() == 1


def test_a_second_host_is_refused_in_the_form_and_nothing_typed_is_lost(client, protocol_user, precedence):
    event = EventFactory()
    AttendeeFactory(event=event, name="Alcalde", is_host=True)
    client.force_login(protocol_user)
    response = client.post(
        reverse("protocol:attendee-add", args=[event.pk]),
        {"att-name": "Rectora Rivas", "att-office": "Rectora", "att-is_host": "on"},
        headers={"HX-Request": "true"},
    )
    assert "No se agregó el asistente." in response.text
    assert "Esta actividad ya tiene dueño/a de casa: Alcalde." in response.text
    assert 'value="Rectora Rivas"' in response.text
    assert event.attendees.count() == 1


def test_the_protocol_sheet_labels_who_opens_and_who_closes(client, protocol_user, precedence):
    event = EventFactory()
    AttendeeFactory(event=event, name="Jonathan Alcalde", category=precedence[11], is_host=True, is_presiding=True)
    AttendeeFactory(event=event, name="Karen Delegada", category=precedence[1])
    AttendeeFactory(event=event, name="Luis Rector", category=precedence[16])
    client.force_login(protocol_user)
    page = client.get(reverse("protocol:event-print", args=[event.pk])).text
    speaking = page[page.index("Orden de intervención</h2>") : page.index("Ubicación en testera</h2>")]
    assert speaking.index("Abre: saludo del dueño de casa") < speaking.index("Jonathan Alcalde")
    assert speaking.index("Jonathan Alcalde") < speaking.index("Luis Rector") < speaking.index("Karen Delegada")
    assert "Cierra: autoridad de mayor precedencia presente:</strong> Karen Delegada" in speaking


# --- 9. an office that looks like an authority's, without a category -----------------------------------


@pytest.mark.parametrize(
    "office",
    ["Ministra de Obras Públicas", "SEREMI de Salud", "Cónsul de Bolivia", "cónsul", "GOBERNADORA REGIONAL", "Jueza"],
)
def test_offices_that_look_like_an_authority(office):
    assert prec_rules.looks_like_authority(office)


@pytest.mark.parametrize("office", ["", "Vecina", "Directora de Obras", "Periodista", "Consultora"])
def test_offices_that_do_not(office):
    assert not prec_rules.looks_like_authority(office)


def test_an_authority_without_a_category_is_saved_with_a_warning(client, protocol_user, precedence):
    event = EventFactory()
    client.force_login(protocol_user)
    response = client.post(
        reverse("protocol:attendee-add", args=[event.pk]),
        {"att-name": "Marta Ibáñez", "att-office": "Subsecretaria de Desarrollo Regional"},
        follow=True,
    )
    assert Attendee.objects.get(event=event).name == "Marta Ibáñez"  # a warning, not a refusal
    assert (
        "¿Falta la categoría de precedencia? Marta Ibáñez (Subsecretaria de Desarrollo Regional) "
        "quedó como invitado/a" in response.text
    )


def test_the_warning_also_comes_with_htmx(client, protocol_user, precedence):
    event = EventFactory()
    client.force_login(protocol_user)
    response = client.post(
        reverse("protocol:attendee-add", args=[event.pk]),
        {"att-name": "Pedro Soto", "att-office": "Concejal"},
        headers={"HX-Request": "true"},
    )
    assert "Asistente agregado. ¿Falta la categoría de precedencia? Pedro Soto (Concejal)" in response.text
    assert "text-warning-emphasis" in response.text


def test_no_warning_with_a_category_or_for_a_guest(client, protocol_user, precedence):
    event = EventFactory()
    client.force_login(protocol_user)
    url = reverse("protocol:attendee-add", args=[event.pk])
    with_category = client.post(
        url, {"att-name": "Pedro Soto", "att-office": "Concejal", "att-category": precedence[14].pk}, follow=True
    )
    guest = client.post(url, {"att-name": "Ana Pérez", "att-office": "Vecina"}, follow=True)
    assert "Falta la categoría" not in with_category.text and "Falta la categoría" not in guest.text
    assert event.attendees.count() == 2
