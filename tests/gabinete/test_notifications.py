"""Notifications (gabinete/notifications.py): an activity entry's audience is told, each person as they
chose; the bell, the notifications page, the preferences, the daily digest and the deadline notices.
E-mails go through the outbox into a real SMTP server."""

from datetime import datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from gabinete import activity, desk, notifications
from gabinete.models import Delivery, DigestSchedule, MailState, Notification, NotificationPreference, OutgoingEmail
from tests.conftest import SANTIAGO
from tests.gabinete import mail_helpers
from tests.gabinete.factories import make_user
from tests.gabinete.mail_helpers import SMTPServer, deliver_outbox, free_port, use_smtp

pytestmark = pytest.mark.django_db
smtp_server = mail_helpers.smtp_server  # the fixture

FINISHED = activity.Verb("job.finished", "Documento listo")  # kind gabinete.job_done (intranet by default)


def _record(actor, target, recipients, verb=FINISHED):
    with transaction.atomic():
        return activity.record(actor=actor, verb=verb, target=target, recipients=recipients, app="gabinete")


def _prefer(user, kind, delivery):
    NotificationPreference.objects.update_or_create(user=user, kind=kind.code, defaults={"delivery": delivery})


# --- who is told ----------------------------------------------------------------------------------


def test_each_person_of_the_audience_is_told_once_and_the_actor_never():
    actor, director, enlace = make_user("gabinete"), make_user("director"), make_user("enlace")
    entry = _record(actor, director, [director, enlace, director, actor, None])
    told = Notification.objects.filter(activity=entry)
    assert sorted(told.values_list("user", flat=True)) == sorted([director.pk, enlace.pk])
    notice = told.get(user=director)
    assert notice.kind == notifications.JOB_DONE.code and notice.is_unread
    assert notice.title == f"Documento listo: {director}"


def test_an_inactive_person_is_not_told():
    gone = make_user("enlace", is_active=False)
    _record(make_user("gabinete"), gone, [gone])
    assert not Notification.objects.exists()


def test_a_verb_without_a_declared_kind_is_an_other_notice_shown_in_the_intranet_only():
    enlace = make_user("enlace")
    _record(None, enlace, [enlace], verb=activity.Verb("nothing.declared", "Algo pasó"))
    notice = Notification.objects.get(user=enlace)
    assert (notice.kind, notice.delivery) == (notifications.OTHER.code, Delivery.WEB)
    assert not OutgoingEmail.objects.exists()


# --- as each chose ------------------------------------------------------------------------------------


