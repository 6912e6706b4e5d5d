"""Matters for the Alcalde's decision: raised by a directorate, prepared by Gabinete, decided by the Alcalde."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from gabinete import desk, jobs
from gabinete.models import Job, JobState, Membership
from gabinete.office import services
from gabinete.office.models import Matter, MatterAttachment
from tests.gabinete.job_helpers import requested_document
from tests.gabinete.mail_helpers import deliver_outbox
from tests.office.factories import big_pdf_upload, exe_upload, make_matter, pdf_upload

pytestmark = pytest.mark.django_db


# --- services -------------------------------------------------------------------------------------------


def test_directorate_raises_a_matter_with_attachments(people, directorates):
    matter = make_matter(directorates["aseo"], people["enlace_aseo"], attachments=[(pdf_upload(), "Informe")])
    assert matter.status == "presentado"
    assert matter.raised_by == people["enlace_aseo"]
    assert matter.attachments.get().original_name == "informe.pdf"
    assert matter.history.count() == 1


def test_liaison_cannot_raise_a_matter_for_another_directorate(people, directorates):
    with pytest.raises(PermissionDenied):
        make_matter(directorates["transito-y-transporte-publico"], people["enlace_aseo"])
    assert not Matter.objects.exists()


def test_attachment_of_the_wrong_kind_is_refused_and_nothing_is_saved(people, directorates):
    with pytest.raises(ValidationError) as error:
        make_matter(directorates["aseo"], people["aseo"], attachments=[(exe_upload(), "")])
    assert "no corresponde a un tipo permitido" in str(error.value)
    assert not Matter.objects.exists()
    assert not MatterAttachment.objects.exists()


def test_gabinete_raising_a_matter_with_its_summary_saves_nothing_when_an_attachment_is_refused(
    people, directorates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        make_matter(
            directorates["aseo"],
            people["gabinete"],
            gabinete_summary="Costo estimado: $4.800.000.",
            attachments=[(pdf_upload(), "Informe"), (exe_upload(), "")],
        )
    assert not Matter.objects.exists()
    assert not Matter.history.exists()
    assert not MatterAttachment.objects.exists()
    assert mail.outbox == []


def test_only_gabinete_writes_the_summary_of_a_matter_it_raises(people, directorates):
    with pytest.raises(PermissionDenied):
        make_matter(directorates["aseo"], people["aseo"], gabinete_summary="Sin costo.")
    assert not Matter.objects.exists()


def test_attachment_too_large_is_refused_and_the_matter_keeps_its_files(people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"], attachments=[(pdf_upload(), "")])
    with pytest.raises(ValidationError) as error:
        services.matter_attach(matter=matter, file=big_pdf_upload(), by=people["aseo"])
    assert "el máximo permitido es 10 MB" in str(error.value)
    assert matter.attachments.count() == 1


def test_gabinete_asks_for_more_and_the_directorate_answers(people, directorates, django_capture_on_commit_callbacks):
    people["aseo"]  # the Aseo director, who must hear about it
    matter = make_matter(directorates["aseo"], people["enlace_aseo"])
    with django_capture_on_commit_callbacks(execute=True):
        services.matter_request_info(matter=matter, question="Adjunte el presupuesto.", by=people["gabinete"])
    deliver_outbox()
    matter.refresh_from_db()
    assert matter.status == "antecedentes"
    # The director hears by e-mail (a notice: the title and a link, never Gabinete's question).
    message = next(m for m in mail.outbox if "dir.aseo@example.invalid" in m.to)
    assert message.subject.endswith(": Cierre de calle para feria")
    assert "Adjunte el presupuesto." not in message.body
    services.matter_answer(matter=matter, answer="Presupuesto adjunto: $4.800.000.", by=people["enlace_aseo"])
    matter.refresh_from_db()
    assert matter.status == "presentado"
    assert [n.kind for n in matter.notes.all()] == ["solicitud", "respuesta"]


def test_another_directorate_cannot_answer_for_the_matter(people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    services.matter_request_info(matter=matter, question="Más datos", by=people["gabinete"])
    with pytest.raises(PermissionDenied):
        services.matter_answer(matter=matter, answer="x", by=people["transito"])


@pytest.mark.date_sensitive
def test_gabinete_groups_a_matter_for_the_next_dispatch_meeting(people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    day = timezone.localdate() + timedelta(days=3)
    services.matter_schedule(matter=matter, meeting_date=day, by=people["gabinete"])
    matter.refresh_from_db()
    assert matter.status == "preparado"
    assert matter.meeting.date == day


@pytest.mark.date_sensitive
def test_a_dispatch_meeting_in_the_past_is_refused(people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    with pytest.raises(ValidationError) as error:
        services.matter_schedule(
            matter=matter, meeting_date=timezone.localdate() - timedelta(days=1), by=people["gabinete"]
        )
    assert "fecha pasada" in str(error.value)


@pytest.mark.date_sensitive
def test_alcalde_decides_and_the_directorate_is_notified(people, directorates, django_capture_on_commit_callbacks):
    people["aseo"]  # the Aseo director, who must hear about it
    matter = make_matter(directorates["aseo"], people["enlace_aseo"])
    with django_capture_on_commit_callbacks(execute=True):
        services.matter_decide(matter=matter, decision="aprobado", by=people["alcalde"])
    deliver_outbox()
    matter.refresh_from_db()
    assert (matter.status, matter.decision, matter.decided_on) == ("resuelto", "aprobado", timezone.localdate())
    assert matter.decided_by == people["alcalde"] and not matter.decided_on_behalf
    message = next(m for m in mail.outbox if "dir.aseo@example.invalid" in m.to)
    assert message.subject.endswith(": Cierre de calle para feria")
    assert "/notificaciones/" in message.body


def test_gabinete_records_the_decision_on_the_alcaldes_behalf(people, directorates, django_capture_on_commit_callbacks):
    matter = make_matter(directorates["aseo"], people["aseo"])
    with django_capture_on_commit_callbacks(execute=True):
        services.matter_decide(
            matter=matter, decision="instrucciones", instructions="Coordinar con Tránsito.", by=people["gabinete"]
        )
    deliver_outbox()
    matter.refresh_from_db()
    assert matter.decided_on_behalf and matter.decided_by == people["gabinete"]
    # The notice says who recorded it; the instructions stay in the intranet (restricted content).
    assert "Por Carolina Rojas." in mail.outbox[-1].body
    assert "Coordinar con Tránsito." not in mail.outbox[-1].body


@pytest.mark.parametrize("who", ["aseo", "enlace_aseo", "juridica"])
def test_nobody_else_may_record_a_decision(people, directorates, who):
    matter = make_matter(directorates["aseo"], people["aseo"])
    with pytest.raises(PermissionDenied) as error:
        services.matter_decide(matter=matter, decision="aprobado", by=people[who])
    assert "Solo el Alcalde, o Gabinete en nombre del Alcalde" in str(error.value)
    matter.refresh_from_db()
    assert matter.status == "presentado" and matter.decision == ""


def test_decision_with_instructions_needs_the_instructions(people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    with pytest.raises(ValidationError) as error:
        services.matter_decide(matter=matter, decision="instrucciones", by=people["alcalde"])
    assert "debe indicar las instrucciones" in str(error.value)


@pytest.mark.date_sensitive
def test_decision_in_the_future_is_refused(people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    with pytest.raises(ValidationError):
        services.matter_decide(
            matter=matter,
            decision="aprobado",
            by=people["alcalde"],
            decided_on=timezone.localdate() + timedelta(days=1),
        )


def test_a_decided_matter_keeps_its_decision(people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    services.matter_decide(matter=matter, decision="rechazado", by=people["alcalde"])
    with pytest.raises(ValidationError) as error:
        services.matter_decide(matter=matter, decision="aprobado", by=people["gabinete"])
    assert "ya fue resuelto" in str(error.value)
    matter.refresh_from_db()
    assert matter.decision == "rechazado"
    assert matter.history.count() == 2


def test_a_matter_waiting_for_the_directorate_cannot_be_decided(people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    services.matter_request_info(matter=matter, question="Más datos", by=people["gabinete"])
    with pytest.raises(ValidationError):
        services.matter_decide(matter=matter, decision="aprobado", by=people["alcalde"])


def test_stale_edit_is_refused(people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    stale = matter.version
    services.matter_update(matter=matter, data={"subject": "Nuevo"}, expected_version=stale, by=people["gabinete"])
    with pytest.raises(ValidationError) as error:
        services.matter_update(
            matter=Matter.objects.get(pk=matter.pk), data={"subject": "Otro"}, expected_version=stale, by=people["aseo"]
        )
    assert "Otra persona modificó este registro" in str(error.value)
    assert Matter.objects.get(pk=matter.pk).subject == "Nuevo"


# --- views ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["office:index", "office:matter-list", "office:matter-create", "office:matter-minuta-pdf"]
)
def test_matter_pages_send_anonymous_users_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.date_sensitive
def test_liaison_raises_a_matter_through_the_form(client, people, directorates):
    client.force_login(people["enlace_aseo"])
    response = client.post(
        reverse("office:matter-create"),
        {
            "directorate": directorates["aseo"].pk,
            "subject": "Horario de recolección",
            "background": "Reclamos.",
            "options": "",
            "recommendation": "",
            "urgency": 1,
            "attachments": [pdf_upload("a.pdf"), pdf_upload("b.pdf")],
        },
    )
    matter = Matter.objects.get()
    assert response.status_code == 302 and response.url == reverse("office:matter-detail", args=[matter.pk])
    assert matter.attachments.count() == 2


@pytest.mark.date_sensitive
def test_gabinete_raises_a_matter_with_its_summary_in_one_recorded_change(client, people, directorates):
    client.force_login(people["gabinete"])
    response = client.post(
        reverse("office:matter-create"),
        {
            "directorate": directorates["aseo"].pk,
            "subject": "Horario de recolección",
            "background": "Reclamos.",
            "urgency": 2,
            "gabinete_summary": "Costo estimado: $4.800.000 mensuales.",
        },
    )
    matter = Matter.objects.get()
    assert response.status_code == 302
    assert matter.gabinete_summary == "Costo estimado: $4.800.000 mensuales."
    change = matter.history.get()
    assert change.history_type == "+" and change.history_user == people["gabinete"]
    assert change.gabinete_summary == "Costo estimado: $4.800.000 mensuales."


@pytest.mark.date_sensitive
def test_form_refuses_a_wrong_attachment_with_a_spanish_message_and_keeps_the_input(client, people, directorates):
    client.force_login(people["enlace_aseo"])
    response = client.post(
        reverse("office:matter-create"),
        {
            "directorate": directorates["aseo"].pk,
            "subject": "Horario de recolección",
            "background": "Reclamos.",
            "urgency": 3,
            "attachments": [exe_upload()],
        },
    )
    assert response.status_code == 200
    assert "El contenido del archivo no corresponde a un tipo permitido" in response.text
    assert "Horario de recolección" in response.text
    assert not Matter.objects.exists()


def test_directorate_sees_its_matter_and_the_decision(client, people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    services.matter_decide(
        matter=matter, decision="instrucciones", instructions="Hacerlo en marzo.", by=people["gabinete"]
    )
    client.force_login(people["enlace_aseo"])
    page = client.get(reverse("office:matter-detail", args=[matter.pk])).text
    assert "Decisión del Alcalde" in page and "Con instrucciones" in page and "Hacerlo en marzo." in page
    assert "en nombre del Alcalde" in page
    assert "Registrar la decisión del Alcalde" not in page


def test_another_directorate_gets_404_for_a_matter(client, people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    client.force_login(people["transito"])
    assert client.get(reverse("office:matter-detail", args=[matter.pk])).status_code == 404


@pytest.mark.date_sensitive
def test_director_posting_a_decision_gets_403_and_nothing_changes(client, people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    client.force_login(people["aseo"])
    response = client.post(
        reverse("office:matter-decide", args=[matter.pk]),
        {"decision": "aprobado", "decided_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    matter.refresh_from_db()
    assert matter.status == "presentado"


@pytest.mark.parametrize(
    "who, url_name",
    [
        ("aseo", "office:matter-request-info"),
        ("aseo", "office:matter-schedule"),
        ("alcalde", "office:matter-attach"),
        ("alcalde", "office:matter-request-info"),
        ("gabinete", "office:matter-answer"),
    ],
)
def test_matter_actions_refuse_people_who_may_not_act_whatever_they_post(client, people, directorates, who, url_name):
    """A person who sees the matter but may not take the action gets 403 even for an incomplete form,
    not the matter page with form errors (the permission is asked before the form is read)."""
    matter = make_matter(directorates["aseo"], people["aseo"])
    if url_name == "office:matter-answer":
        services.matter_request_info(matter=matter, question="¿Costo?", by=people["gabinete"])
    client.force_login(people[who])
    response = client.post(reverse(url_name, args=[matter.pk]), {})
    assert response.status_code == 403


@pytest.mark.date_sensitive
def test_alcalde_decides_through_the_page(client, people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    client.force_login(people["alcalde"])
    page = client.get(reverse("office:matter-detail", args=[matter.pk])).text
    assert "Registrar la decisión del Alcalde" in page and "en nombre del Alcalde" not in page
    response = client.post(
        reverse("office:matter-decide", args=[matter.pk]),
        {"decision": "rechazado", "decided_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.decision == "rechazado"


@pytest.mark.date_sensitive
def test_decision_form_errors_come_back_in_spanish(client, people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    client.force_login(people["alcalde"])
    response = client.post(
        reverse("office:matter-decide", args=[matter.pk]),
        {"decision": "instrucciones", "instructions": "", "decided_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "debe indicar las instrucciones del Alcalde" in response.text


def test_attachment_download_is_checked_against_the_matter_scope(client, people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"], attachments=[(pdf_upload(), "")])
    attachment = matter.attachments.get()
    client.force_login(people["transito"])
    assert client.get(reverse("office:matter-attachment", args=[attachment.pk])).status_code == 404
    client.force_login(people["enlace_aseo"])
    response = client.get(reverse("office:matter-attachment", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.date_sensitive
def test_pending_page_lists_matters_by_urgency_then_age(client, people, directorates):
    old = make_matter(directorates["aseo"], people["aseo"], subject="Normal antiguo", urgency=3)
    Matter.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=9))
    make_matter(directorates["aseo"], people["aseo"], subject="Normal nuevo", urgency=3)
    make_matter(directorates["aseo"], people["aseo"], subject="Urgente", urgency=1)
    client.force_login(people["gabinete"])
    page = client.get(reverse("office:matter-list")).text
    assert page.index("Urgente") < page.index("Normal antiguo") < page.index("Normal nuevo")
    assert "9 días" in page


def test_directors_cannot_ask_for_the_minuta(client, people):
    client.force_login(people["aseo"])
    assert client.post(reverse("office:matter-minuta-pdf")).status_code == 403
    assert not Job.objects.exists()


def test_the_minuta_is_asked_for_with_a_post_not_opened_at_its_old_address(client, people):
    client.force_login(people["alcalde"])
    assert client.get(reverse("office:matter-minuta-pdf")).status_code == 405
    assert not Job.objects.exists()


@pytest.mark.date_sensitive
def test_the_pending_minuta_is_prepared_in_the_background_and_says_its_day(client, people, directorates):
    make_matter(directorates["aseo"], people["aseo"], subject="Contenedores soterrados")
    client.force_login(people["gabinete"])
    response = requested_document(client, reverse("office:matter-minuta-pdf"))
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Minuta de asuntos pendientes de resolución del Alcalde" in text and "Contenedores soterrados" in text
    job = Job.objects.get()
    assert job.title == f"Minuta de asuntos pendientes al {timezone.localdate():%d-%m-%Y}"
    assert job.filename == f"minuta-asuntos-pendientes-{timezone.localdate():%Y-%m-%d}.pdf"


def test_a_minuta_whose_owner_lost_the_permission_fails_with_the_reason(client, people):
    client.force_login(people["alcalde"])
    response = client.post(reverse("office:matter-minuta-pdf"))
    job = Job.objects.get()
    assert response["Location"] == reverse("gabinete:job-detail", args=[job.pk])
    Membership.objects.filter(user=people["alcalde"]).delete()
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "Ya no tiene permiso para obtener este documento."
    assert not job.file


@pytest.mark.parametrize("rows", [5, 50])
def test_pending_matters_page_query_count_does_not_grow(
    client, people, directorates, rows, django_assert_max_num_queries
):
    for i in range(rows):
        make_matter(
            directorates["aseo"],
            people["aseo"],
            subject=f"Asunto {i}",
            attachments=[(pdf_upload(), "")] if i % 10 == 0 else None,
        )
    client.force_login(people["gabinete"])
    # The queue pattern's counts: one grouped query per choice filter (dirección, urgencia, estado,
    # presentado por) and one aggregate for the flag and the total, whatever the number of rows.
    with django_assert_max_num_queries(14):
        assert client.get(reverse("office:matter-list")).status_code == 200


@pytest.mark.date_sensitive
def test_minuta_pdf_for_a_meeting_reads_back_with_its_matters(client, people, directorates):
    scheduled = make_matter(directorates["aseo"], people["aseo"], subject="Recolección en La Chimba", urgency=1)
    make_matter(directorates["aseo"], people["aseo"], subject="Contenedores soterrados")
    scheduled = services.matter_schedule(
        matter=scheduled, meeting_date=timezone.localdate() + timedelta(days=2), by=people["gabinete"]
    )
    client.force_login(people["alcalde"])
    response = requested_document(client, reverse("office:meeting-minuta-pdf", args=[scheduled.meeting_id]))
    assert response["Content-Type"] == "application/pdf"
    job = Job.objects.get()
    assert job.title == f"Minuta de la reunión del {scheduled.meeting.date:%d-%m-%Y}"
    assert job.filename == f"minuta-despacho-{scheduled.meeting.date:%Y-%m-%d}.pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Minuta de asuntos para el despacho" in text
    assert "Recolección en La Chimba" in text
    assert "Otros asuntos pendientes" in text and "Contenedores soterrados" in text
    assert "Página 1 de" in text


@pytest.mark.date_sensitive
def test_desk_shows_matters_to_prepare_to_gabinete_and_requests_to_the_directorate(people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"], subject="Horario")
    titles = [i.title for s in desk.sections_for(people["gabinete"]) for i in s.items]
    assert "Por preparar: Horario" in titles
    services.matter_request_info(matter=matter, question="Más datos", by=people["gabinete"])
    titles = [i.title for s in desk.sections_for(people["enlace_aseo"]) for i in s.items]
    assert "Gabinete pide antecedentes: Horario" in titles
    services.matter_answer(matter=matter, answer="Listo", by=people["enlace_aseo"])
    services.matter_schedule(matter=matter, meeting_date=timezone.localdate(), by=people["gabinete"])
    titles = [i.title for s in desk.sections_for(people["alcalde"]) for i in s.items]
    assert "Por decidir: Horario" in titles
