from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gabinete.concurrency import StaleObjectError
from protocol import precedence as prec_rules
from protocol import services
from protocol.models import (
    Attendee,
    Event,
    EventStatus,
    LobbyAttendeeRole,
    LobbyAudience,
    LobbyAudienceAttendee,
    PrecedenceCategory,
)
from protocol.public import lobby_last_modified, lobby_register

from .factories import AttendeeFactory, EventFactory, LobbyAudienceFactory, the_mayor

pytestmark = pytest.mark.django_db


def _data(**extra):
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    data = {"title": "Ceremonia", "kind": "ceremonia", "start": start, "end": start + timedelta(hours=1)}
    data.update(extra)
    return data


def test_precedence_is_seeded_with_todays_office_names(precedence):
    assert len(precedence) == 23
    assert precedence[1].name == "Delegado/a Presidencial Regional"
    assert "Intendente" in precedence[1].note
    assert precedence[2].name == "Gobernador/a Regional"
    assert precedence[8].name == "Delegado/a Presidencial Provincial"
    assert precedence[11].name == "Alcalde"
    assert precedence[3].by_seniority and precedence[4].by_seniority and not precedence[11].by_seniority


@pytest.mark.date_sensitive
def test_database_refuses_an_event_ending_before_it_starts(db):
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(title="x", start=start, end=start - timedelta(hours=1))


def test_attendees_sort_by_category_then_seniority_then_name(precedence):
    event = EventFactory()
    mk = lambda name, order, since=None: AttendeeFactory(  # noqa: E731
        event=event, name=name, category=precedence.get(order), seniority_since=since
    )
    guest = mk("Ana Vecina", None)
    alcalde = mk("Alcalde", 11)
    newer = mk("Álvaro Senador Nuevo", 3, date(2022, 3, 11))
    older = mk("Zoila Senadora Antigua", 3, date(2014, 3, 11))
    delegate = mk("Delegada Regional", 1)
    concejal_b = mk("Bruno Concejal", 14)
    concejal_a = mk("Ángela Concejala", 14)
    ordered = prec_rules.order_of_precedence(list(Attendee.objects.select_related("category")))
    assert [a.pk for a in ordered] == [
        delegate.pk,
        older.pk,
        newer.pk,
        alcalde.pk,
        concejal_a.pk,
        concejal_b.pk,
        guest.pk,
    ]


def test_gabinete_can_move_anyone_and_the_presiding_authority_sits_at_the_centre(precedence):
    event = EventFactory()
    delegate = AttendeeFactory(event=event, name="Delegada", category=precedence[1])
    host = AttendeeFactory(event=event, name="Alcalde", category=precedence[11], is_presiding=True)
    rector = AttendeeFactory(event=event, name="Rector", category=precedence[16], manual_position=1)
    ordered = prec_rules.order_of_precedence(list(event.attendees.select_related("category")))
    assert [a.pk for a in ordered] == [rector.pk, delegate.pk, host.pk]
    # Speeches follow the order as Gabinete left it: the rector, moved first, now closes.
    assert [s.attendee.pk for s in prec_rules.speaking_order(ordered)] == [host.pk, delegate.pk, rector.pk]
    seats = prec_rules.seating(ordered)
    assert [(s.label, s.attendee.pk) for s in seats] == [
        ("Centro", host.pk),
        ("Derecha 1", rector.pk),
        ("Izquierda 1", delegate.pk),
    ]
    row = prec_rules.seating_row_from_audience(seats)
    assert [s.attendee.pk for s in row] == [rector.pk, host.pk, delegate.pk]


def test_gabinete_creates_confirmed_events_and_logs_who(protocol_user, directorates):
    event = services.event_create(by=protocol_user, data=_data(), directorates=[directorates["aseo"]])
    assert event.status == EventStatus.CONFIRMED
    change = event.status_changes.get()
    assert (change.to_status, change.by) == (EventStatus.CONFIRMED, protocol_user)
    assert list(event.directorates.all()) == [directorates["aseo"]]


