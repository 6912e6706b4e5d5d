"""Ley 20.730 for every municipal passive subject (issue 17, points 1, 2 and 5): each one's three
registers are kept by one unit, carry the art. 8 fields, publish only when complete, are corrected
in the open with a reason and never unpublished, and close month by month."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gabinete import desk
from protocol import services
from protocol.desk import overdue_lobby_closings
from protocol.models import (
    LobbyAttendeeRole,
    LobbyAudience,
    LobbyAudienceAttendee,
    LobbyMonthClosing,
    LobbyPublishedVersion,
    LobbyRules,
    LobbyTrip,
    PassiveSubject,
    PassiveSubjectOffice,
)
from protocol.public import lobby_closings_by_month
from tests.protocol.factories import (
    AttendeeFactory,
    EventFactory,
    LobbyAudienceFactory,
    LobbyGiftFactory,
    PassiveSubjectFactory,
    the_mayor,
)

pytestmark = pytest.mark.django_db
SANTIAGO = ZoneInfo("America/Santiago")


@pytest.fixture
def councillor(directorates):
    return PassiveSubjectFactory(
        name="Camila Rojas Tapia", office=PassiveSubjectOffice.COUNCILLOR, keeper=directorates["secretaria-municipal"]
    )


@pytest.fixture
def secretary_keeper(user_factory):
    return user_factory("director", "secretaria-municipal", username="secretaria.t")


@pytest.fixture
def works_liaison(user_factory):
    return user_factory("enlace", "obras-municipales", username="enlace.obras.t")


def _with_lobbyist(audience):
    LobbyAudienceAttendee.objects.create(audience=audience, name="Rosa Díaz", role=LobbyAttendeeRole.LOBBYIST)
    return audience


# --- point 1: passive subjects as data, each kept by one unit --------------------------------------


def test_gabinete_adds_a_passive_subject_and_the_change_is_logged(protocol_user, directorates):
    from gabinete.models import Activity

    subject = PassiveSubject(
        name="Luis Campos",
        office=PassiveSubjectOffice.EVALUATION_COMMITTEE,
        tender_id="2415-12-LE26",
        period_start=date(2026, 10, 1),
        keeper=directorates["secretaria-municipal"],
    )
    services.passive_subject_save(subject=subject, by=protocol_user)
    assert subject.office_label.endswith("(licitación 2415-12-LE26)")
    assert Activity.objects.filter(verb="passive_subject.saved", actor=protocol_user).exists()


def test_a_commission_member_needs_the_tender_id_and_a_designation_its_decree(protocol_user, directorates):
    member = PassiveSubject(
        name="Luis Campos",
        office=PassiveSubjectOffice.EVALUATION_COMMITTEE,
        period_start=date(2026, 10, 1),
        keeper=directorates["secretaria-municipal"],
    )
    with pytest.raises(ValidationError) as refused:
        services.passive_subject_save(subject=member, by=protocol_user)
    assert "ID de la licitación" in str(refused.value.message_dict["tender_id"])
    member.office = PassiveSubjectOffice.DESIGNATED
    with pytest.raises(ValidationError) as refused:
        services.passive_subject_save(subject=member, by=protocol_user)
    assert "decreto" in str(refused.value.message_dict["decree"])
    assert not PassiveSubject.objects.exists()


def test_only_gabinete_keeps_the_list_of_passive_subjects(secretary_keeper, directorates, client):
    subject = PassiveSubject(
        name="X", office=PassiveSubjectOffice.COUNCILLOR, period_start=date(2026, 1, 1), keeper=directorates["aseo"]
    )
    with pytest.raises(PermissionDenied):
        services.passive_subject_save(subject=subject, by=secretary_keeper)
    client.force_login(secretary_keeper)
    assert client.get(reverse("protocol:passive-subject-list")).status_code == 403


def test_the_subjects_page_lists_them_by_office_with_period_and_keeping_unit(client, protocol_user, councillor):
    the_mayor()
    client.force_login(protocol_user)
    page = client.get(reverse("protocol:passive-subject-list")).text
    assert "Camila Rojas Tapia" in page and "Concejal/a" in page and "Secretaría Municipal" in page
    assert page.index("Alcalde/sa") < page.index("Concejal/a")
    response = client.post(
        reverse("protocol:passive-subject-create"),
        {
            "name": "Ana Comisión",
            "office": PassiveSubjectOffice.EVALUATION_COMMITTEE,
            "period_start": "2026-10-01",
            "keeper": councillor.keeper_id,
            "is_public": "on",
        },
    )
    assert response.status_code == 200 and "Indique el ID de la licitación" in response.text
    assert 'value="Ana Comisión"' in response.text


def test_a_works_liaison_does_not_record_audiences_of_the_mayor(works_liaison):
    """Un enlace de Obras no registra audiencias del Alcalde."""
    audience = LobbyAudience(
        subject=the_mayor(),
        date=date(2026, 11, 4),
        time=time(10),
        place="Despacho",
        on_behalf_of="Norte SpA",
        matter="Permiso de edificación",
    )
    with pytest.raises(PermissionDenied) as refused:
        services.lobby_audience_save(audience=audience, by=works_liaison)
    assert "otra unidad" in str(refused.value)
    assert not LobbyAudience.objects.exists()


def test_the_secretaria_keeps_the_councillors_registers_and_sees_only_theirs(
    client, secretary_keeper, councillor, protocol_user
):
    mine = LobbyAudienceFactory(subject=councillor, matter="Ordenanza de ferias libres")
    mayors = LobbyAudienceFactory(subject=the_mayor(), matter="Proyecto del Alcalde")
    client.force_login(secretary_keeper)
    page = client.get(reverse("protocol:lobby-list")).text
    assert "Ordenanza de ferias libres" in page and "Proyecto del Alcalde" not in page
    assert client.get(reverse("protocol:lobby-edit", args=["audiencia", mayors.pk])).status_code == 404
    assert client.get(reverse("protocol:lobby-list") + f"?sujeto={the_mayor().pk}").status_code == 404
    form = client.get(reverse("protocol:lobby-create", args=["audiencia"])).context["form"]
    assert list(form.fields["subject"].queryset) == [councillor]
    assert client.get(reverse("protocol:lobby-edit", args=["audiencia", mine.pk])).status_code == 200
    # Gabinete keeps the Alcalde's registers, not the councillors'.
    client.force_login(protocol_user)
    page = client.get(reverse("protocol:lobby-list")).text
    assert "Proyecto del Alcalde" in page and "Ordenanza de ferias libres" not in page


def test_a_unit_cannot_take_another_units_record_over_by_moving_it_to_its_own_subject(secretary_keeper, councillor):
    gift = LobbyGiftFactory(description="Libro")  # the Alcalde's, kept by Gabinete
    gift.subject = councillor  # kept by the Secretaría
    with pytest.raises(PermissionDenied):
        services.lobby_record_save(record=gift, by=secretary_keeper, expected_version=gift.version)
    gift.refresh_from_db()
    assert gift.subject == the_mayor()


def test_a_record_posted_for_another_units_subject_is_refused_on_the_form(client, secretary_keeper, councillor):
    client.force_login(secretary_keeper)
    response = client.post(
        reverse("protocol:lobby-create", args=["donativo"]),
        {
            "subject": the_mayor().pk,
            "date": "2026-11-04",
            "kind": "protocolar",
            "description": "Libro",
            "giver": "Embajada",
            "occasion": "Visita",
        },
    )
    assert response.status_code == 200 and response.context["form"].has_error("subject")
    assert 'value="Libro"' in response.text


# --- point 2: the art. 8 fields and what blocks publication ----------------------------------------


def test_on_whose_behalf_is_required_on_the_audience_form(client, protocol_user):
    client.force_login(protocol_user)
    response = client.post(
        reverse("protocol:lobby-create", args=["audiencia"]),
        {
            "subject": the_mayor().pk,
            "date": "2026-11-04",
            "time": "10:00",
            "place": "Despacho",
            "modality": "videoconferencia",
            "on_behalf_of": "",
            "matter": "Plan regulador",
            "asis-TOTAL_FORMS": "0",
            "asis-INITIAL_FORMS": "0",
            "asis-MIN_NUM_FORMS": "0",
            "asis-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200 and response.context["form"].has_error("on_behalf_of")
    assert "Plan regulador" in response.text and not LobbyAudience.objects.exists()


def test_an_audience_from_the_agenda_puts_municipal_staff_on_the_municipalitys_side_and_asks_the_rest(
    protocol_user,
):
    the_mayor()
    event = EventFactory(kind="audiencia", title="Reunión con Minera Norte")
    AttendeeFactory(event=event, name="Ana Gerente", institution="Minera Norte SpA")
    AttendeeFactory(
        event=event, name="Pedro Director", office="Director de Obras", institution="Municipalidad de Antofagasta"
    )
    AttendeeFactory(event=event, name="Carolina Rojas", office="Jefa de Gabinete del Alcalde", institution="")
    audience, _created = services.lobby_audience_from_event(event=event, by=protocol_user)
    roles = {a.name: a.role for a in audience.attendees.all()}
    assert roles == {
        "Ana Gerente": LobbyAttendeeRole.UNKNOWN,
        "Pedro Director": LobbyAttendeeRole.MUNICIPAL,
        "Carolina Rojas": LobbyAttendeeRole.MUNICIPAL,
    }
    assert audience.on_behalf_of == "Minera Norte SpA"
    with pytest.raises(ValidationError) as refused:
        services.lobby_record_check(record=audience, by=protocol_user)
    assert "lobbista (remunerado) o gestor/a" in " ".join(refused.value.messages)
    assert not audience.published_versions().exists()


def test_an_audience_with_only_municipal_attendees_does_not_publish(protocol_user):
    audience = LobbyAudienceFactory()
    LobbyAudienceAttendee.objects.create(audience=audience, name="Funcionaria", role=LobbyAttendeeRole.MUNICIPAL)
    assert "Falta al menos un asistente externo" in " ".join(map(str, audience.publication_blockers()))


def test_an_audience_without_its_time_or_on_whose_behalf_does_not_publish(protocol_user):
    """An audience made from the agenda skips the form: what art. 8 asks and it lacks keeps it unpublished."""
    audience = _with_lobbyist(LobbyAudienceFactory(time=None))
    audience.on_behalf_of = ""
    with pytest.raises(ValidationError) as refused:
        services.lobby_record_check(record=audience, by=protocol_user)
    assert refused.value.messages == [
        "Falta a nombre de quién se gestionan intereses.",
        "Falta la hora de la audiencia.",
    ]
    assert not audience.published_versions().exists()


def test_a_trip_of_unknown_cost_is_saved_but_not_published(client, protocol_user):
    client.force_login(protocol_user)
    client.post(
        reverse("protocol:lobby-create", args=["viaje"]),
        {
            "subject": the_mayor().pk,
            "date_start": "2026-11-04",
            "date_end": "2026-11-05",
            "destination": "Santiago",
            "purpose": "SUBDERE",
            "cost": "",
            "paid_by": "Municipalidad",
        },
    )
    trip = LobbyTrip.objects.get()
    assert trip.cost is None
    page = client.get(reverse("protocol:lobby-list")).text
    assert "Falta el costo total del viaje" in page  # next to «Revisar y publicar»
    response = client.post(
        reverse("protocol:lobby-check", args=["viaje", trip.pk]), {"version": trip.version}, follow=True
    )
    assert "No se puede publicar todavía: Falta el costo total del viaje" in response.text
    assert not trip.published_versions().exists()


def test_a_gift_needs_its_kind_and_occasion(client, protocol_user):
    client.force_login(protocol_user)
    response = client.post(
        reverse("protocol:lobby-create", args=["donativo"]),
        {"subject": the_mayor().pk, "date": "2026-11-04", "description": "Libro", "giver": "Embajada"},
    )
    form = response.context["form"]
    assert form.has_error("kind") and form.has_error("occasion")


# --- point 5: corrections in the open, nothing unpublished silently --------------------------------


def test_correcting_a_published_record_asks_for_the_reason(client, protocol_user):
    gift = LobbyGiftFactory(description="Libro")
    services.lobby_record_check(record=gift, by=protocol_user)
    gift.description = "Libro conmemorativo"
    with pytest.raises(ValidationError) as refused:
        services.lobby_record_save(record=gift, by=protocol_user, expected_version=gift.version)
    assert "motivo de la corrección" in str(refused.value.message_dict["correction_reason"])
    gift.refresh_from_db()
    client.force_login(protocol_user)
    data = {
        "subject": gift.subject_id,
        "date": gift.date.isoformat(),
        "kind": gift.kind,
        "description": "Libro conmemorativo",
        "giver": gift.giver,
        "occasion": gift.occasion,
        "correction_reason": "",
        "version": gift.version,
    }
    response = client.post(reverse("protocol:lobby-edit", args=["donativo", gift.pk]), data)
    assert response.status_code == 200 and "Indique el motivo de la corrección" in response.text
    assert 'value="Libro conmemorativo"' in response.text
    data["correction_reason"] = "Faltaba el título completo"
    assert client.post(reverse("protocol:lobby-edit", args=["donativo", gift.pk]), data).status_code == 302
    gift.refresh_from_db()
    assert gift.published_versions().get().data["description"] == "Libro"  # still public until checked
    services.lobby_record_check(record=gift, by=protocol_user, expected_version=gift.version)
    new = LobbyPublishedVersion.objects.current().get(record_id=gift.pk, register="donativo")
    assert (new.number, new.reason) == (2, "Faltaba el título completo")
    gift.refresh_from_db()
    assert gift.correction_reason == ""  # the next correction gives its own


def test_a_published_record_is_never_deleted_but_a_draft_may_be(client, protocol_user):
    published = LobbyGiftFactory()
    services.lobby_record_check(record=published, by=protocol_user)
    draft = LobbyGiftFactory(description="Borrador")
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:lobby-delete", args=["donativo", published.pk]), follow=True)
    assert "no se elimina del registro público" in response.text
    assert published.published_versions().exists() and type(published).objects.filter(pk=published.pk).exists()
    client.post(reverse("protocol:lobby-delete", args=["donativo", draft.pk]))
    assert not type(draft).objects.filter(pk=draft.pk).exists()


# --- point 5: monthly closing -------------------------------------------------------------------------


def test_a_month_with_unchecked_records_or_a_pending_correction_does_not_close(protocol_user, clock):
    clock.move_to(datetime(2026, 10, 20, 9, tzinfo=SANTIAGO))
    audience = _with_lobbyist(LobbyAudienceFactory(date=date(2026, 10, 6)))
    clock.move_to(datetime(2026, 11, 3, 9, tzinfo=SANTIAGO))
    with pytest.raises(ValidationError) as refused:
        services.lobby_month_close(
            subject=audience.subject, register="audiencia", month=date(2026, 10, 1), by=protocol_user
        )
    assert "1 registro sin revisar" in " ".join(refused.value.messages)
    services.lobby_record_check(record=audience, by=protocol_user)
    audience.matter, audience.correction_reason = "Otra materia", "Materia mal transcrita"
    services.lobby_record_save(record=audience, by=protocol_user, expected_version=audience.version)
    with pytest.raises(ValidationError):
        services.lobby_month_close(
            subject=audience.subject, register="audiencia", month=date(2026, 10, 1), by=protocol_user
        )
    audience.refresh_from_db()
    services.lobby_record_check(record=audience, by=protocol_user, expected_version=audience.version)
    closing = services.lobby_month_close(
        subject=audience.subject, register="audiencia", month=date(2026, 10, 15), by=protocol_user
    )
    assert (closing.month, closing.record_count, closing.closed_by) == (date(2026, 10, 1), 1, protocol_user)


def test_a_month_without_records_closes_as_empty_and_only_once(protocol_user):
    mayor = the_mayor()
    closing = services.lobby_month_close(subject=mayor, register="viaje", month=date(2026, 9, 1), by=protocol_user)
    assert closing.is_empty
    with pytest.raises(ValidationError) as refused:
        services.lobby_month_close(subject=mayor, register="viaje", month=date(2026, 9, 1), by=protocol_user)
    assert "ya está cerrado" in " ".join(refused.value.messages)
    assert LobbyMonthClosing.objects.count() == 1
    assert lobby_closings_by_month([mayor.pk])[(mayor.pk, "viaje", date(2026, 9, 1))] == closing


def test_a_month_that_has_not_ended_does_not_close(protocol_user):
    """The clock: 18-11-2026. November closes from 1-12-2026."""
    with pytest.raises(ValidationError) as refused:
        services.lobby_month_close(subject=the_mayor(), register="audiencia", month=date(2026, 11, 1), by=protocol_user)
    assert "aún no termina" in " ".join(refused.value.messages)


def test_another_unit_does_not_close_a_subjects_month(secretary_keeper):
    with pytest.raises(PermissionDenied):
        services.lobby_month_close(
            subject=the_mayor(), register="audiencia", month=date(2026, 9, 1), by=secretary_keeper
        )


def test_the_closings_page_shows_closed_pending_and_overdue_months(client, protocol_user, clock, directorates):
    mayor = PassiveSubjectFactory(period_start=date(2026, 9, 10))
    services.lobby_month_close(subject=mayor, register="audiencia", month=date(2026, 9, 1), by=protocol_user)
    clock.move_to(datetime(2026, 11, 4, 9, tzinfo=SANTIAGO))  # October is within its closing days
    client.force_login(protocol_user)
    page = client.get(reverse("protocol:lobby-closings", args=[mayor.pk])).text
    assert "Sin audiencias en el mes" in page and "Pendiente" in page and "Vencido" in page  # Sept trips, gifts
    response = client.post(
        reverse("protocol:lobby-closings", args=[mayor.pk]), {"register": "viaje", "month": "2026-10-01"}, follow=True
    )
    assert "Mes cerrado: Viajes de octubre 2026" in response.text
    bad = client.post(
        reverse("protocol:lobby-closings", args=[mayor.pk]), {"register": "viaje", "month": "x"}, follow=True
    )
    assert "Indique un mes válido" in bad.text


# --- point 5: an overdue month on Mi escritorio -------------------------------------------------------


def test_an_overdue_month_shows_on_the_desk_of_whoever_keeps_the_register(
    secretary_keeper, protocol_user, councillor, clock
):
    councillor.period_start = date(2026, 10, 1)
    councillor.save()
    LobbyRules.objects.create(closing_business_days=5)
    # November 2026: the 5th business day is Friday 6 (no holidays on 2-6); on the 6th it is not overdue yet.
    clock.move_to(datetime(2026, 11, 6, 18, tzinfo=SANTIAGO))
    assert overdue_lobby_closings(secretary_keeper) == []
    clock.move_to(datetime(2026, 11, 9, 9, tzinfo=SANTIAGO))
    items = overdue_lobby_closings(secretary_keeper)
    assert {i.title for i in items} == {
        "Cerrar audiencias y reuniones de Camila Rojas Tapia: octubre 2026",
        "Cerrar viajes de Camila Rojas Tapia: octubre 2026",
        "Cerrar donativos de Camila Rojas Tapia: octubre 2026",
    }
    assert all(i.is_deadline and i.urgency == desk.Urgency.OVERDUE and i.due == date(2026, 11, 6) for i in items)
    assert overdue_lobby_closings(protocol_user) == []  # Gabinete keeps the Alcalde's, not the councillors'
    for register in ("audiencia", "viaje", "donativo"):
        services.lobby_month_close(subject=councillor, register=register, month=date(2026, 10, 1), by=secretary_keeper)
    assert overdue_lobby_closings(secretary_keeper) == []


def test_the_overdue_closings_on_the_desk_run_the_same_few_queries_whatever_the_number_of_subjects(
    secretary_keeper, directorates, django_assert_max_num_queries
):
    """Who keeps what (memberships, 3), the subjects, the rules and the closings: six queries."""
    LobbyRules.current()
    PassiveSubjectFactory(
        name="Concejal", office=PassiveSubjectOffice.COUNCILLOR, keeper=directorates["secretaria-municipal"]
    )
    with django_assert_max_num_queries(6):
        assert len(overdue_lobby_closings(secretary_keeper)) == 3
    for n in range(6):
        PassiveSubjectFactory(
            name=f"Concejal {n}", office=PassiveSubjectOffice.COUNCILLOR, keeper=directorates["secretaria-municipal"]
        )
    with django_assert_max_num_queries(6):
        items = overdue_lobby_closings(secretary_keeper)
    assert len(items) == 21  # seven subjects, three registers each


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (reverse("protocol:lobby-list"), 404),
        (reverse("transparency_public:lobby"), 404),
        # The queue and the public lists explain or ignore a filter that is not a choice.
        (reverse("protocol:audience-request-list"), 200),
        (reverse("lobby_public:request-list"), 200),
        (reverse("lobby_public:lobbyist-list"), 200),
    ],
)
def test_a_subject_number_too_large_for_the_database_is_never_a_500(client, protocol_user, url, status):
    the_mayor()
    client.force_login(protocol_user)
    assert client.get(url, {"sujeto": "9" * 30}).status_code == status