def test_a_person_who_chose_email_gets_one_at_once_with_the_link_and_the_unsubscribe_header(
    smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://intranet.example.invalid"
    enlace = make_user("enlace", first_name="Camila", last_name="Rojas")
    _prefer(enlace, notifications.JOB_DONE, Delivery.EMAIL)
    with django_capture_on_commit_callbacks(execute=False):
        _record(make_user("gabinete", first_name="Carolina", last_name="Vega"), enlace, [enlace])
    notice = Notification.objects.get(user=enlace)
    assert notice.delivery == Delivery.EMAIL and notice.emailed_at is not None
    deliver_outbox()
    (got,) = smtp_server.received
    assert got.recipients == [enlace.email]
    assert got.message["Subject"] == notice.title
    link = f"https://intranet.example.invalid/notificaciones/{notice.pk}/"
    assert link in got.text and "Por Carolina Vega." in got.text
    html = got.message.get_body(preferencelist=("html",)).get_content()
    assert f'href="{link}"' in html
    assert got.message["List-Unsubscribe"].strip() == "<https://intranet.example.invalid/notificaciones/preferencias/>"


def test_intranet_only_sends_no_email_and_off_gives_no_notice():
    web, off = make_user("enlace"), make_user("director")
    _prefer(off, notifications.JOB_DONE, Delivery.OFF)
    _record(None, web, [web, off])
    assert list(Notification.objects.values_list("user", flat=True)) == [web.pk]
    assert not OutgoingEmail.objects.exists()


def test_a_mandatory_kind_cannot_be_turned_off():
    person = make_user("enlace")
    with pytest.raises(ValidationError, match="no se puede desactivar"):
        notifications.set_preferences(by=person, choices={notifications.DEADLINE_SOON.code: Delivery.OFF})
    assert not NotificationPreference.objects.exists()
    # A choice stored before the kind became mandatory still reaches the intranet.
    _prefer(person, notifications.DEADLINE_SOON, Delivery.OFF)
    notifications.notify(users=[person], kind=notifications.DEADLINE_SOON, title="Vence el 20-11-2026: Informe")
    assert Notification.objects.get(user=person).delivery == Delivery.WEB


def test_a_person_without_an_email_address_still_sees_the_notice():
    person = make_user("enlace", email="")
    _prefer(person, notifications.JOB_DONE, Delivery.EMAIL)
    _record(None, person, [person])
    assert Notification.objects.filter(user=person).exists()
    assert not OutgoingEmail.objects.exists()


def test_a_mail_server_that_refuses_or_is_down_never_breaks_the_action(settings, django_capture_on_commit_callbacks):
    refusing = SMTPServer(free_port(), refuse=True).start()
    try:
        use_smtp(settings, refusing.port)
        person = make_user("enlace")
        _prefer(person, notifications.JOB_DONE, Delivery.EMAIL)
        with django_capture_on_commit_callbacks(execute=False):
            entry = _record(None, person, [person])
        assert Notification.objects.filter(activity=entry, user=person).exists()
        deliver_outbox()
        email = OutgoingEmail.objects.get()
        assert email.state == MailState.QUEUED and email.attempts == 1
        assert "rechazó el mensaje" in email.last_error and "550" in email.last_error
    finally:
        refusing.stop()
    use_smtp(settings, free_port())  # nobody listens there
    OutgoingEmail.objects.update(next_attempt_at=None)
    deliver_outbox()
    email.refresh_from_db()
    assert email.state == MailState.QUEUED and "No se pudo conectar" in email.last_error
    assert Notification.objects.get(user=person).is_unread, "the notice stays in the intranet"


# --- the bell and the page ------------------------------------------------------------------------


def test_the_bell_shows_the_unread_count_and_the_page_lists_the_notices(client, django_assert_max_num_queries):
    person = make_user("enlace")
    for _ in range(3):
        _record(None, person, [person])
    client.force_login(person)
    page = client.get(reverse("gabinete:home")).text
    assert (
        "Notificaciones: 3 sin leer" in page and 'class="badge rounded-pill text-bg-danger notification-count"' in page
    )
    with django_assert_max_num_queries(8):
        listing = client.get(reverse("gabinete:notifications")).text
    assert listing.count("notification-unread") == 3
    assert "Marcar todo como leído" in listing


def test_opening_a_notice_marks_it_read_and_leads_to_its_record(client):
    person = make_user("enlace")
    job = _job_for(person)
    _record(None, job, [person])
    notice = Notification.objects.get()
    assert notice.url == reverse("gabinete:job-detail", args=[job.pk])
    client.force_login(person)
    response = client.get(reverse("gabinete:notification-open", args=[notice.pk]))
    assert response.status_code == 302 and response.url == notice.url
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "Notificaciones: ninguna sin leer" in client.get(reverse("gabinete:home")).text


def test_a_link_from_an_email_asks_to_sign_in_first_and_then_opens_the_notice(client):
    person = make_user("enlace")
    _record(None, person, [person])
    notice = Notification.objects.get()
    link = reverse("gabinete:notification-open", args=[notice.pk])
    response = client.get(link)
    assert response.status_code == 302 and response.url.startswith(reverse("login")) and "next=" in response.url


def test_nobody_opens_another_persons_notice(client):
    owner, other = make_user("enlace"), make_user("enlace")
    _record(None, owner, [owner])
    notice = Notification.objects.get()
    client.force_login(other)
    assert client.get(reverse("gabinete:notification-open", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.is_unread


def test_mark_all_read_reads_only_ones_own(client):
    person, other = make_user("enlace"), make_user("enlace")
    _record(None, person, [person, other])
    _record(None, person, [person])
    client.force_login(person)
    assert client.get(reverse("gabinete:notification-read-all")).status_code == 405
    response = client.post(reverse("gabinete:notification-read-all"), follow=True)
    assert "2 avisos marcados como leídos." in response.text
    assert not Notification.objects.filter(user=person).unread().exists()
    assert Notification.objects.filter(user=other).unread().count() == 1


def test_a_redirect_outside_the_intranet_is_never_followed(client):
    person = make_user("enlace")
    (notice,) = notifications.notify(users=[person], kind=notifications.OTHER, title="x", url="https://evil.example/")
    client.force_login(person)
    response = client.get(reverse("gabinete:notification-open", args=[notice.pk]))
    assert response.url == reverse("gabinete:notifications")


# --- preferences page -------------------------------------------------------------------------------


def test_the_preferences_page_saves_each_choice_and_the_digest_time(client):
    person = make_user("enlace")
    client.force_login(person)
    page = client.get(reverse("gabinete:notification-preferences")).text
    assert "Plazo que vence en tres días hábiles" in page and 'value="08:00"' in page
    data = {f"kind-{kind.code}": kind.default for kind in notifications.kinds()}
    data[f"kind-{notifications.JOB_DONE.code}"] = Delivery.DIGEST
    data["digest_at"] = "17:30"
    response = client.post(reverse("gabinete:notification-preferences"), data, follow=True)
    assert "Preferencias guardadas." in response.text
    assert NotificationPreference.objects.get(user=person, kind=notifications.JOB_DONE.code).delivery == Delivery.DIGEST
    assert DigestSchedule.objects.get(user=person).at == time(17, 30)


def test_the_preferences_page_refuses_off_for_a_mandatory_kind_and_a_malformed_time_in_spanish(client):
    person = make_user("enlace")
    client.force_login(person)
    data = {f"kind-{kind.code}": kind.default for kind in notifications.kinds()}
    data[f"kind-{notifications.DEADLINE_PASSED.code}"] = Delivery.OFF
    data["digest_at"] = "25:99"
    page = client.post(reverse("gabinete:notification-preferences"), data).text
    assert "Esta opción no está disponible para este aviso." in page
    assert "Escriba una hora válida, por ejemplo 08:00." in page
    assert not NotificationPreference.objects.exists() and not DigestSchedule.objects.exists()


# --- the daily digest ---------------------------------------------------------------------------------


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=SANTIAGO)


@pytest.fixture
def digest_reader(clock):
    person = make_user("enlace")
    _prefer(person, notifications.JOB_DONE, Delivery.DIGEST)
    clock.move_to(_at(2026, 11, 17, 16, 0))  # Tuesday afternoon
    _record(None, person, [person])
    _record(None, person, [person], verb=activity.Verb("job.failed", "Documento fallido"))
    return person


@pytest.mark.date_sensitive
def test_the_digest_goes_out_at_eight_on_a_business_day_once_grouped_by_app(digest_reader, clock, smtp_server):
    assert not OutgoingEmail.objects.exists(), "kept for the digest, not sent at once"
    clock.move_to(_at(2026, 11, 18, 7, 59))
    assert notifications.send_digests() == 0
    clock.move_to(_at(2026, 11, 18, 8, 0))
    assert notifications.send_digests() == 1
    assert notifications.send_digests() == 0, "one digest a day"
    deliver_outbox()
    (got,) = smtp_server.received
    assert got.recipients == [digest_reader.email]
    assert got.message["Subject"] == "Resumen diario: 2 avisos esperan por usted"
    assert "Organización municipal (2)" in got.text
    assert "Documento listo:" in got.text and "Documento fallido:" in got.text
    assert got.message["List-Unsubscribe"].strip().endswith("/notificaciones/preferencias/>")
    assert not Notification.objects.for_digest().exists()


@pytest.mark.date_sensitive
@pytest.mark.parametrize(
    "moment",
    [_at(2026, 11, 21, 9, 0), _at(2026, 12, 8, 9, 0)],  # a Saturday; the Inmaculada Concepción
    ids=["saturday", "holiday"],
)
def test_no_digest_on_a_day_off(digest_reader, clock, moment):
    clock.move_to(moment)
    assert notifications.send_digests() == 0
    assert Notification.objects.for_digest().count() == 2


@pytest.mark.date_sensitive
def test_the_digest_waits_for_the_time_the_person_chose(digest_reader, clock):
    notifications.set_preferences(by=digest_reader, choices={}, digest_at=time(17, 30))
    clock.move_to(_at(2026, 11, 18, 8, 0))
    assert notifications.send_digests() == 0
    clock.move_to(_at(2026, 11, 18, 17, 31))
    assert notifications.send_digests() == 1


def test_nothing_kept_means_no_digest(clock):
    make_user("enlace")
    clock.move_to(_at(2026, 11, 18, 9, 0))
    assert notifications.send_digests() == 0
    assert not OutgoingEmail.objects.exists()


# --- deadlines ----------------------------------------------------------------------------------------


@pytest.fixture
def due_items():
    """A desk provider with one item due in three business days, one later, one overdue."""
    items = {}

    def provider(user):
        return items.get(user.pk, [])

    desk.register("Prueba de plazos", order=999)(provider)
    yield items
    desk._providers[:] = [p for p in desk._providers if p[2] is not provider]


@pytest.mark.date_sensitive
def test_deadlines_in_three_business_days_and_overdue_ones_are_told_once(due_items, clock):
    clock.move_to(_at(2026, 11, 18, 7, 45))  # Wednesday
    person = make_user("enlace")
    from datetime import date

    due_items[person.pk] = [
        desk.DeskItem("Informe de aseo", "/indicadores/1/", due=date(2026, 11, 23)),  # Monday: 3 business days
        desk.DeskItem("Informe de tránsito", "/indicadores/2/", due=date(2026, 11, 24)),  # 4 business days
        desk.DeskItem("Acta", "/despacho/3/", due=date(2026, 11, 17)),
        desk.DeskItem("Sin plazo", "/despacho/4/"),
        desk.DeskItem("Reunión con vecinos", "/agenda/5/", due=date(2026, 11, 19), is_deadline=False),
    ]
    assert notifications.deadline_notices() == 2
    titles = dict(Notification.objects.values_list("kind", "title"))
    assert titles == {
        notifications.DEADLINE_SOON.code: "Vence el 23-11-2026: Informe de aseo",
        notifications.DEADLINE_PASSED.code: "Vencido el 17-11-2026: Acta",
    }
    assert notifications.deadline_notices() == 0, "each deadline is told once"
    clock.move_to(_at(2026, 11, 19, 7, 45))
    assert notifications.deadline_notices() == 1, "the next day the Tuesday one comes within three business days"


# --- helpers ----------------------------------------------------------------------------------------


def _job_for(person):
    from gabinete.models import Job

    return Job.objects.create(owner=person, kind="gabinete.directory", title="Nómina")
