"""The Alcalde's assignments ("encargos"): responsible person, due date, progress notes, closure, overdue."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from gabinete import desk, jobs
from gabinete.models import Job, JobState
from gabinete.office import services
from gabinete.office.models import Assignment
from tests.gabinete.job_helpers import requested_document
from tests.gabinete.mail_helpers import deliver_outbox

pytestmark = pytest.mark.django_db


def _create(
    people, directorates, *, due_in=5, responsible="aseo", slug="aseo", title="Informe de microbasurales", by="alcalde"
):
    return services.assignment_create(
        title=title,
        description="Mapa de puntos críticos.",
        directorate=directorates[slug],
        responsible=people[responsible] if responsible else None,
        due_date=timezone.localdate() + timedelta(days=due_in),
        by=people[by],
    )


def test_alcalde_gives_a_task_to_a_directorate_and_the_responsible_is_told(
    people, directorates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = _create(people, directorates, responsible="protocolo", slug="gabinete-de-alcaldia")
    deliver_outbox()
    assert assignment.is_open and assignment.created_by == people["alcalde"]
    (message,) = mail.outbox
    assert message.to == [people["protocolo"].email]
    assert message.subject.endswith(assignment.title)


def test_a_task_without_responsible_person_is_refused_with_a_spanish_message(people, directorates):
    with pytest.raises(ValidationError) as error:
        _create(people, directorates, responsible=None)
    assert error.value.message_dict["responsible"] == ["Indique la persona responsable del encargo."]
    assert not Assignment.objects.exists()


def test_the_responsible_person_must_belong_to_the_directorate(people, directorates):
    with pytest.raises(ValidationError) as error:
        _create(people, directorates, responsible="transito")
    assert "debe pertenecer a Dirección de Aseo" in str(error.value)


def test_a_due_date_before_the_assignment_is_refused(people, directorates):
    with pytest.raises(ValidationError) as error:
        _create(people, directorates, due_in=-1)
    assert "no puede ser anterior" in str(error.value)


def test_directors_cannot_create_assignments(people, directorates):
    with pytest.raises(PermissionDenied):
        _create(people, directorates, by="aseo")


@pytest.mark.date_sensitive
def test_progress_notes_and_closure_are_kept_with_history(people, directorates):
    assignment = _create(people, directorates)
    services.assignment_add_note(assignment=assignment, text="Catastro al 50 %.", by=people["enlace_aseo"])
    with pytest.raises(ValidationError):
        services.assignment_close(assignment=assignment, closure_note=" ", by=people["aseo"])
    closed = services.assignment_close(assignment=assignment, closure_note="Informe entregado.", by=people["aseo"])
    assert closed.status == "cerrado" and closed.closed_on == timezone.localdate()
    assert assignment.notes.get().text == "Catastro al 50 %."
    assert [h.status for h in closed.history.order_by("history_date")] == ["abierto", "cerrado"]
    assert closed.history.latest().history_user == people["aseo"]
    with pytest.raises(PermissionDenied):
        services.assignment_add_note(assignment=closed, text="tarde", by=people["aseo"])


def test_another_directorate_cannot_report_progress(people, directorates):
    assignment = _create(people, directorates)
    with pytest.raises(PermissionDenied):
        services.assignment_add_note(assignment=assignment, text="x", by=people["transito"])


@pytest.mark.date_sensitive
def test_overdue_assignments_appear_on_mi_escritorio(people, directorates):
    overdue = _create(people, directorates, title="Atrasado")
    Assignment.objects.filter(pk=overdue.pk).update(
        due_date=timezone.localdate() - timedelta(days=2), assigned_on=timezone.localdate() - timedelta(days=9)
    )
    _create(people, directorates, title="A tiempo", due_in=30)
    for who in ("aseo", "alcalde", "gabinete"):
        items = {i.title: i for s in desk.sections_for(people[who]) for i in s.items}
        assert items["Atrasado"].urgency == "overdue", who
    # The responsible person also sees the open one that is not overdue; Gabinete sees only overdue ones.
    assert "A tiempo" in {i.title for s in desk.sections_for(people["aseo"]) for i in s.items}
    assert "A tiempo" not in {i.title for s in desk.sections_for(people["gabinete"]) for i in s.items}
    assert "Atrasado" not in {i.title for s in desk.sections_for(people["transito"]) for i in s.items}


@pytest.mark.date_sensitive
def test_weekly_pdf_for_the_alcalde_lists_overdue_first(client, people, directorates):
    overdue = _create(people, directorates, title="Visita a la población Bonilla")
    Assignment.objects.filter(pk=overdue.pk).update(
        due_date=timezone.localdate() - timedelta(days=3), assigned_on=timezone.localdate() - timedelta(days=9)
    )
    services.assignment_add_note(assignment=overdue, text="Falta confirmar la fecha.", by=people["aseo"])
    _create(people, directorates, title="Paraderos en avenida Argentina", due_in=40)
    client.force_login(people["alcalde"])
    response = requested_document(client, reverse("office:assignment-weekly-pdf"))
    assert response["Content-Type"] == "application/pdf"
    job = Job.objects.get()
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert job.title == (
        f"Encargos del Alcalde: informe semanal del {monday:%d-%m-%Y} al {monday + timedelta(days=6):%d-%m-%Y}"
    )
    assert job.filename == f"encargos-semana-{monday:%Y-%m-%d}.pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Encargos del Alcalde: informe semanal" in text
    assert (
        text.index("Encargos vencidos")
        < text.index("Visita a la población Bonilla")
        < text.index("Con plazo posterior Encargo")
        < text.index("Paraderos en avenida Argentina")
    )
    assert "3 días de atraso" in text and "Falta confirmar la fecha." in text


# --- views ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["office:assignment-list", "office:assignment-create", "office:assignment-weekly-pdf"])
def test_assignment_pages_need_login(client, db, name):
    assert client.get(reverse(name)).status_code == 302


def test_a_director_cannot_ask_for_the_weekly_report(client, people):
    client.force_login(people["aseo"])
    assert client.post(reverse("office:assignment-weekly-pdf")).status_code == 403
    assert not Job.objects.exists()


def test_the_weekly_report_is_no_longer_opened_at_its_old_address(client, people):
    client.force_login(people["alcalde"])
    assert client.get(reverse("office:assignment-weekly-pdf")).status_code == 405


@pytest.mark.date_sensitive
def test_form_without_responsible_shows_the_message_and_keeps_the_input(client, people, directorates):
    client.force_login(people["gabinete"])
    response = client.post(
        reverse("office:assignment-create"),
        {
            "title": "Saludo de aniversario",
            "directorate": directorates["aseo"].pk,
            "responsible": "",
            "due_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Indique la persona responsable del encargo." in response.text
    assert "Saludo de aniversario" in response.text
    assert not Assignment.objects.exists()


@pytest.mark.date_sensitive
def test_gabinete_creates_an_assignment_through_the_form(client, people, directorates):
    client.force_login(people["gabinete"])
    response = client.post(
        reverse("office:assignment-create"),
        {
            "title": "Saludo de aniversario",
            "description": "",
            "directorate": directorates["aseo"].pk,
            "responsible": people["aseo"].pk,
            "due_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.get().responsible == people["aseo"]


def test_other_directorate_gets_404_and_director_cannot_open_the_create_form(client, people, directorates):
    assignment = _create(people, directorates)
    client.force_login(people["transito"])
    assert client.get(reverse("office:assignment-detail", args=[assignment.pk])).status_code == 404
    assert client.get(reverse("office:assignment-create")).status_code == 403
    client.force_login(people["enlace_aseo"])
    assert client.get(reverse("office:assignment-detail", args=[assignment.pk])).status_code == 200


def test_responsible_closes_through_the_page(client, people, directorates):
    assignment = _create(people, directorates)
    client.force_login(people["aseo"])
    response = client.post(reverse("office:assignment-close", args=[assignment.pk]), {"closure_note": ""})
    assert response.status_code == 200 and "Indique el resultado del encargo" in response.text
    response = client.post(reverse("office:assignment-close", args=[assignment.pk]), {"closure_note": "Hecho."})
    assert response.status_code == 302
    assert Assignment.objects.get().status == "cerrado"


def test_assignment_actions_refuse_people_who_may_not_act_whatever_they_post(
    client, people, directorates, user_factory
):
    """Seeing an assignment is not enough: the note and the closure are refused (403) before the form is
    read, also for an empty form (not the page with form errors)."""
    assignment = _create(people, directorates, responsible="enlace_aseo")
    administrador = user_factory("administrador", "administracion-municipal", username="administrador")
    client.force_login(administrador)
    assert client.get(reverse("office:assignment-detail", args=[assignment.pk])).status_code == 200
    assert client.post(reverse("office:assignment-note", args=[assignment.pk]), {}).status_code == 403
    assert client.post(reverse("office:assignment-close", args=[assignment.pk]), {}).status_code == 403
    # Aseo's director may report progress but only the responsible person closes (or the Alcalde, Gabinete).
    client.force_login(people["aseo"])
    assert client.post(reverse("office:assignment-close", args=[assignment.pk]), {}).status_code == 403
    assert client.post(reverse("office:assignment-note", args=[assignment.pk]), {}).status_code == 200
    assert Assignment.objects.get().status == "abierto"


@pytest.mark.parametrize("rows", [5, 50])
def test_assignment_list_query_count_does_not_grow(client, people, directorates, rows, django_assert_max_num_queries):
    for i in range(rows):
        _create(people, directorates, title=f"Encargo {i}")
    client.force_login(people["gabinete"])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("office:assignment-list")).status_code == 200
    assert client.post(reverse("office:assignment-weekly-pdf")).status_code == 302
    job = Job.objects.get()
    with django_assert_max_num_queries(16):  # the job's own bookkeeping and the owner's notice included
        jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE
