"""The outbox (gabinete/mail.py): every e-mail is a row delivered by the job queue, against a real SMTP
server. A mail server down or refusing never breaks the action; the row retries with backoff and a
failure stays visible to the superuser."""

import io
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from gabinete import health, mail
from gabinete.models import MailState, OutgoingEmail
from tests.gabinete import mail_helpers
from tests.gabinete.mail_helpers import SMTPServer, deliver_outbox, free_port, use_smtp

pytestmark = pytest.mark.django_db
smtp_server = mail_helpers.smtp_server  # the fixture


def _queue(**fields) -> OutgoingEmail:
    data = {"to": ["dir.aseo@example.invalid"], "subject": "Aviso de prueba", "body": "Texto del aviso."}
    data.update(fields)
    with transaction.atomic():
        return mail.send(**data)


def _later(clock, minutes: float) -> None:
    clock.move_to(timezone.now() + timedelta(minutes=minutes))


# --- writing ---------------------------------------------------------------------------------------


def test_sending_writes_a_queued_row_and_nothing_leaves_before_the_commit(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        email = mail.send(to=["b@example.invalid", "a@example.invalid", "", "a@example.invalid"], subject="S", body="B")
    assert email.state == MailState.QUEUED and email.to == ["a@example.invalid", "b@example.invalid"]
    assert smtp_server.received == []
    assert len(callbacks) == 1, "the delivery is handed to the queue when the transaction commits"


def test_an_email_of_a_change_rolled_back_is_never_written():
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send(to=["a@example.invalid"], subject="S", body="B")
        raise RuntimeError("the service failed after asking for the e-mail")
    assert not OutgoingEmail.objects.exists()


def test_an_email_without_recipients_is_not_queued():
    assert mail.send(to=["", "  "], subject="S", body="B") is None
    assert not OutgoingEmail.objects.exists()


# --- delivering ------------------------------------------------------------------------------------


def test_a_queued_email_is_delivered_with_its_html_attachment_and_a_stable_message_id(smtp_server):
    email = _queue(
        html="<p>Texto del aviso.</p>",
        attachments=[("informe.txt", b"hola", "text/plain")],
        headers={"List-Unsubscribe": "<https://intranet.example.invalid/preferencias/>", "Message-ID": "<x@y>"},
    )
    assert email.attachments[0]["path"] == f"mail/{email.pk}/informe.txt"
    mail.deliver(email.pk)
    email.refresh_from_db()
    assert (email.state, email.attempts) == (MailState.SENT, 1)
    assert email.sent_at is not None
    [got] = smtp_server.received
    assert got.recipients == ["dir.aseo@example.invalid"]
    assert got.message["Subject"] == "Aviso de prueba"
    assert got.message["Message-ID"] == mail.message_id(email), "a caller cannot replace the row's Message-ID"
    assert got.message["List-Unsubscribe"] == "<https://intranet.example.invalid/preferencias/>"
    assert got.message.get_body(preferencelist=("html",)).get_content().strip() == "<p>Texto del aviso.</p>"
    assert got.attachments() == [("informe.txt", b"hola", "text/plain")]


def test_a_row_already_sent_is_never_sent_twice(smtp_server, clock):
    email = _queue()
    mail.deliver(email.pk)
    mail.deliver(email.pk)  # the same task delivered twice
    _later(clock, 60)
    assert mail.sweep() == []  # the sweeper leaves it alone
    mail.deliver(email.pk)
    assert len(smtp_server.received) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_a_server_down_keeps_the_reason_and_retries_with_backoff(settings, clock):
    use_smtp(settings, free_port())  # nothing listens there
    email = _queue()
    mail.deliver(email.pk)
    email.refresh_from_db()
    assert email.state == MailState.QUEUED and email.attempts == 1
    assert email.last_error.startswith("No se pudo conectar con el servidor de correo: ")
    assert "refused" in email.last_error.lower()
    first_wait = email.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)

    mail.deliver(email.pk)  # too early: the retry's time has not come
    email.refresh_from_db()
    assert email.attempts == 1

    _later(clock, 1.1)
    mail.deliver(email.pk)
    email.refresh_from_db()
    assert email.attempts == 2
    assert timedelta(minutes=4) < email.next_attempt_at - timezone.now() <= timedelta(minutes=5)


