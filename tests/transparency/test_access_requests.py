"""Access requests (Ley 20.285 Título IV): receiving, the terms in business days around the December
holidays (08-12, 25-12, 01-01), admissibility, assignment, referral, third parties, the answer's path,
appeals, the public side and the index of reserved acts."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gabinete.concurrency import StaleObjectError
from gabinete.models import Directorate, ExtraHoliday, OutgoingEmail
from tests.conftest import SANTIAGO
from transparency import access_requests as svc
from transparency.models import (
    AccessChannel,
    AccessOutcome,
    AccessRequest,
    AccessRules,
    AccessStatus,
    AppealDecision,
)

pytestmark = pytest.mark.django_db

DATA = {
    "requester_name": "Camila Rojas Pérez",
    "email": "camila@example.invalid",
    "postal_address": "",
    "information": "Copia de los decretos de pago a la empresa de aseo de octubre de 2026.",
    "preferred_format": "pdf",
    "delivery": "correo",
}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=SANTIAGO)


@pytest.fixture
def on_4_december(clock):
    """A Friday: the 20 business days cross the 8th, Christmas and New Year."""
    clock.move_to(_at(date(2026, 12, 4)))
    return clock


def _submit(**changes) -> AccessRequest:
    return svc.access_request_submit(data={**DATA, **changes}, channel=AccessChannel.WEB, by=None)


def _personas() -> Directorate:
    return Directorate.objects.get(slug="gestion-de-personas")


def _assigned(people) -> AccessRequest:
    request = _submit()
    return svc.access_request_admit(request=request, by=people["gabinete"], directorate=_personas())


def _answer(request, people, **data) -> AccessRequest:
    data = {"outcome": AccessOutcome.GRANTED, "answer_text": "Se adjuntan los decretos solicitados.", **data}
    return svc.access_request_save_answer(request=request, by=people["enlace"], data=data)


# --- receiving ---------------------------------------------------------------------------------------


def test_a_request_gets_its_yearly_number_a_secret_link_and_a_receipt_with_its_due_date(on_4_december):
    first, second = _submit(), _submit(requester_name="Otra Persona")
    assert (first.number, second.number) == ("AI-2026-0001", "AI-2026-0002")
    assert len(first.token) >= 32 and first.token != second.token
    receipt = OutgoingEmail.objects.filter(to=["camila@example.invalid"]).order_by("pk").first()
    assert "AI-2026-0001" in receipt.subject
    assert "06-01-2027" in receipt.body and first.get_follow_url() in receipt.body


def test_a_request_received_on_4_december_is_due_on_6_january_and_says_how_it_was_counted(on_4_december):
    request = _submit()
    assert request.due_date == date(2027, 1, 6)
    text = svc.deadline(request).explanation
    assert "20 días hábiles desde el 04-12-2026" in text
    assert "08-12" in text and "25-12" in text and "01-01" in text and "sábado" in text


def test_a_letter_registered_later_counts_from_the_day_it_arrived(on_4_december, people):
    on_4_december.move_to(_at(date(2026, 12, 9)))
    request = svc.access_request_submit(
        data=DATA, channel=AccessChannel.PAPER, by=people["gabinete"], received_on=date(2026, 12, 4)
    )
    assert request.starts_on == date(2026, 12, 4) and request.due_date == date(2027, 1, 6)


def test_only_gabinete_registers_letters_and_never_with_a_future_date(on_4_december, people):
    with pytest.raises(PermissionDenied):
        svc.access_request_submit(data=DATA, channel=AccessChannel.PAPER, by=people["enlace"])
    with pytest.raises(ValidationError) as error:
        svc.access_request_submit(
            data=DATA, channel=AccessChannel.PAPER, by=people["gabinete"], received_on=date(2026, 12, 5)
        )
    assert "posterior a hoy" in str(error.value)


def test_a_request_without_e_mail_or_address_is_refused_in_spanish(client, on_4_december):
    response = client.post(reverse("transparency_public:access-form"), {**DATA, "email": ""})
    assert response.status_code == 400
    assert "Indique un correo electrónico o una dirección postal" in response.content.decode()
    assert 'value="Camila Rojas Pérez"' in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_delivery_by_letter_needs_the_postal_address(client, on_4_december):
    response = client.post(reverse("transparency_public:access-form"), {**DATA, "delivery": "postal"})
    assert response.status_code == 400
    assert "indique su dirección postal" in response.content.decode()


def test_the_public_form_honeypot_keeps_nothing(client, on_4_december):
    response = client.post(reverse("transparency_public:access-form"), {**DATA, "sitio_web": "http://spam"})
    assert response.status_code == 302 and not AccessRequest.objects.exists()


def test_the_public_form_limits_submissions_per_address(client, on_4_december, monkeypatch):
    from transparency import access_public_views as views

    monkeypatch.setattr(views, "SUBMISSION_LIMIT", views.SubmissionLimit("access-request", per_hour=1))
    assert client.post(reverse("transparency_public:access-form"), DATA).status_code == 302
    refused = client.post(reverse("transparency_public:access-form"), DATA)
    assert refused.status_code == 429 and "demasiadas solicitudes" in refused.content.decode()
    assert AccessRequest.objects.count() == 1


def test_an_oversized_description_is_refused_and_nothing_is_kept(client, on_4_december):
    response = client.post(reverse("transparency_public:access-form"), {**DATA, "information": "x" * 4001})
    assert response.status_code == 400 and not AccessRequest.objects.exists()


def test_the_receipt_page_shows_the_number_due_date_and_follow_link(client, on_4_december):
    response = client.post(reverse("transparency_public:access-form"), DATA, follow=True)
    body = response.content.decode()
    request = AccessRequest.objects.get()
    assert request.number in body and "06-01-2027" in body and request.get_follow_url() in body


def test_html_typed_in_a_request_is_shown_as_text(client, on_4_december, people):
    request = _submit(information="<script>alert(1)</script> decretos")
    client.force_login(people["gabinete"])
    body = client.get(request.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# --- the terms ----------------------------------------------------------------------------------------


def test_the_extension_adds_ten_business_days_once_with_its_reason_notified(on_4_december, people):
    request = _assigned(people)
    with pytest.raises(ValidationError, match="motivo"):
        svc.access_request_extend(request=request, by=people["gabinete"], reason=" ")
    request = svc.access_request_extend(
        request=request, by=people["gabinete"], reason="Los decretos están en el archivo de la Tesorería."
    )
    assert request.due_date == date(2027, 1, 20)
    assert "Prorrogado por 10 días hábiles" in svc.deadline(request).explanation
    notice = OutgoingEmail.objects.filter(subject__contains="plazo prorrogado").get()
    assert "20-01-2027" in notice.body and "archivo de la Tesorería" in notice.body
    with pytest.raises(ValidationError, match="ya se prorrogó"):
        svc.access_request_extend(request=request, by=people["gabinete"], reason="Otra vez")


def test_the_extension_must_be_notified_before_the_term_ends(on_4_december, people):
    request = _assigned(people)
    on_4_december.move_to(_at(date(2027, 1, 7)))
    with pytest.raises(ValidationError, match="venció el 06-01-2027"):
        svc.access_request_extend(request=request, by=people["gabinete"], reason="Tarde")


def test_the_extension_on_the_last_day_is_still_in_time(on_4_december, people):
    request = _assigned(people)
    on_4_december.move_to(_at(date(2027, 1, 6)))
    assert svc.access_request_extend(request=request, by=people["gabinete"], reason="A tiempo").is_extended


def test_a_third_partys_term_suspends_the_deadline(on_4_december, people):
    request = _assigned(people)
    on_4_december.move_to(_at(date(2026, 12, 7)))
    party = svc.third_party_notify(request=request, by=people["gabinete"], name="Aseo Norte SpA", contact="calle 1")
    # Three business days to oppose after the 7th: the 9th, 10th and 11th (the 8th is a holiday).
    assert party.oppose_by == date(2026, 12, 11)
    request.refresh_from_db()
    assert request.due_date == date(2027, 1, 11)
    assert "Suspendido 3 días hábiles" in svc.deadline(request).explanation


def test_a_third_party_who_answers_early_ends_the_suspension(on_4_december, people):
    request = _assigned(people)
    on_4_december.move_to(_at(date(2026, 12, 7)))
    party = svc.third_party_notify(request=request, by=people["gabinete"], name="Aseo Norte SpA", contact="calle 1")
    on_4_december.move_to(_at(date(2026, 12, 9)))
    svc.third_party_answer(party=party, by=people["gabinete"], opposed=False)
    request.refresh_from_db()
    assert request.due_date == date(2027, 1, 7)


def test_a_holiday_declared_later_moves_the_open_due_dates(on_4_december, people, django_capture_on_commit_callbacks):
    request = _submit()
    with django_capture_on_commit_callbacks(execute=True):
        ExtraHoliday.objects.create(date=date(2026, 12, 9), name="Feriado de prueba")
    request.refresh_from_db()
    assert request.due_date == date(2027, 1, 7)


# --- admissibility and the path ---------------------------------------------------------------------


def test_a_request_that_lacks_art_12_is_asked_to_correct_within_five_business_days(on_4_december, people):
    request = svc.access_request_ask_correction(
        request=_submit(), by=people["gabinete"], observations="Indique el período de los decretos."
    )
    assert request.status == AccessStatus.CORRECTION
    assert request.correction_due == date(2026, 12, 14)  # 7, 9, 10, 11, 14 (the 8th is a holiday)
    notice = OutgoingEmail.objects.filter(subject__contains="subsanarla").get()
    assert "14-12-2026" in notice.body and "desistida" in notice.body


def test_an_uncorrected_request_is_withdrawn_only_after_its_term(on_4_december, people):
    request = svc.access_request_ask_correction(request=_submit(), by=people["gabinete"], observations="Período")
    on_4_december.move_to(_at(date(2026, 12, 14)))
    with pytest.raises(ValidationError, match="hasta el 14-12-2026"):
        svc.access_request_withdraw(request=request, by=people["gabinete"])
    assert svc.withdraw_uncorrected() == 0
    on_4_december.move_to(_at(date(2026, 12, 15)))
    assert svc.withdraw_uncorrected() == 1
    request.refresh_from_db()
    assert request.status == AccessStatus.WITHDRAWN


def test_a_corrected_request_counts_its_term_from_the_correction(on_4_december, people):
    request = svc.access_request_ask_correction(request=_submit(), by=people["gabinete"], observations="Período")
    on_4_december.move_to(_at(date(2026, 12, 10)))
    request = svc.access_request_correct(request=request, by=people["gabinete"], observations="Octubre de 2026")
    assert request.status == AccessStatus.RECEIVED and request.starts_on == date(2026, 12, 10)
    # From the 10th: 20 business days skip the 25th and the 1st → 11 January.
    assert request.due_date == date(2027, 1, 11)
    assert "se subsanó el 10-12-2026" in svc.deadline(request).explanation


def test_admitting_needs_the_directorate_and_tells_it(on_4_december, people):
    request = _submit()
    people["director"]
    with pytest.raises(ValidationError, match="dirección que tiene la información"):
        svc.access_request_admit(request=request, by=people["gabinete"], directorate=None)
    request = svc.access_request_admit(request=request, by=people["gabinete"], directorate=_personas())
    assert request.status == AccessStatus.ASSIGNED
    from gabinete.models import Notification

    assert Notification.objects.filter(user=people["director"], url=request.get_absolute_url()).exists()


def test_a_directorate_cannot_admit_and_another_directorate_cannot_prepare(on_4_december, people):
    with pytest.raises(PermissionDenied):
        svc.access_request_admit(request=_submit(), by=people["enlace"], directorate=_personas())
    request = _assigned(people)
    with pytest.raises(PermissionDenied):
        svc.access_request_save_answer(request=request, by=people["other_enlace"], data={"outcome": "entregada"})


def test_a_referral_names_the_competent_body_and_tells_the_requester(on_4_december, people):
    request = svc.access_request_refer(
        request=_submit(), by=people["gabinete"], body="Servicio de Salud Antofagasta", observations=""
    )
    assert request.status == AccessStatus.REFERRED and request.referred_on == date(2026, 12, 4)
    assert "Servicio de Salud Antofagasta" in OutgoingEmail.objects.get(subject__contains="derivada").body


def test_a_denial_needs_its_legal_ground_and_a_public_answer_its_link(on_4_december, people):
    request = _assigned(people)
    _answer(request, people, outcome=AccessOutcome.DENIED)
    with pytest.raises(ValidationError, match="causal legal"):
        svc.access_request_step(request=request, by=people["enlace"], action="submit")
    _answer(request, people, outcome=AccessOutcome.PUBLIC)
    with pytest.raises(ValidationError, match="enlace"):
        svc.access_request_step(request=request, by=people["enlace"], action="submit")


def test_an_opposition_bars_delivery_unless_the_consejo_orders_it(on_4_december, people, grounds):
    request = _assigned(people)
    party = svc.third_party_notify(request=request, by=people["gabinete"], name="Aseo Norte SpA", contact="calle 1")
    on_4_december.move_to(_at(date(2026, 12, 9)))
    svc.third_party_answer(party=party, by=people["gabinete"], opposed=True, grounds="Secreto comercial.")
    _answer(request, people)
    with pytest.raises(ValidationError, match="Un tercero se opuso"):
        svc.access_request_step(request=request, by=people["enlace"], action="submit")
    opposition = grounds["art20-oposicion"]
    _answer(request, people, outcome=AccessOutcome.DENIED, ground=opposition)
    assert svc.access_request_step(request=request, by=people["enlace"], action="submit").status == (
        AccessStatus.LEGAL_REVIEW
    )


def test_the_answer_waits_for_the_third_partys_term(on_4_december, people):
    request = _assigned(people)
    svc.third_party_notify(request=request, by=people["gabinete"], name="Aseo Norte SpA", contact="calle 1")
    _answer(request, people)
    with pytest.raises(ValidationError, match="plazo de oposición"):
        svc.access_request_step(request=request, by=people["enlace"], action="submit")


def test_legal_returns_the_answer_and_it_goes_back_only_with_a_reply_and_a_change(on_4_december, people):
    request = _answer(_assigned(people), people)
    svc.access_request_step(request=request, by=people["enlace"], action="submit")
    svc.access_request_step(request=request, by=people["juridica"], action="return", observations="Falta noviembre.")
    with pytest.raises(ValidationError, match="Responda a las observaciones"):
        svc.access_request_step(request=request, by=people["enlace"], action="submit")
    _answer(request, people, answer_text="Se adjuntan los decretos de octubre y noviembre.")
    request = svc.access_request_step(request=request, by=people["enlace"], action="submit", reply="Agregué noviembre.")
    assert request.status == AccessStatus.LEGAL_REVIEW


def test_only_the_designated_signer_signs_and_the_answer_reaches_the_requester(on_4_december, people):
    request = _answer(_assigned(people), people)
    svc.access_request_step(request=request, by=people["enlace"], action="submit")
    svc.access_request_step(request=request, by=people["juridica"], action="approve")
    for refused in ("juridica", "gabinete"):
        with pytest.raises(PermissionDenied):
            svc.access_request_step(request=request, by=people[refused], action="sign")
    request = svc.access_request_step(request=request, by=people["administrador"], action="sign")
    assert request.status == AccessStatus.ANSWERED and request.signed_by == people["administrador"]
    answer = OutgoingEmail.objects.get(subject__contains="respuesta")
    assert "Se adjuntan los decretos solicitados." in answer.body


def test_who_signs_is_data_the_municipality_edits(on_4_december, people):
    AccessRules.objects.create(signer_role="alcalde")
    request = _answer(_assigned(people), people)
    svc.access_request_step(request=request, by=people["enlace"], action="submit")
    svc.access_request_step(request=request, by=people["juridica"], action="approve")
    with pytest.raises(PermissionDenied):
        svc.access_request_step(request=request, by=people["administrador"], action="sign")
    assert svc.access_request_step(request=request, by=people["alcalde"], action="sign").status == AccessStatus.ANSWERED


def test_a_step_on_a_stale_copy_is_refused(on_4_december, people):
    request = _submit()
    stale_version = request.version
    svc.access_request_ask_correction(request=request, by=people["gabinete"], observations="Período")
    with pytest.raises(StaleObjectError):
        svc.access_request_admit(
            request=request, by=people["gabinete"], directorate=_personas(), expected_version=stale_version
        )


# --- appeals -------------------------------------------------------------------------------------------


def test_an_amparo_upheld_gets_its_deadline_to_comply_and_lifts_an_opposition(on_4_december, people):
    request = _assigned(people)
    appeal = svc.appeal_record(
        request=request, by=people["juridica"], filed_on=date(2026, 12, 4), case_number="c1234-26"
    )
    assert appeal.case_number == "C1234-26"
    with pytest.raises(ValidationError):
        svc.appeal_record(request=request, by=people["juridica"], filed_on=date(2026, 12, 4), case_number="C1234-26")
    on_4_december.move_to(_at(date(2026, 12, 22)))
    appeal = svc.appeal_decide(
        appeal=appeal,
        by=people["juridica"],
        decision=AppealDecision.UPHELD,
        decided_on=date(2026, 12, 22),
        orders="Entregar los decretos.",
        orders_delivery=True,
    )
    # Five business days from the 22nd: 23, 24, 28, 29, 30 (Christmas is a holiday).
    assert appeal.comply_by == date(2026, 12, 30)
    request.refresh_from_db()
    assert request.delivery_ordered


def test_a_rejected_amparo_orders_nothing(on_4_december, people):
    request = _assigned(people)
    appeal = svc.appeal_record(request=request, by=people["gabinete"], filed_on=date(2026, 12, 4), case_number="C9-26")
    with pytest.raises(ValidationError, match="acoge"):
        svc.appeal_decide(
            appeal=appeal,
            by=people["gabinete"],
            decision=AppealDecision.REJECTED,
            decided_on=date(2026, 12, 4),
            orders_delivery=True,
        )


# --- Mi escritorio and the notices ---------------------------------------------------------------------


def test_the_request_is_on_the_desk_of_whoever_holds_it(on_4_december, people):
    from gabinete import desk

    request = _assigned(people)

    def titles(user):
        return [i.title for s in desk.sections_for(user) for i in s.items]

    assert any(request.number in t for t in titles(people["director"]))
    assert not any(request.number in t for t in titles(people["juridica"]))
    _answer(request, people)
    svc.access_request_step(request=request, by=people["enlace"], action="submit")
    assert any(request.number in t for t in titles(people["juridica"]))
    assert not any(request.number in t for t in titles(people["director"]))


def test_an_overdue_request_is_notified_to_whoever_holds_it(on_4_december, people):
    from gabinete.notifications import deadline_notices

    director = people["director"]
    request = _assigned(people)
    on_4_december.move_to(_at(date(2027, 1, 7)))
    deadline_notices()
    from gabinete.models import Notification

    notice = Notification.objects.get(user=director, url=request.get_absolute_url(), title__startswith="Vencido")
    assert "Vencido el 06-01-2027" in notice.title


# --- the public side ---------------------------------------------------------------------------------------


def _answered(people, **answer) -> AccessRequest:
    request = _answer(_assigned(people), people, **answer)
    svc.access_request_step(request=request, by=people["enlace"], action="submit")
    svc.access_request_step(request=request, by=people["juridica"], action="approve")
    return svc.access_request_step(request=request, by=people["administrador"], action="sign")


def test_the_requester_follows_the_request_with_its_secret_link_only(client, on_4_december):
    request = _submit()
    response = client.get(request.get_follow_url())
    assert response.status_code == 200 and "06-01-2027" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store" and response["Referrer-Policy"] == "no-referrer"
    wrong = reverse("transparency_public:access-follow", args=[request.number, "x" * 32])
    assert client.get(wrong).status_code == 404


def test_the_answered_requests_are_published_without_who_asked(client, on_4_december, people):
    request = _answered(people)
    on_4_december.move_to(_at(date(2026, 12, 9)))
    body = client.get(reverse("transparency_public:access-answered")).content.decode()
    assert request.number in body and "decretos de pago" in body
    assert "Camila" not in body and "camila@example.invalid" not in body


def test_the_yearly_statistics_count_outcomes_average_days_and_directorates(on_4_december, people, grounds):
    _answered(people)
    on_4_december.move_to(_at(date(2026, 12, 10)))
    second = _answer(_assigned(people), people, outcome=AccessOutcome.DENIED, ground=grounds["art21-2"])
    on_4_december.move_to(_at(date(2026, 12, 14)))
    for by, action in (("enlace", "submit"), ("juridica", "approve"), ("administrador", "sign")):
        svc.access_request_step(request=second, by=people[by], action=action)
    stats = svc.yearly_stats(2026)
    assert stats.received == 2 and stats.answered == 2
    assert dict(stats.by_outcome)["Entregada"] == 1 and dict(stats.by_outcome)["Denegada"] == 1
    # The first answered on the day it arrived (0 business days), the second in 2 (11 and 14 December).
    assert stats.average_days == 1.0
    assert stats.by_directorate == [(_personas().name, 2, 1.0)]


def test_a_denial_that_declares_an_act_reserved_feeds_the_public_index(client, on_4_december, people, grounds):
    ground = grounds["art21-1b"]
    _answered(
        people,
        outcome=AccessOutcome.DENIED,
        ground=ground,
        declares_reserved=True,
        reserved_act="Informe de evaluación previo a la licitación de aseo 2027",
    )
    body = client.get(reverse("transparency_public:reserved-index")).content.decode()
    assert "Informe de evaluación previo a la licitación de aseo 2027" in body and "Art. 21 N° 1 letra b)" in body


def test_only_a_denial_declares_an_act_reserved(on_4_december, people):
    request = _answer(_assigned(people), people, declares_reserved=True, reserved_act="Informe")
    with pytest.raises(ValidationError, match="Solo una denegación"):
        svc.access_request_step(request=request, by=people["enlace"], action="submit")


# --- the staff pages ------------------------------------------------------------------------------------


def test_the_queue_lists_assigned_and_unassigned_requests_in_few_queries(
    client, on_4_december, people, django_assert_max_num_queries
):
    for _i in range(3):
        _submit()
    _assigned(people)
    client.force_login(people["gabinete"])
    url = reverse("transparency:access-list")
    client.get(url)  # warm the per-process caches (the calendar, the menus)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200 and "AI-2026-0004" in body and "Gestión de Personas" in body
    client.force_login(people["other_enlace"])
    assert "AI-2026-0004" not in client.get(url).content.decode()


def test_another_directorates_liaison_cannot_open_the_request(client, on_4_december, people):
    request = _assigned(people)
    client.force_login(people["other_enlace"])
    assert client.get(request.get_absolute_url()).status_code == 404
    client.force_login(people["enlace"])
    assert client.get(request.get_absolute_url()).status_code == 200


def test_a_step_someone_else_takes_is_refused_before_reading_the_form(client, on_4_december, people):
    request = _assigned(people)
    client.force_login(people["gabinete"])
    url = reverse("transparency:access-action", args=[request.pk, "answer"])
    assert client.post(url, {"outcome": "entregada", "answer_text": "x"}).status_code == 403


def test_a_malformed_date_on_the_staff_form_is_explained_and_nothing_is_lost(client, on_4_december, people):
    client.force_login(people["gabinete"])
    response = client.post(
        reverse("transparency:access-create"), {**DATA, "channel": "papel", "received_on": "31-02-2026"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "La fecha no es válida" in body and "Camila Rojas Pérez" in body
    assert not AccessRequest.objects.exists()


def test_the_answer_form_refuses_a_link_that_is_not_one(client, on_4_december, people):
    request = _assigned(people)
    client.force_login(people["enlace"])
    response = client.post(
        reverse("transparency:access-action", args=[request.pk, "answer"]),
        {
            "outcome": "publica",
            "answer_text": "Está publicada.",
            "public_link": "javascript:alert(1)",
            "version": request.version,
        },
    )
    assert response.status_code == 400 and "El enlace no es válido" in response.content.decode()


def test_a_stale_answer_form_is_refused_and_keeps_what_was_typed(client, on_4_december, people):
    request = _assigned(people)
    _answer(request, people)
    client.force_login(people["enlace"])
    response = client.post(
        reverse("transparency:access-action", args=[request.pk, "answer"]),
        {"outcome": "denegada", "answer_text": "Texto nuevo que no se pierde", "version": request.version},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Texto nuevo que no se pierde" in body


def test_a_term_changed_in_the_admin_moves_the_open_due_dates(client, on_4_december, people, superuser):
    request = _submit()
    client.force_login(superuser)
    rules = {
        "answer_business_days": 21,
        "extension_business_days": 10,
        "correction_business_days": 5,
        "third_party_notice_business_days": 2,
        "opposition_business_days": 3,
        "appeal_business_days": 15,
        "comply_business_days": 5,
        "signer_role": "administrador",
        "terms_source": "Prueba",
    }
    response = client.post(reverse("admin:transparency_accessrules_add"), rules)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.due_date == date(2027, 1, 7)