def test_directorate_proposal_then_gabinete_confirms(aseo_director, protocol_user, directorates):
    event = services.event_create(by=aseo_director, data=_data(), proposing_directorate=directorates["aseo"])
    assert event.status == EventStatus.PROPOSED
    services.event_transition(event=event, to_status=EventStatus.CONFIRMED, by=protocol_user, note="OK")
    assert [c.to_status for c in event.status_changes.all()] == ["propuesta", "confirmada"]


def test_director_cannot_propose_for_another_directorate(aseo_director, directorates):
    with pytest.raises(PermissionDenied):
        services.event_create(
            by=aseo_director, data=_data(), proposing_directorate=directorates["transito-y-transporte-publico"]
        )


def test_proposer_cannot_edit_after_confirmation(aseo_director, protocol_user, directorates):
    event = services.event_create(by=aseo_director, data=_data(), proposing_directorate=directorates["aseo"])
    services.event_transition(event=event, to_status=EventStatus.CONFIRMED, by=protocol_user)
    event.refresh_from_db()
    with pytest.raises(services.EventLockedError):
        services.event_update(event=event, by=aseo_director, data={"title": "Cambiada"}, expected_version=event.version)
    assert Event.objects.get(pk=event.pk).title == "Ceremonia"


def test_stale_edit_is_refused(protocol_user):
    event = EventFactory()
    old_version = event.version
    services.event_update(
        event=Event.objects.get(pk=event.pk), by=protocol_user, data={"title": "Primera"}, expected_version=old_version
    )
    with pytest.raises(StaleObjectError):
        services.event_update(event=event, by=protocol_user, data={"title": "Segunda"}, expected_version=old_version)
    assert Event.objects.get(pk=event.pk).title == "Primera"


def test_invalid_transition_is_refused(protocol_user):
    event = EventFactory(status=EventStatus.DONE)
    with pytest.raises(ValidationError):
        services.event_transition(event=event, to_status=EventStatus.PROPOSED, by=protocol_user)


def test_overlap_finds_only_confirmed_events():
    base = EventFactory()
    EventFactory(start=base.start, end=base.end, status=EventStatus.CANCELLED)
    EventFactory(start=base.end, end=base.end + timedelta(hours=1))  # touching, not overlapping
    found = services.overlapping_confirmed(base.start + timedelta(minutes=30), base.end)
    assert found == [base]


def test_an_event_ending_exactly_when_another_starts_is_not_an_overlap():
    morning = EventFactory(title="Audiencia 10:00")
    before = EventFactory(title="Reunión 9:00", start=morning.start - timedelta(hours=1), end=morning.start)
    after = EventFactory(title="Ceremonia 11:00", start=morning.end, end=morning.end + timedelta(hours=1))
    assert services.overlapping_confirmed(morning.start, morning.end, exclude_pk=morning.pk) == []
    assert services.overlapping_confirmed(before.start, before.end, exclude_pk=before.pk) == []
    assert services.overlapping_confirmed(after.start, after.end, exclude_pk=after.pk) == []
    # One minute more on either side is an overlap.
    minute = timedelta(minutes=1)
    assert services.overlapping_confirmed(morning.start - minute, morning.end, exclude_pk=morning.pk) == [before]
    assert services.overlapping_confirmed(morning.start, morning.end + minute, exclude_pk=morning.pk) == [after]


@pytest.mark.date_sensitive
def test_all_day_events_span_whole_local_days(protocol_user):
    start = timezone.now() + timedelta(days=3)
    event = services.event_create(by=protocol_user, data=_data(start=start, end=start, all_day=True))
    local = timezone.localtime(event.start)
    assert (local.hour, local.minute) == (0, 0)
    assert timezone.localtime(event.end).date() == local.date() + timedelta(days=1)


@pytest.mark.date_sensitive
def test_an_event_cannot_last_longer_than_sixty_days(protocol_user):
    start = timezone.now()
    with pytest.raises(ValidationError):
        services.event_create(by=protocol_user, data=_data(start=start, end=start + timedelta(days=61)))


def test_feed_regenerate_and_revoke(protocol_user):
    first = services.feed_create(by=protocol_user)
    second = services.feed_create(by=protocol_user)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None and first.token != second.token
    services.feed_revoke(by=protocol_user)
    second.refresh_from_db()
    assert second.revoked_at is not None