def test_a_server_that_refuses_ends_failed_after_the_attempts_and_the_superuser_sees_it(
    settings, clock, client, superuser
):
    settings.MAIL_MAX_ATTEMPTS = 3
    server = SMTPServer(free_port(), refuse=True).start()
    try:
        use_smtp(settings, server.port)
        email = _queue()
        for _ in range(3):
            mail.deliver(email.pk)
            _later(clock, 31)
        email.refresh_from_db()
        assert (email.state, email.attempts) == (MailState.FAILED, 3)
        assert "550" in email.last_error and "rechazó" in email.last_error
        mail.deliver(email.pk)
        email.refresh_from_db()
        assert email.attempts == 3, "a failed row is not tried again by itself"
    finally:
        server.stop()

    lines = {r.name: r for r in health.run_checks()}
    assert lines[mail.HEALTH_NAME].ok, "a mail failure warns, it does not take the server out"
    assert "1 fallidos" in lines[mail.HEALTH_NAME].detail
    response = client.get(reverse("gabinete:healthz"))
    assert response.status_code == 200 and "correo: atención: 1 fallidos" in response.text

    client.force_login(superuser)
    listing = client.get(reverse("admin:gabinete_outgoingemail_changelist") + "?state__exact=fallo")
    assert "Aviso de prueba" in listing.text and "550" in listing.text
    client.post(
        reverse("admin:gabinete_outgoingemail_changelist"),
        {"action": "retry", "_selected_action": [email.pk]},
    )
    email.refresh_from_db()
    assert (email.state, email.attempts, email.failed_at) == (MailState.QUEUED, 0, None)


def test_only_superusers_see_the_outbox(client, user_factory):
    staff = user_factory("gabinete", "gabinete-de-alcaldia", username="staff.mail")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get(reverse("admin:gabinete_outgoingemail_changelist")).status_code == 403


def test_a_worker_that_died_while_sending_is_taken_over_by_the_sweeper(smtp_server, settings, clock):
    email = _queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        state=MailState.SENDING, attempts=1, lease_until=timezone.now() + timedelta(seconds=settings.MAIL_LEASE_SECONDS)
    )
    assert mail.sweep() == []  # still held
    _later(clock, settings.MAIL_LEASE_SECONDS / 60 + 1)
    assert mail.sweep() == [email.pk]
    mail.deliver(email.pk)
    email.refresh_from_db()
    assert (email.state, email.attempts) == (MailState.SENT, 2)
    assert smtp_server.received[0].message["Message-ID"] == mail.message_id(email)


def test_deliver_outbox_helper_sends_what_waits(smtp_server):
    _queue()
    assert [e.state for e in deliver_outbox()] == [MailState.SENT]
    assert len(smtp_server.received) == 1


def test_the_healthz_line_with_nothing_failed(client):
    response = client.get(reverse("gabinete:healthz"))
    assert "correo: 0 por enviar, ninguno fallido en las últimas 24 h" in response.text


def test_attachments_are_read_back_from_storage(smtp_server):
    pdf = _pdf_bytes("Hola")
    email = _queue(attachments=[mail.Attachment("a.pdf", pdf, "application/pdf")])
    mail.deliver(email.pk)
    name, content, mimetype = smtp_server.received[0].attachments()[0]
    assert (name, mimetype) == ("a.pdf", "application/pdf")
    assert "Hola" in PdfReader(io.BytesIO(content)).pages[0].extract_text()


def _pdf_bytes(text: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()
