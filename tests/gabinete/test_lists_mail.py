"""The three reports sent to their distribution lists, end to end: the page's button, the queue's work
(the PDF job or the briefing task), the outbox delivered to a real SMTP server (aiosmtpd), and the
messages read back: recipients, subject, Spanish text and HTML, the PDF attached."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from gabinete import jobs
from gabinete.models import Job, JobState, ListPurpose, OutgoingEmail
from tests.archive.factories import ClippingFactory
from tests.gabinete import mail_helpers
from tests.gabinete.factories import on_list
from tests.gabinete.mail_helpers import deliver_outbox, run_queued_tasks

pytestmark = pytest.mark.django_db
smtp_server = mail_helpers.smtp_server  # the fixture


@pytest.fixture
def press(user_factory):
    return user_factory("gabinete", "gabinete-de-alcaldia", username="prensa", first_name="Paula", last_name="Soto")


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _run_jobs() -> None:
    """What the worker does with the jobs the page asked for (tests/gabinete/test_job_worker.py runs one)."""
    assert run_queued_tasks("gabinete.jobs.run_job") >= 1


def test_the_briefing_goes_to_its_list_people_and_outside_addresses(
    client, press, user_factory, directorates, smtp_server, django_capture_on_commit_callbacks
):
    alcalde = user_factory("alcalde", "gabinete-de-alcaldia", username="alcalde")
    retired = user_factory("gabinete", "gabinete-de-alcaldia", username="retirada", is_active=False)
    briefing = on_list(ListPurpose.BRIEFING, "concejo@example.invalid")
    briefing.members.add(alcalde, retired)
    ClippingFactory(headline="Vecinos reclaman por basura en Coviefi", tone="negativo", directorates=["aseo"])
    client.force_login(press)
    day = timezone.localdate()

    page = client.get(reverse("archive:briefing-day", args=[day.isoformat()])).text
    assert "Se enviará a la lista «Síntesis de prensa» (2 destinatarios)." in page
    assert reverse("gabinete:list-detail", args=["briefing"]) in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archive:briefing-send", args=[day.isoformat()]), follow=True)
    assert "La síntesis se está enviando por correo a 2 destinatarios" in response.text
    assert run_queued_tasks("archive.tasks.send_briefing") == 1
    deliver_outbox()

    [got] = smtp_server.received
    assert sorted(got.recipients) == ["alcalde@example.invalid", "concejo@example.invalid"]
    assert got.message["Subject"] == f"Síntesis de prensa del {day:%d-%m-%Y}"
    assert "Recibe este correo por estar en la lista «Síntesis de prensa»." in got.text
    assert "Enviado por Paula Soto" in got.text
    assert "Síntesis de prensa del" in got.message.get_body(preferencelist=("html",)).get_content()
    [(name, content, mimetype)] = got.attachments()
    assert (name, mimetype) == (f"sintesis-prensa-{day:%Y-%m-%d}.pdf", "application/pdf")
    assert "Vecinos reclaman por basura en Coviefi" in _pdf_text(content)


def test_the_monthly_media_report_goes_to_its_list_with_the_pdf(
    client, press, directorates, smtp_server, django_capture_on_commit_callbacks
):
    on_list(ListPurpose.MEDIA_REPORT, "concejo@example.invalid", "alcaldia@example.invalid")
    on_list(ListPurpose.BRIEFING, "solo.sintesis@example.invalid")
    ClippingFactory(headline="Nuevo semáforo en avenida Argentina", tone="positivo", directorates=["aseo"])
    today = timezone.localdate()
    client.force_login(press)

    page = client.get(reverse("archive:report-month", args=[today.year, today.month])).text
    assert "Enviar a la lista «Informe mensual de medios»" in page
    assert "Se enviará a la lista «Informe mensual de medios» (2 destinatarios)." in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archive:report-send", args=[today.year, today.month]), follow=True)
    assert "se enviará a 2 destinatarios de la lista" in response.text
    assert not OutgoingEmail.objects.exists(), "the PDF is made by the queue, not by the request"
    _run_jobs()
    job = Job.objects.get(kind="archive.monthly_report_mail")
    assert job.state == JobState.DONE
    assert job.summary == "Enviado por correo a la lista «Informe mensual de medios» (2 destinatarios)."
    deliver_outbox()

    [got] = smtp_server.received
    assert sorted(got.recipients) == ["alcaldia@example.invalid", "concejo@example.invalid"]
    assert got.message["Subject"].startswith("Informe mensual de prensa: ")
    assert "1 publicaciones (0 negativas, 0 neutras, 1 positivas)" in got.text
    assert got.message.get_body(preferencelist=("html",)) is not None
    [(name, content, mimetype)] = got.attachments()
    assert (name, mimetype) == (f"informe-prensa-{today.year}-{today.month:02d}.pdf", "application/pdf")
    assert "Informe mensual de prensa" in _pdf_text(content)


def test_the_compliance_report_goes_to_the_administrators_list(
    client, press, user_factory, directorates, smtp_server, django_capture_on_commit_callbacks
):
    administrador = user_factory("administrador", "administracion-municipal", username="administrador")
    lists_row = on_list(ListPurpose.COMPLIANCE_REPORT)
    lists_row.members.add(administrador)
    today = timezone.localdate()
    client.force_login(press)

    page = client.get(reverse("transparency:board")).text
    assert "Enviar a la lista «Informe de cumplimiento al Administrador Municipal»" in page
    assert "(1 destinatario)." in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transparency:report-send", args=[today.year, today.month]))
    _run_jobs()
    deliver_outbox()

    [got] = smtp_server.received
    assert got.recipients == ["administrador@example.invalid"]
    assert got.message["Subject"] == f"Informe de cumplimiento de Transparencia Activa {today.month:02d}-{today.year}"
    assert "Adjunto el informe de cumplimiento de Transparencia Activa" in got.text
    [(name, content, mimetype)] = got.attachments()
    assert (name, mimetype) == (f"cumplimiento-transparencia-{today.year}-{today.month:02d}.pdf", "application/pdf")
    assert "Informe de cumplimiento de Transparencia Activa" in _pdf_text(content)


def test_a_job_that_already_mailed_does_not_mail_again_when_run_once_more(
    client, press, directorates, smtp_server, django_capture_on_commit_callbacks
):
    """A worker that died after putting the e-mail in the outbox: the next attempt finds the note."""
    on_list(ListPurpose.MEDIA_REPORT, "concejo@example.invalid")
    today = timezone.localdate()
    client.force_login(press)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("archive:report-send", args=[today.year, today.month]))
    job = Job.objects.get(kind="archive.monthly_report_mail")
    jobs.work(job.pk)
    Job.objects.filter(pk=job.pk).update(state=JobState.QUEUED)  # as if handed to the queue again
    jobs.work(job.pk)
    assert OutgoingEmail.objects.count() == 1


@pytest.mark.parametrize(
    "name,purpose",
    [("archive:report-send", "Informe mensual de medios"), ("transparency:report-send", "Informe de cumplimiento")],
)
def test_an_empty_list_says_so_and_sends_nothing(client, press, directorates, name, purpose):
    today = timezone.localdate()
    client.force_login(press)
    response = client.post(reverse(name, args=[today.year, today.month]), follow=True)
    assert f"La lista «{purpose}" in response.text and "no tiene destinatarios: no se envió nada." in response.text
    assert not Job.objects.exists() and not OutgoingEmail.objects.exists()


def test_the_report_pages_warn_when_the_list_is_empty(client, press, directorates):
    today = timezone.localdate()
    client.force_login(press)
    page = client.get(reverse("archive:report-month", args=[today.year, today.month])).text
    assert "La lista «Informe mensual de medios» no tiene destinatarios" in page


@pytest.mark.parametrize(
    "name,role,slug",
    [
        ("archive:report-send", "director", "aseo"),
        ("archive:report-send", "alcalde", "gabinete-de-alcaldia"),
        ("transparency:report-send", "director", "aseo"),
        ("transparency:report-send", "administrador", "administracion-municipal"),
    ],
)
def test_only_gabinete_sends_a_report_to_its_list(client, user_factory, name, role, slug):
    on_list(ListPurpose.MEDIA_REPORT, "concejo@example.invalid")
    on_list(ListPurpose.COMPLIANCE_REPORT, "concejo@example.invalid")
    today = timezone.localdate()
    client.force_login(user_factory(role, slug))
    assert client.post(reverse(name, args=[today.year, today.month])).status_code == 403
    assert not Job.objects.exists()


def test_readers_of_the_report_do_not_see_the_send_button(client, user_factory, directorates):
    today = timezone.localdate()
    client.force_login(user_factory("alcalde", "gabinete-de-alcaldia"))
    page = client.get(reverse("archive:report-month", args=[today.year, today.month])).text
    assert "Enviar a la lista" not in page