def test_audience_from_event_copies_everything_without_retyping(protocol_user):
    mayor = the_mayor()
    event = EventFactory(kind="audiencia", title="Audiencia con Cámara de Comercio", place_name="Despacho")
    AttendeeFactory(event=event, name="Rosa Díaz", institution="Cámara de Comercio")
    audience, created = services.lobby_audience_from_event(event=event, by=protocol_user)
    assert created
    assert audience.subject == mayor
    assert audience.date == timezone.localtime(event.start).date()
    assert audience.time == timezone.localtime(event.start).time().replace(second=0, microsecond=0)
    assert audience.place == "Despacho" and audience.matter == event.title
    assert audience.on_behalf_of == "Cámara de Comercio"
    assert [(a.name, a.represents) for a in audience.attendees.all()] == [("Rosa Díaz", "Cámara de Comercio")]
    again, created = services.lobby_audience_from_event(event=event, by=protocol_user)
    assert again == audience and not created


def test_only_checked_lobby_records_are_published(protocol_user):
    unchecked = LobbyAudienceFactory(date=date(2025, 3, 5))
    checked = LobbyAudienceFactory(date=date(2025, 3, 9))
    LobbyAudienceAttendee.objects.create(audience=checked, name="Rosa Díaz", role=LobbyAttendeeRole.LOBBYIST)
    services.lobby_record_check(record=checked, by=protocol_user)
    register = lobby_register(year=2025, month=3)
    assert [a["id"] for a in register["audiences"]] == [checked.pk]
    assert unchecked.pk not in [a["id"] for a in lobby_register()["audiences"]]
    assert lobby_register(year=2025, month=4)["audiences"] == []
    assert lobby_last_modified() is not None


def test_lobby_register_shape_and_order(protocol_user):
    from protocol.models import LobbyAudienceAttendee, LobbyGift, LobbyTrip

    a1 = LobbyAudienceFactory(date=date(2025, 1, 10))
    a2 = LobbyAudienceFactory(date=date(2025, 2, 10))
    LobbyAudienceAttendee.objects.create(audience=a1, name="Ana", role="gestor")
    LobbyAudienceAttendee.objects.create(audience=a2, name="Pedro", represents="Inmobiliaria Norte", role="lobbista")
    trip = LobbyTrip.objects.create(
        subject=the_mayor(),
        date_start=date(2025, 2, 1),
        date_end=date(2025, 2, 2),
        destination="Santiago",
        purpose="SUBDERE",
        cost=300_000,
        paid_by="Municipalidad",
    )
    gift = LobbyGift.objects.create(
        subject=the_mayor(),
        kind="protocolar",
        date=date(2025, 2, 3),
        description="Galvano",
        giver="Bomberos",
        occasion="Aniversario",
    )
    for r in (a1, a2, trip, gift):
        services.lobby_record_check(record=r, by=protocol_user)
    reg = lobby_register(year=2025)
    assert [a["id"] for a in reg["audiences"]] == [a2.pk, a1.pk]
    assert reg["audiences"][0]["attendees"] == [
        {"name": "Pedro", "represents": "Inmobiliaria Norte", "role": "Lobbista (remunerado/a)"}
    ]
    assert reg["audiences"][0]["date"] == date(2025, 2, 10)
    assert reg["trips"][0] == {
        "id": trip.pk,
        "date_start": date(2025, 2, 1),
        "date_end": date(2025, 2, 2),
        "destination": "Santiago",
        "purpose": "SUBDERE",
        "cost": 300000,
        "paid_by": "Municipalidad",
        "subject_id": trip.subject_id,
        "passive_subject": "Alcalde de Antofagasta",
        "passive_subject_office": "Alcalde de Antofagasta",
        "version": 1,
        "published_on": timezone.localdate(),
        "corrected_on": None,
        "reason": "",
    }
    assert reg["gifts"][0]["giver"] == "Bomberos"


def test_precedence_categories_stay_editable_data(precedence):
    PrecedenceCategory.objects.filter(scope="regional", order=1).update(name="Delegada Presidencial Regional")
    assert PrecedenceCategory.objects.get(scope="regional", order=1).name == "Delegada Presidencial Regional"


# --- writes that used to happen in views: the precedence table and a lobby audience's attendees ----------


