"""E-mail journeys through a real `db_worker` process and a real SMTP server: an office decision, the
daily press briefing with its PDF, and an action whose mail server was down, delivered later by the
sweeper. The tests are transactional so the worker process sees their rows."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from archive import services as archive_services
from gabinete import mail
from gabinete.models import MailState, Notification, OutgoingEmail
from gabinete.office import services as office
from tests.gabinete import mail_helpers
from tests.gabinete import people as cast
from tests.gabinete.factories import on_list
from tests.gabinete.mail_helpers import SMTPServer, free_port, run_worker, use_smtp
from tests.office.factories import make_matter

#: The outbox kind of a decision's notice e-mails (gabinete.notifications).
DECIDED = "aviso:office.matter_decided"

pytestmark = pytest.mark.django_db(transaction=True)
smtp_server = mail_helpers.smtp_server  # the fixtures
people = cast.people


@pytest.fixture
def people_cast():
    return {
        **cast.CAST,
        "alcalde": ("alcalde", "gabinete-de-alcaldia", "alcalde", {"first_name": "Jonathan", "last_name": "Velásquez"}),
        "aseo": ("director", "aseo", "dir.aseo", {"first_name": "Rodrigo", "last_name": "Pizarro"}),
        "enlace_aseo": ("enlace", "aseo", "enlace.aseo"),
        "prensa": ("gabinete", "gabinete-de-alcaldia", "prensa.mail"),
    }


def test_an_office_decision_arrives_through_the_worker_with_its_recipients_subject_and_link(
    people, directorates, smtp_server
):
    people["aseo"]
    matter = make_matter(directorates["aseo"], people["enlace_aseo"])
    office.matter_decide(matter=matter, decision="aprobado", by=people["alcalde"])
    assert smtp_server.received == [], "nothing is sent inside the request"
    assert OutgoingEmail.objects.filter(kind=DECIDED, state=MailState.QUEUED).count() == 2

    run_worker(clock=timezone.now(), smtp_port=smtp_server.port)

    decisions = [m for m in smtp_server.received if m.message["Subject"].endswith(": Cierre de calle para feria")]
    assert sorted(r for m in decisions for r in m.recipients) == [
        "dir.aseo@example.invalid",
        "enlace.aseo@example.invalid",
    ]
    notice = Notification.objects.get(user=people["aseo"], activity__verb="matter.decide")
    assert notice.url == reverse("office:matter-detail", args=[matter.pk])
    assert any(reverse("gabinete:notification-open", args=[notice.pk]) in m.text for m in decisions)
    assert not OutgoingEmail.objects.exclude(state=MailState.SENT).exists()


def test_the_briefing_arrives_with_its_pdf_attached(people, smtp_server, settings):
    from tests.archive.factories import ClippingFactory

    on_list("briefing", "alcalde@example.invalid", "jefa.gabinete@example.invalid")
    ClippingFactory(headline="Vecinos reclaman por basura en Coviefi", tone="negativo", directorates=["aseo"])
    recipients = archive_services.briefing_send(day=timezone.localdate(), by=people["prensa"])
    assert recipients == ["alcalde@example.invalid", "jefa.gabinete@example.invalid"]
    assert not OutgoingEmail.objects.exists(), "the PDF is made by the queue, not by the request"

    run_worker(clock=timezone.now(), smtp_port=smtp_server.port)

    [got] = smtp_server.received
    assert sorted(got.recipients) == ["alcalde@example.invalid", "jefa.gabinete@example.invalid"]
    assert got.message["Subject"] == f"Síntesis de prensa del {timezone.localdate():%d-%m-%Y}"
    [(name, content, mimetype)] = got.attachments()
    assert (name, mimetype) == (f"sintesis-prensa-{timezone.localdate():%Y-%m-%d}.pdf", "application/pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Vecinos reclaman por basura en Coviefi" in text


def test_the_action_succeeds_with_the_server_down_and_the_sweeper_delivers_once_it_is_up(
    people, directorates, settings, clock
):
    port = free_port()
    use_smtp(settings, port)  # nothing listens there yet
    matter = make_matter(directorates["aseo"], people["enlace_aseo"])
    decided = office.matter_decide(matter=matter, decision="aprobado", by=people["alcalde"])
    assert decided.status == "resuelto", "the decision is recorded whatever the mail server does"

    run_worker(clock=timezone.now(), smtp_port=port)
    email = OutgoingEmail.objects.filter(kind=DECIDED).order_by("pk").first()
    assert email.state == MailState.QUEUED and email.attempts == 1
    assert email.last_error.startswith("No se pudo conectar con el servidor de correo")
    assert email.next_attempt_at > timezone.now()

    server = SMTPServer(port).start()
    try:
        clock.move_to(email.next_attempt_at + mail.SWEEP_GRACE + timedelta(seconds=5))
        assert email.pk in mail.sweep()
        run_worker(clock=timezone.now(), smtp_port=port)
    finally:
        server.stop()
    email.refresh_from_db()
    assert (email.state, email.attempts) == (MailState.SENT, 2)
    decisions = [m for m in server.received if m.message["Subject"].endswith(": Cierre de calle para feria")]
    assert [r for m in decisions for r in m.recipients].count(email.to[0]) == 1, (
        "the deferred retry and the sweeper's task deliver it once"
    )
