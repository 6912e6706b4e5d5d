"""Audience requests (Ley 20.730) and the register of lobbyists (art. 13): numbering, the deadline in
business days, the answers, the agenda event and the audience record made from a request, equal
treatment, the public pages without personal contact data, and the e-mails."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gabinete.models import Directorate, Notification
from protocol import audience_requests as svc
from protocol.models import (
    AudienceRequest,
    AudienceRequestChannel,
    AudienceRequestStatus,
    EventKind,
    EventStatus,
    LobbyAttendeeRole,
    LobbyAudienceAttendee,
    LobbyModality,
    LobbyRules,
    PassiveSubjectOffice,
)
from protocol.services import lobby_record_check
from tests.conftest import SANTIAGO
from tests.gabinete import mail_helpers
from tests.gabinete.mail_helpers import deliver_outbox
from tests.protocol.factories import LobbyAudienceFactory, PassiveSubjectFactory, the_mayor

smtp_server = mail_helpers.smtp_server  # the fixture

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=SANTIAGO)


def _data(subject, **changes) -> dict:
    data = {
        "subject": subject,
        "requester_name": "Camila Rojas Pérez",
        "requester_rut": "",
        "email": "camila@example.invalid",
        "postal_address": "",
        "on_behalf_of": "Junta de Vecinos Gran Vía",
        "is_paid": False,
        "matter": "Pavimentación del pasaje Los Aromos y luminarias",
        "modality": LobbyModality.IN_PERSON,
        "proposed_start": timezone.now() + timedelta(days=7),
    }
    data.update(changes)
    return data


def _submit(subject=None, **changes) -> AudienceRequest:
    return svc.audience_request_submit(
        data=_data(subject or the_mayor(), **changes), channel=AudienceRequestChannel.WEB, by=None
    )


@pytest.fixture
def councillor(directorates):
    """A concejala, whose registers the Secretaría Municipal keeps."""
    return PassiveSubjectFactory(
        name="Concejala Ana Torres",
        office=PassiveSubjectOffice.COUNCILLOR,
        keeper=Directorate.objects.get(slug="secretaria-municipal"),
    )


@pytest.fixture
def secretaria_director(user_factory):
    return user_factory("director", "secretaria-municipal", username="director.secmu.t")


def _post_form(client, subject, **changes):
    data = {
        "subject": subject.pk,
        "requester_name": "Camila Rojas Pérez",
        "requester_rut": "",
        "email": "camila@example.invalid",
        "postal_address": "",
        "on_behalf_of": "Junta de Vecinos Gran Vía",
        "is_paid": "no",
        "matter": "Pavimentación del pasaje Los Aromos",
        "modality": "presencial",
        "proposed_start": (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "proposed_alternative": "",
        "proposed_note": "",
        "other_attendees": "",
        "sitio_web": "",
    }
    data.update(changes)
    return client.post(reverse("lobby_public:request"), data)


# --- numbering ---------------------------------------------------------------------------------------


def test_requests_are_numbered_per_year(clock):
    first, second = _submit(), _submit()
    assert (first.number, second.number) == ("SA-2026-0001", "SA-2026-0002")
    clock.move_to(datetime(2027, 1, 4, 9, tzinfo=SANTIAGO))
    assert _submit(proposed_start=timezone.now() + timedelta(days=3)).number == "SA-2027-0001"


def test_a_number_taken_meanwhile_is_retried_with_the_next(monkeypatch):
    _submit()
    # A concurrent submission read the same last number: the unique pair refuses it, the next is taken.
    monkeypatch.setattr(svc, "_next_sequence", lambda year: 1)
    assert _submit().number == "SA-2026-0002"


def test_the_year_and_sequence_pair_is_unique():
    request = _submit()
    with pytest.raises(IntegrityError), transaction.atomic():
        AudienceRequest.objects.filter(pk=_submit().pk).update(sequence=request.sequence)


# --- the deadline ------------------------------------------------------------------------------------


@pytest.mark.date_sensitive
def test_due_date_counts_business_days_from_the_rules(clock):
    clock.move_to(datetime(2026, 11, 19, 10, tzinfo=SANTIAGO))  # a Thursday
    request = _submit()
    # Friday 20, (weekend skipped), Monday 23, Tuesday 24.
    assert request.due_date == date(2026, 11, 24)
    text = svc.deadline_text(request)
    assert "3 días hábiles" in text and "sábado" in text and "domingo" in text
    assert "Plazo por confirmar por Asesoría Jurídica." in text

    rules = LobbyRules.current()
    rules.answer_business_days, rules.answer_days_confirmed = 5, True
    rules.save()
    later = _submit()
    assert later.due_date == date(2026, 11, 26)
    assert "por confirmar" not in svc.deadline_text(later)


@pytest.mark.date_sensitive
def test_due_date_skips_public_holidays(clock):
    clock.move_to(datetime(2026, 12, 7, 10, tzinfo=SANTIAGO))  # Monday; 8 December is a holiday
    request = _submit()
    assert request.due_date == date(2026, 12, 11)  # 9, 10, 11 (the 8th skipped)
    assert "feriado" in svc.deadline_text(request)


def test_a_holiday_declared_later_moves_an_unanswered_requests_due_date(clock, django_capture_on_commit_callbacks):
    from gabinete.models import ExtraHoliday

    clock.move_to(datetime(2026, 12, 7, 10, tzinfo=SANTIAGO))
    request = _submit()
    with django_capture_on_commit_callbacks(execute=True):
        ExtraHoliday.objects.create(date=date(2026, 12, 10), name="Feriado de prueba")
    request.refresh_from_db()
    assert request.due_date == date(2026, 12, 14)  # 9, 11, 14 (the 8th and the 10th skipped)


# --- what a request must say ------------------------------------------------------------------------------


def test_a_request_needs_an_email_or_a_postal_address():
    with pytest.raises(ValidationError) as exc:
        _submit(email="", postal_address="")
    assert "correo electrónico o una dirección postal" in " ".join(exc.value.messages)
    assert _submit(email="", postal_address="Calle Uno 123, Antofagasta").pk


def test_a_subject_out_of_office_cannot_be_asked(directorates):
    former = PassiveSubjectFactory(
        name="Ex concejal", office=PassiveSubjectOffice.COUNCILLOR, period_end=date(2025, 1, 1)
    )
    with pytest.raises(ValidationError):
        _submit(former)


def test_only_a_keeper_registers_a_request_in_the_intranet(councillor, secretaria_director, gabinete_user):
    with pytest.raises(PermissionDenied):
        svc.audience_request_submit(data=_data(councillor), channel=AudienceRequestChannel.INTRANET, by=gabinete_user)
    request = svc.audience_request_submit(
        data=_data(councillor), channel=AudienceRequestChannel.INTRANET, by=secretaria_director
    )
    assert request.channel == AudienceRequestChannel.INTRANET and request.created_by == secretaria_director


# --- the public form ---------------------------------------------------------------------------------


def test_public_form_files_a_request_without_login(client):
    response = _post_form(client, the_mayor())
    assert response.status_code == 302
    request = AudienceRequest.objects.get()
    assert request.channel == AudienceRequestChannel.WEB and request.is_paid is False
    page = client.get(response["Location"])
    assert request.number in page.content.decode()


def test_public_form_explains_bad_input_and_keeps_it(client):
    response = _post_form(
        client, the_mayor(), email="no-es-correo", proposed_start="31-02-2026 10:00", matter="Mi <b>materia</b>"
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "El correo electrónico no es válido" in body
    assert "La fecha y hora propuesta no es válida" in body
    assert 'value="no-es-correo"' in body and "Mi &lt;b&gt;materia&lt;/b&gt;" in body
    assert not AudienceRequest.objects.exists()


def test_public_form_asks_for_a_way_to_answer(client):
    response = _post_form(client, the_mayor(), email="", postal_address="")
    assert "Indique un correo electrónico o una dirección postal para responderle." in response.content.decode()


def test_public_form_refuses_a_date_in_the_past(client):
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = _post_form(client, the_mayor(), proposed_start=past)
    assert "Esa fecha ya pasó" in response.content.decode()


def test_public_form_checks_the_rut(client):
    response = _post_form(client, the_mayor(), requester_rut="12.345.678-9")
    assert "El RUT no es válido" in response.content.decode()
    _post_form(client, the_mayor(), requester_rut="12345678-5")
    assert AudienceRequest.objects.get().requester_rut == "12.345.678-5"


def test_public_form_limits_the_matter_size(client):
    response = _post_form(client, the_mayor(), matter="x" * 2001)
    assert response.status_code == 400
    assert not AudienceRequest.objects.exists()


def test_public_form_honeypot_keeps_nothing(client):
    response = _post_form(client, the_mayor(), sitio_web="http://spam.example")
    assert response.status_code == 302
    assert not AudienceRequest.objects.exists()


def test_public_form_limits_submissions_per_address(client, monkeypatch):
    from protocol import public_views

    monkeypatch.setattr(public_views, "SUBMISSION_LIMIT", public_views.SubmissionLimit("lobby-request", per_hour=2))
    assert _post_form(client, the_mayor()).status_code == 302
    assert _post_form(client, the_mayor()).status_code == 302
    refused = _post_form(client, the_mayor(), requester_name="Tercera Persona")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "demasiadas solicitudes" in body and 'value="Tercera Persona"' in body
    assert AudienceRequest.objects.count() == 2


def test_html_typed_in_a_request_is_shown_as_text(client, protocol_user):
    request = _submit(matter="<script>alert(1)</script> pasaje")
    client.force_login(protocol_user)
    body = client.get(reverse("protocol:audience-request-detail", args=[request.pk])).content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# --- notices and e-mail ----------------------------------------------------------------------------------


def test_a_new_request_notifies_the_keepers_of_that_subject(councillor, secretaria_director, protocol_user):
    _submit(councillor)
    assert Notification.objects.filter(user=secretaria_director).count() == 1
    assert not Notification.objects.filter(user=protocol_user).exists()
    _submit()
    assert Notification.objects.filter(user=protocol_user).count() == 1


def test_receipt_and_answer_are_mailed_to_the_requester(smtp_server, protocol_user):
    request = _submit()
    deliver_outbox()
    (receipt,) = [m for m in smtp_server.received if m.recipients == ["camila@example.invalid"]]
    assert request.number in receipt.message["Subject"] and request.number in receipt.text
    assert "23-11-2026" in receipt.text  # the due date (18-11 + 3 business days)
    svc.audience_request_deny(request=request, by=protocol_user, reason="La agenda de noviembre está completa.")
    deliver_outbox()
    answer = [m for m in smtp_server.received if m.recipients == ["camila@example.invalid"]][1]
    assert "no fue concedida" in answer.text and "agenda de noviembre" in answer.text


def test_a_request_with_only_a_postal_address_sends_no_mail(smtp_server):
    _submit(email="", postal_address="Calle Uno 123")
    deliver_outbox()
    assert all("@example.invalid" in m.recipients[0] and "camila" not in m.recipients[0] for m in smtp_server.received)
    assert not [m for m in smtp_server.received if "Solicitud de audiencia" in m.message["Subject"]]


# --- answers --------------------------------------------------------------------------------------------


def test_granting_the_mayor_puts_the_audience_in_his_agenda(protocol_user):
    request = _submit()
    start = _at(date(2026, 11, 25), 11)
    request = svc.audience_request_grant(
        request=request, by=protocol_user, start=start, place="Despacho del Alcalde", modality="presencial"
    )
    assert request.status == AudienceRequestStatus.GRANTED and request.answered_by == protocol_user
    event = request.event
    assert event.kind == EventKind.AUDIENCE and event.status == EventStatus.CONFIRMED
    assert event.start == start and event.place_name == "Despacho del Alcalde"
    assert event.attendees.get().institution == "Junta de Vecinos Gran Vía"


def test_granting_another_subject_keeps_the_date_without_an_agenda_event(councillor, secretaria_director):
    request = svc.audience_request_grant(
        request=_submit(councillor),
        by=secretaria_director,
        start=_at(date(2026, 11, 26)),
        place="Sala de concejales",
        modality="videoconferencia",
    )
    assert request.event is None and request.granted_modality == LobbyModality.VIDEO


def test_only_the_keepers_of_the_subject_answer(councillor, protocol_user, aseo_director):
    request = _submit(councillor)
    with pytest.raises(PermissionDenied):
        svc.audience_request_grant(
            request=request, by=protocol_user, start=_at(date(2026, 11, 26)), place="Sala", modality="presencial"
        )
    with pytest.raises(PermissionDenied):
        svc.audience_request_deny(request=request, by=aseo_director, reason="No")


def test_a_denial_needs_a_reason_and_a_request_is_answered_once(protocol_user):
    request = _submit()
    with pytest.raises(ValidationError) as exc:
        svc.audience_request_deny(request=request, by=protocol_user, reason="  ")
    assert "motivo del rechazo" in " ".join(exc.value.messages)
    svc.audience_request_deny(request=request, by=protocol_user, reason="Materia ajena a la autoridad.")
    with pytest.raises(ValidationError):
        svc.audience_request_grant(
            request=request, by=protocol_user, start=_at(date(2026, 11, 26)), place="Sala", modality="presencial"
        )


def test_a_grant_needs_a_future_date_and_a_place(protocol_user):
    request = _submit()
    with pytest.raises(ValidationError) as exc:
        svc.audience_request_grant(
            request=request, by=protocol_user, start=_at(date(2026, 11, 10)), place="", modality="presencial"
        )
    assert set(exc.value.error_dict) == {"granted_start", "granted_place"}


def test_a_grant_needs_a_modality_of_the_law(protocol_user):
    request = _submit()
    with pytest.raises(ValidationError) as exc:
        svc.audience_request_grant(
            request=request, by=protocol_user, start=_at(date(2026, 11, 26)), place="Sala", modality="telefónica"
        )
    assert set(exc.value.error_dict) == {"granted_modality"}
    request.refresh_from_db()
    assert request.status == AudienceRequestStatus.RECEIVED


def test_the_grant_form_shows_the_refusal_in_spanish(client, protocol_user):
    request = _submit()
    client.force_login(protocol_user)
    response = client.post(
        reverse("protocol:audience-request-grant", args=[request.pk]),
        {
            "conceder-granted_start": "2026-11-10T10:00",
            "conceder-granted_place": "Despacho",
            "conceder-granted_modality": "presencial",
            "conceder-version": request.version,
        },
    )
    assert response.status_code == 400
    assert "La fecha de la audiencia ya pasó" in response.content.decode()
    assert 'value="Despacho"' in response.content.decode()


def test_the_answer_notifies_the_other_keepers(protocol_user, gabinete_user):
    svc.audience_request_deny(request=_submit(), by=protocol_user, reason="Sin disponibilidad.")
    assert Notification.objects.filter(user=gabinete_user).count() == 2  # the arrival and the answer
    assert Notification.objects.filter(user=protocol_user).count() == 1  # the arrival only


# --- from the granted request to the audience record -------------------------------------------------------


def test_the_held_audience_is_recorded_from_the_request_without_retyping(clock, protocol_user):
    request = _submit(is_paid=True, other_attendees="Pedro Soto, Constructora Norte\n\nLuisa Díaz")
    start = _at(date(2026, 11, 25), 11)
    request = svc.audience_request_grant(
        request=request, by=protocol_user, start=start, place="Despacho del Alcalde", modality="videoconferencia"
    )
    with pytest.raises(ValidationError):
        svc.audience_request_record_audience(request=request, by=protocol_user)  # not held yet
    clock.move_to(start + timedelta(hours=2))
    audience = svc.audience_request_record_audience(request=request, by=protocol_user)
    assert (audience.subject, audience.date, audience.time.hour) == (the_mayor(), date(2026, 11, 25), 11)
    assert audience.on_behalf_of == "Junta de Vecinos Gran Vía" and audience.matter == request.matter
    # Where and how it was granted, not what was proposed.
    assert (audience.place, audience.modality) == ("Despacho del Alcalde", LobbyModality.VIDEO)
    assert audience.event == request.event
    people = list(audience.attendees.order_by("pk").values_list("name", "represents", "role"))
    assert people == [
        ("Camila Rojas Pérez", "Junta de Vecinos Gran Vía", LobbyAttendeeRole.LOBBYIST),
        ("Pedro Soto", "Constructora Norte", LobbyAttendeeRole.LOBBYIST),
        ("Luisa Díaz", "Junta de Vecinos Gran Vía", LobbyAttendeeRole.LOBBYIST),
    ]
    request.refresh_from_db()
    assert request.audience == audience
    assert request.event.status == EventStatus.DONE
    assert audience.publication_blockers() == []
    assert svc.audience_request_record_audience(request=request, by=protocol_user) == audience  # once


def test_a_denied_request_has_no_audience_to_record(protocol_user):
    request = svc.audience_request_deny(request=_submit(), by=protocol_user, reason="Sin disponibilidad.")
    with pytest.raises(ValidationError):
        svc.audience_request_record_audience(request=request, by=protocol_user)


# --- equal treatment (art. 11) ------------------------------------------------------------------------------


def test_similar_requests_share_the_subject_and_matter_or_the_interests(councillor):
    request = _submit(matter="Pavimentación del pasaje Los Aromos")
    alike = _submit(matter="Pavimentacion urgente pasaje Aromos", on_behalf_of="Otra junta")
    same_interest = _submit(matter="Plaza de juegos", on_behalf_of="junta de vecinos gran via")
    _submit(matter="Feria costumbrista", on_behalf_of="Sindicato")
    _submit(councillor, matter="Pavimentación del pasaje Los Aromos")  # another passive subject
    found = {s.request: s.reasons for s in svc.similar_requests(request)}
    assert set(found) == {alike, same_interest}
    assert "materia parecida" in found[alike][0]
    assert found[same_interest] == ["a nombre de los mismos intereses"]


def test_public_requests_page_shows_outcomes_without_contact_data(client, protocol_user):
    denied = _submit(requester_rut="12.345.678-5", postal_address="Calle Secreta 99")
    svc.audience_request_deny(request=denied, by=protocol_user, reason="Agenda completa.")
    pending = _submit(requester_name="Persona Pendiente")
    body = client.get(reverse("lobby_public:request-list")).content.decode()
    assert denied.number in body and "Agenda completa." in body and "Denegada" in body
    assert pending.number not in body
    for private in ("camila@example.invalid", "12.345.678-5", "Calle Secreta"):
        assert private not in body


# --- register of lobbyists (art. 13) --------------------------------------------------------------------


def test_lobbyist_register_is_built_from_requests_and_published_audiences(clock, client, protocol_user):
    request = _submit(is_paid=True, requester_rut="12.345.678-5")
    start = _at(date(2026, 11, 20), 9)
    request = svc.audience_request_grant(
        request=request, by=protocol_user, start=start, place="Despacho", modality="presencial"
    )
    svc.audience_request_deny(
        request=_submit(requester_name="=HYPERLINK(1)", on_behalf_of="Gestora"), by=protocol_user, reason="No."
    )
    _submit(requester_name="Sin Responder")
    clock.move_to(start + timedelta(hours=1))
    audience = svc.audience_request_record_audience(request=request, by=protocol_user)
    lobby_record_check(record=audience, by=protocol_user)

    people = {p.name: p for p in svc.lobbyist_register()}
    assert set(people) == {"Camila Rojas Pérez", "=HYPERLINK(1)"}
    camila = people["Camila Rojas Pérez"]
    assert (camila.requests, camila.audiences, camila.represents) == (1, 1, "Junta de Vecinos Gran Vía")
    assert camila.role == str(LobbyAttendeeRole.LOBBYIST.label)

    page = client.get(reverse("lobby_public:lobbyist-list")).content.decode()
    assert "Camila Rojas Pérez" in page and "12.345.678-5" not in page and "camila@example" not in page
    csv = client.get(reverse("lobby_public:lobbyist-csv"))
    text = b"".join(csv.streaming_content if csv.streaming else [csv.content]).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "Camila Rojas Pérez" in text


def test_an_unpaid_interest_manager_who_held_an_audience_is_in_the_register_as_such(protocol_user):
    audience = LobbyAudienceFactory(on_behalf_of="Club Deportivo Norte")
    LobbyAudienceAttendee.objects.create(
        audience=audience, name="Jorge Tapia", represents="", role=LobbyAttendeeRole.INTEREST_MANAGER
    )
    LobbyAudienceAttendee.objects.create(audience=audience, name="Funcionaria", role=LobbyAttendeeRole.MUNICIPAL)
    lobby_record_check(record=audience, by=protocol_user)
    people = svc.lobbyist_register()
    assert [(p.name, p.represents, p.role, p.audiences) for p in people] == [
        ("Jorge Tapia", "Club Deportivo Norte", str(LobbyAttendeeRole.INTEREST_MANAGER.label), 1)
    ]


# --- staff pages -----------------------------------------------------------------------------------------


def test_staff_queue_lists_only_the_subjects_kept_and_marks_overdue(client, clock, councillor, protocol_user):
    mine, theirs = _submit(), _submit(councillor)
    clock.move_to(datetime(2026, 11, 30, 10, tzinfo=SANTIAGO))
    client.force_login(protocol_user)
    body = client.get(reverse("protocol:audience-request-list")).content.decode()
    assert mine.number in body and theirs.number not in body and "Vencida" in body
    assert client.get(reverse("protocol:audience-request-detail", args=[theirs.pk])).status_code == 404


def test_staff_form_registers_a_letter(client, protocol_user):
    client.force_login(protocol_user)
    data = _letter(received_on=timezone.localdate().isoformat())
    response = client.post(reverse("protocol:audience-request-create"), data)
    request = AudienceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    assert request.channel == AudienceRequestChannel.INTRANET and request.is_paid


def _letter(**changes) -> dict:
    data = {
        "subject": the_mayor().pk,
        "requester_name": "Jorge Muñoz",
        "postal_address": "Av. Brasil 1000",
        "on_behalf_of": "Cámara de Comercio",
        "is_paid": "si",
        "matter": "Horario de ferias",
        "modality": "presencial",
        "proposed_start": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(changes)
    return data


def test_a_letter_received_days_ago_counts_its_deadline_from_the_day_it_arrived(client, clock, protocol_user):
    # Wednesday 18 November 2026: a letter that arrived on Monday the 16th is due three business days
    # after the 16th (Thursday the 19th), not after today.
    clock.move_to(datetime(2026, 11, 18, 10, 30, tzinfo=SANTIAGO))
    client.force_login(protocol_user)
    client.post(reverse("protocol:audience-request-create"), _letter(received_on="2026-11-16"))
    request = AudienceRequest.objects.get()
    assert timezone.localdate(request.received_at) == date(2026, 11, 16)
    assert request.due_date == date(2026, 11, 19)
    body = client.get(request.get_absolute_url()).content.decode()
    assert "19-11-2026" in body


def test_a_received_date_in_the_future_is_refused_in_spanish_and_keeps_what_was_typed(client, protocol_user):
    client.force_login(protocol_user)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("protocol:audience-request-create"), _letter(received_on=tomorrow.isoformat()))
    assert response.status_code == 200
    assert "La fecha de recepción no puede ser posterior a hoy." in response.text
    assert "Horario de ferias" in response.text
    assert not AudienceRequest.objects.exists()
    response = client.post(reverse("protocol:audience-request-create"), _letter(received_on="31-02-2026"))
    assert "La fecha no es válida (use dd-mm-aaaa)." in response.text


def test_only_the_intranet_says_when_a_request_was_received(councillor):
    with pytest.raises(ValidationError):
        svc.audience_request_submit(
            data=_data(councillor), channel=AudienceRequestChannel.WEB, by=None, received_on=date(2026, 11, 16)
        )


@pytest.mark.date_sensitive
def test_desk_shows_requests_to_answer_to_their_keepers(clock, councillor, protocol_user, secretaria_director):
    from gabinete import desk
    from protocol.desk import audience_requests_due

    request = _submit()
    assert [i.title.split(":")[0] for i in audience_requests_due(protocol_user)] == [request.number]
    assert audience_requests_due(secretaria_director) == []
    clock.move_to(_at(request.due_date + timedelta(days=1)))  # the day after its deadline, whatever today is
    (item,) = audience_requests_due(protocol_user)
    assert item.urgency == desk.Urgency.OVERDUE


def test_public_pages_need_no_login(client):
    the_mayor()
    for name in ("request", "request-received", "request-list", "lobbyist-list", "lobbyist-csv"):
        assert client.get(reverse(f"lobby_public:{name}")).status_code == 200, name
    assert client.get(reverse("protocol:audience-request-list")).status_code == 302