def test_gabinete_saves_the_precedence_table_in_one_step_recorded_with_its_name(precedence, protocol_user):
    first = precedence[1]
    first.name = "Delegada Presidencial Regional"
    new = PrecedenceCategory(order=99, name="Cónsules honorarios")
    services.precedence_save(categories=[first, new], by=protocol_user)
    assert PrecedenceCategory.objects.get(scope="regional", order=1).name == "Delegada Presidencial Regional"
    assert first.history.latest().history_user == protocol_user
    assert new.history.get().history_user == protocol_user


def test_a_refused_precedence_row_leaves_the_whole_table_as_it_was(precedence, protocol_user):
    first = precedence[1]
    first.name = "Delegada Presidencial Regional"
    with pytest.raises(ValidationError):
        services.precedence_save(categories=[first, PrecedenceCategory(order=99, name="")], by=protocol_user)
    assert PrecedenceCategory.objects.get(scope="regional", order=1).name != "Delegada Presidencial Regional"
    assert not PrecedenceCategory.objects.filter(order=99).exists()


def test_only_gabinete_edits_the_precedence_table(precedence, aseo_director):
    first = precedence[1]
    first.name = "Otra cosa"
    with pytest.raises(PermissionDenied):
        services.precedence_save(categories=[first], by=aseo_director)
    assert PrecedenceCategory.objects.get(scope="regional", order=1).name != "Otra cosa"


def test_an_audience_and_its_attendees_are_saved_together_with_the_acting_user(protocol_user):
    audience = LobbyAudience(
        subject=the_mayor(),
        date=date(2026, 11, 4),
        time=time(10, 0),
        place="Despacho",
        on_behalf_of="Norte SpA",
        matter="Proyecto Costanera",
    )
    attendee = LobbyAudienceAttendee(name="Rosa Díaz", represents="Norte SpA", role="lobbista")
    services.lobby_audience_save(audience=audience, attendees=[attendee], by=protocol_user)
    saved = LobbyAudience.objects.get()
    assert [a.name for a in saved.attendees.all()] == ["Rosa Díaz"]
    assert saved.history.get().history_user == protocol_user
    assert attendee.history.get().history_user == protocol_user


def test_a_refused_attendee_leaves_no_audience_behind(protocol_user):
    audience = LobbyAudience(
        subject=the_mayor(),
        date=date(2026, 11, 4),
        time=time(10, 0),
        place="Despacho",
        on_behalf_of="Norte SpA",
        matter="Proyecto Costanera",
    )
    with pytest.raises(ValidationError):
        services.lobby_audience_save(
            audience=audience, attendees=[LobbyAudienceAttendee(name="", role="lobbista")], by=protocol_user
        )
    assert not LobbyAudience.objects.exists()
    assert not LobbyAudienceAttendee.objects.exists()


def test_taking_an_attendee_off_a_checked_audience_is_a_correction_waiting_for_its_check(protocol_user):
    audience = LobbyAudienceFactory()
    rosa = LobbyAudienceAttendee.objects.create(audience=audience, name="Rosa Díaz", role="gestor")
    services.lobby_record_check(record=audience, by=protocol_user)
    audience.refresh_from_db()
    audience.correction_reason = "La asistente no participó"
    services.lobby_audience_save(audience=audience, removed=[rosa], by=protocol_user, expected_version=audience.version)
    audience.refresh_from_db()
    assert not audience.attendees.exists() and not audience.is_checked
    assert LobbyAudienceAttendee.history.filter(history_type="-").get().history_user == protocol_user


def test_an_attendee_of_another_audience_cannot_be_taken_off_or_moved(protocol_user):
    audience, other = LobbyAudienceFactory(), LobbyAudienceFactory(matter="Otra audiencia")
    stranger = LobbyAudienceAttendee.objects.create(audience=other, name="Pedro Soto", role="gestor")
    with pytest.raises(PermissionDenied):
        services.lobby_audience_save(audience=audience, removed=[stranger], by=protocol_user)
    stranger.name = "Pedro Soto Rojas"
    with pytest.raises(PermissionDenied):
        services.lobby_audience_save(audience=audience, attendees=[stranger], by=protocol_user)
    stranger.refresh_from_db()
    assert stranger.audience == other and stranger.name == "Pedro Soto"
