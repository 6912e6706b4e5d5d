"""Data subjects' requests (Ley 21.719, issue 20 point 6): the public form and the staff entry, the
deadline from the terms in data (calendar or business days, the extension), the answer, who may act,
and the Spanish messages for bad input."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gabinete import desk
from gabinete.business_days import count_business_days
from gabinete.dataprotection import services
from gabinete.dataprotection.models import DataSubjectRequest, RightsRules, RightsStatus
from gabinete.models import Activity, Notification, OutgoingEmail
from tests.conftest import SANTIAGO

pytestmark = pytest.mark.django_db

DATA = {
    "kind": "acceso",
    "requester_name": "Camila Rojas Pérez",
    "requester_rut": "",
    "email": "camila@example.invalid",
    "postal_address": "",
    "description": "Quiero saber qué datos míos tiene la Municipalidad.",
}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=SANTIAGO)


@pytest.fixture
def legal(user_factory):
    return user_factory("juridica", "asesoria-juridica", username="abogada")


@pytest.fixture
def head(user_factory):
    return user_factory("gabinete", "gabinete-de-alcaldia", team="jefatura", username="jefa")


def test_a_resident_files_a_request_on_the_public_form_and_gets_its_number_and_deadline(client, clock, legal):
    clock.move_to(_at(date(2026, 12, 2)))
    page = client.get(reverse("dataprotection_public:rights"))
    assert page.status_code == 200
    assert "Aviso de privacidad: ejercicio de derechos" in page.content.decode()
    response = client.post(reverse("dataprotection_public:rights"), {**DATA, "sitio_web": ""})
    assert response.status_code == 302
    saved = DataSubjectRequest.objects.get()
    assert saved.number == "DP-2026-0001"
    assert saved.channel == "web" and saved.status == RightsStatus.RECEIVED
    # 30 calendar days from 02-12-2026: 01-01-2027 is a holiday, so the term ends on Saturday 02-01
    # → Monday 04-01-2027.
    assert saved.due_date == date(2027, 1, 4)
    receipt = client.get(reverse("dataprotection_public:rights-received")).content.decode()
    assert "DP-2026-0001" in receipt and "04-01-2027" in receipt
    mail = OutgoingEmail.objects.get(kind="dataprotection.receipt")
    assert mail.to == ["camila@example.invalid"] and "04-01-2027" in mail.body
    entry = Activity.objects.get(verb="datasubjectrequest.received")
    assert entry.target_label == "DP-2026-0001"  # the log never carries the person's name
    assert Notification.objects.filter(user=legal, activity=entry).exists()


def test_a_program_filling_the_honeypot_leaves_nothing(client):
    response = client.post(reverse("dataprotection_public:rights"), {**DATA, "sitio_web": "http://spam.example"})
    assert response.status_code == 302
    assert not DataSubjectRequest.objects.exists()


def test_the_term_is_counted_in_business_days_when_the_rules_in_data_say_so(clock):
    clock.move_to(_at(date(2026, 12, 2)))
    RightsRules.objects.update_or_create(pk=1, defaults={"answer_days": 20, "business_days": True})
    saved = services.rights_request_submit(data=DATA, channel="web", by=None)
    assert saved.due_date == count_business_days(date(2026, 12, 2), 20).due
    assert "20 días hábiles" in services.deadline(saved).explanation


def test_the_extension_adds_its_term_once_and_tells_the_requester(clock, legal):
    clock.move_to(_at(date(2026, 12, 2)))
    saved = services.rights_request_submit(data=DATA, channel="web", by=None)
    extended = services.rights_request_extend(request=saved, reason="Búsqueda en el archivo.", by=legal)
    assert extended.status == RightsStatus.EXTENDED
    # 04-01-2027 + 30 days = 03-02-2027 (Wednesday).
    assert extended.due_date == date(2027, 2, 3)
    assert OutgoingEmail.objects.filter(kind="dataprotection.extended").exists()
    with pytest.raises(ValidationError):
        services.rights_request_extend(request=extended, reason="Otra vez.", by=legal)


def test_an_extension_needs_its_reason_and_comes_before_the_term_ends(clock, legal):
    clock.move_to(_at(date(2026, 12, 2)))
    saved = services.rights_request_submit(data=DATA, channel="web", by=None)
    with pytest.raises(ValidationError, match="motivo"):
        services.rights_request_extend(request=saved, reason="  ", by=legal)
    clock.move_to(_at(date(2027, 1, 5)))
    with pytest.raises(ValidationError, match="ya venció"):
        services.rights_request_extend(request=saved, reason="Tarde.", by=legal)


def test_staff_register_a_letter_with_the_day_it_arrived(client, clock, head):
    clock.move_to(_at(date(2026, 12, 10)))
    client.force_login(head)
    response = client.post(
        reverse("dataprotection:request-create"),
        {
            **DATA,
            "email": "",
            "postal_address": "Avenida Argentina 1450",
            "channel": "papel",
            "received_on": "2026-12-01",
        },
    )
    saved = DataSubjectRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == saved.get_absolute_url()
    assert saved.starts_on == date(2026, 12, 1) and saved.created_by == head
    assert saved.due_date == date(2026, 12, 31)


def test_only_gabinete_and_legal_register_letters_and_answer(user_factory, clock):
    enlace = user_factory("enlace", "aseo")
    with pytest.raises(PermissionDenied):
        services.rights_request_submit(data=DATA, channel="papel", by=enlace, received_on=date(2026, 11, 30))
    saved = services.rights_request_submit(data=DATA, channel="web", by=None)
    with pytest.raises(PermissionDenied):
        services.rights_request_answer(request=saved, outcome="acogida", answer="Listo.", by=enlace)


def test_the_answer_needs_an_outcome_and_a_text_and_closes_the_request(client, legal):
    saved = services.rights_request_submit(data=DATA, channel="web", by=None)
    client.force_login(legal)
    url = reverse("dataprotection:request-answer", args=[saved.pk])
    refused = client.post(url, {"version": saved.version, "outcome": "", "answer": ""})
    assert refused.status_code == 400
    assert "Indique si la solicitud se acoge" in refused.content.decode()
    response = client.post(url, {"version": saved.version, "outcome": "acogida", "answer": "Le enviamos sus datos."})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.status == RightsStatus.ANSWERED and saved.answered_by == legal and saved.answered_at
    assert OutgoingEmail.objects.filter(kind="dataprotection.answer", body__contains="Le enviamos sus datos.").exists()
    with pytest.raises(ValidationError):
        services.rights_request_answer(request=saved, outcome="acogida", answer="De nuevo.", by=legal)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("requester_rut", "12.345.678-9", "El RUT no es válido"),
        ("requester_rut", "abc", "El RUT no es válido"),
        ("description", "<script>alert(1)</script>", "no incluya etiquetas HTML"),
        ("requester_name", "<b>Camila</b>", "no incluya etiquetas HTML"),
        ("email", "no-es-correo", "El correo electrónico no es válido"),
        ("kind", "inventado", "Elija uno de los derechos"),
    ],
)
def test_bad_input_gets_a_clear_spanish_message(client, field, value, message):
    response = client.post(reverse("dataprotection_public:rights"), {**DATA, field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "<script>alert(1)</script>" not in page
    assert not DataSubjectRequest.objects.exists()


def test_a_malformed_date_of_arrival_gets_a_spanish_message(client, head):
    client.force_login(head)
    response = client.post(
        reverse("dataprotection:request-create"), {**DATA, "channel": "correo", "received_on": "31-02-2026"}
    )
    assert response.status_code == 400
    assert "La fecha no es válida" in response.content.decode()


def test_a_valid_rut_is_stored_in_the_project_format(client):
    client.post(reverse("dataprotection_public:rights"), {**DATA, "requester_rut": "12345678-5"})
    assert DataSubjectRequest.objects.get().requester_rut == "12.345.678-5"


def test_mi_escritorio_shows_requests_near_their_deadline_to_legal_and_the_head_only(clock, legal, head, user_factory):
    clock.move_to(_at(date(2026, 12, 2)))
    near = services.rights_request_submit(data=DATA, channel="web", by=None)
    clock.move_to(_at(date(2026, 12, 30)))  # due 04-01-2027: within the 5 warning days
    services.rights_request_submit(data={**DATA, "requester_name": "Otra Persona"}, channel="web", by=None)
    press = user_factory("gabinete", "gabinete-de-alcaldia", team="prensa", username="periodista")

    def items(user):
        return [i for s in desk.sections_for(user) if s.key == "dataprotection.rights_requests_due" for i in s.items]

    for user in (legal, head):
        found = items(user)
        assert [i.title.split(" — ")[0] for i in found] == [near.number]
        assert found[0].urgency == desk.Urgency.DUE_SOON
    assert items(press) == []
    clock.move_to(_at(date(2027, 1, 5)))
    assert items(legal)[0].urgency == desk.Urgency.OVERDUE


def test_the_staff_list_shows_open_requests_by_deadline(client, legal):
    services.rights_request_submit(data=DATA, channel="web", by=None)
    client.force_login(legal)
    page = client.get(reverse("dataprotection:request-list")).content.decode()
    assert "DP-" in page and "Camila Rojas Pérez" in page


def test_the_person_menu_leads_gabinete_and_legal_to_the_requests(client, legal, user_factory):
    link = f'href="{reverse("dataprotection:request-list")}"'
    for user in (legal, user_factory("gabinete", "gabinete-de-alcaldia", team="prensa")):
        client.force_login(user)
        assert link in client.get(reverse("gabinete:home")).content.decode()
    client.force_login(user_factory("enlace", "aseo"))
    assert link not in client.get(reverse("gabinete:home")).content.decode()
    assert client.get(reverse("dataprotection:request-list")).status_code == 403
