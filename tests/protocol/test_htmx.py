"""The event page's checklist and attendees answer htmx with their part only; without htmx, the
same URLs redirect back to the page as before. Permissions are the same either way."""

import pytest
from django.urls import reverse

from protocol.models import Attendee

from .factories import AttendeeFactory, EventFactory, TaskFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _templates(response) -> list[str]:
    return [t.name for t in response.templates]


def test_ticking_a_task_with_htmx_answers_only_the_checklist(client, protocol_user):
    task = TaskFactory(title="Bandera izada")
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:task-toggle", args=[task.pk]), {"done": "1"}, **HTMX)
    assert response.status_code == 200
    assert _templates(response)[0] == "protocol/_checklist.html" and "base.html" not in _templates(response)
    assert "Tarea «Bandera izada» marcada como hecha." in response.text
    assert 'id="pauta"' in response.text and 'id="asistentes"' not in response.text
    task.refresh_from_db()
    assert task.done
    # The notice was said in the part: it does not wait for the next full page as a message.
    page = client.get(reverse("protocol:event-detail", args=[task.event_id]))
    assert "marcada como hecha" not in page.text


def test_ticking_a_task_without_htmx_goes_back_to_the_checklist(client, protocol_user):
    task = TaskFactory()
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:task-toggle", args=[task.pk]), {"done": "1"})
    assert response.status_code == 302
    assert response.url == reverse("protocol:event-detail", args=[task.event_id]) + "#pauta"


def test_someone_not_responsible_cannot_tick_a_task_with_htmx(client, user_factory):
    task = TaskFactory()
    client.force_login(user_factory("enlace", "aseo", username="otra.direccion"))
    response = client.post(reverse("protocol:task-toggle", args=[task.pk]), {"done": "1"}, **HTMX)
    assert response.status_code == 404
    task.refresh_from_db()
    assert not task.done


def test_the_person_responsible_ticks_with_htmx_and_sees_no_management_buttons(client, user_factory):
    person = user_factory("enlace", "aseo", username="resp.htmx")
    task = TaskFactory(responsible=person)
    client.force_login(person)
    response = client.post(reverse("protocol:task-toggle", args=[task.pk]), {"done": "1"}, **HTMX)
    assert response.status_code == 200 and "marcada como hecha" in response.text
    assert reverse("protocol:task-remove", args=[task.event_id, task.pk]) not in response.text
    assert "Agregar tarea" not in response.text


def test_adding_an_attendee_with_htmx_answers_the_attendee_list_with_the_form_open(client, protocol_user):
    event = EventFactory()
    client.force_login(protocol_user)
    response = client.post(
        reverse("protocol:attendee-add", args=[event.pk]),
        {"att-name": "Ana Rojas", "att-office": "Seremi de Salud", "att-institution": "Gobierno"},
        **HTMX,
    )
    assert response.status_code == 200 and _templates(response)[0] == "protocol/_attendees.html"
    assert "Asistente agregado." in response.text and "Ana Rojas" in response.text
    assert '<details class="card card-body d-print-none" open>' in response.text
    assert Attendee.objects.filter(event=event, name="Ana Rojas").exists()


def test_an_invalid_attendee_with_htmx_comes_back_with_the_spanish_error_and_what_was_typed(client, protocol_user):
    event = EventFactory()
    client.force_login(protocol_user)
    response = client.post(
        reverse("protocol:attendee-add", args=[event.pk]), {"att-name": "", "att-office": "Concejal"}, **HTMX
    )
    assert response.status_code == 200 and _templates(response)[0] == "protocol/_attendees.html"
    assert "No se agregó el asistente." in response.text and "Este campo es obligatorio." in response.text
    assert 'aria-invalid="true"' in response.text and 'value="Concejal"' in response.text
    assert not Attendee.objects.filter(event=event).exists()


def test_a_liaison_cannot_add_an_attendee_with_htmx(client, user_factory):
    event = EventFactory()
    client.force_login(user_factory("enlace", "aseo", username="enlace.htmx"))
    response = client.post(reverse("protocol:attendee-add", args=[event.pk]), {"att-name": "X"}, **HTMX)
    assert response.status_code == 403
    assert not Attendee.objects.filter(event=event).exists()


def test_removing_an_attendee_with_htmx_answers_the_attendee_list(client, protocol_user):
    attendee = AttendeeFactory(name="Pedro Soto")
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:attendee-remove", args=[attendee.event_id, attendee.pk]), **HTMX)
    assert response.status_code == 200 and "Asistente quitado." in response.text and "Pedro Soto" not in response.text


@pytest.mark.parametrize("rows", [1, 6])
def test_the_checklist_part_costs_the_same_queries_however_many_tasks(
    client, protocol_user, django_assert_num_queries, rows
):
    event = EventFactory()
    tasks = [TaskFactory(event=event, responsible=protocol_user) for _ in range(rows)]
    client.force_login(protocol_user)
    client.get(reverse("protocol:event-detail", args=[event.pk]))  # session and user warmed up
    with django_assert_num_queries(QUERIES_TICK):
        response = client.post(reverse("protocol:task-toggle", args=[tasks[0].pk]), {"done": "1"}, **HTMX)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 6])
def test_the_attendee_part_costs_the_same_queries_however_many_attendees(
    client, protocol_user, django_assert_num_queries, rows
):
    event = EventFactory()
    for _ in range(rows):
        AttendeeFactory(event=event)
    client.force_login(protocol_user)
    client.get(reverse("protocol:event-detail", args=[event.pk]))
    with django_assert_num_queries(QUERIES_ADD):
        response = client.post(reverse("protocol:attendee-add", args=[event.pk]), {"att-name": "Nueva"}, **HTMX)
    assert response.status_code == 200


#: Session, user, the task, memberships, the write (savepoint, update, history, the activity-log entry),
#: the event with its attendees and tasks (responsible people), and the add-task form's list of people.
QUERIES_TICK = 14
QUERIES_ADD = 14
