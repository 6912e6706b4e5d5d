"""Five hand-off journeys end to end: the step is taken, a real `db_worker` process delivers the outbox into
a real SMTP server, and each person concerned receives one e-mail with the notice's title as subject, a
link to the notice (SITE_URL + /notificaciones/<id>/), a `List-Unsubscribe` header leading to their
preferences, a text and an HTML part — and none of the record's restricted content (a marker string put
in it is absent from the whole message). Transactional, so the worker process sees the rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from gabinete import notifications
from gabinete.models import Delivery, Membership, Notification, NotificationPreference
from tests.gabinete import mail_helpers
from tests.gabinete import people as cast
from tests.gabinete.mail_helpers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)
smtp_server = mail_helpers.smtp_server  # the fixtures
people = cast.people

#: Put in the restricted content of each record; it must never reach an e-mail.
MARKER = "MARCADOR-RESERVADO-7Q2X"


@pytest.fixture
def people_cast():
    return {
        **cast.CAST,
        "jefa": ("gabinete", "gabinete-de-alcaldia", "jefa.gabinete", {"team": "jefatura"}),
        "aprobadora": ("gabinete", "gabinete-de-alcaldia", "aprobadora"),
        "enlace_personas": ("enlace", "gestion-de-personas", "enlace.personas"),
        "director_personas": ("director", "gestion-de-personas", "director.personas"),
    }


def wants_email(kind: notifications.Kind, *users) -> None:
    """These people chose «by e-mail at once» for `kind` (where its default is not)."""
    for user in users:
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind.code, defaults={"delivery": Delivery.EMAIL}
        )


def assert_mailed(smtp, kind: notifications.Kind, expected: set[str], *, title: str) -> None:
    """Each of `expected` (usernames) received exactly one e-mail of this notice, with its subject, link,
    unsubscribe header and both parts, and without the marker; nobody else received one."""
    run_worker(clock=timezone.now(), smtp_port=smtp.port)
    notices = list(Notification.objects.filter(kind=kind.code).select_related("user"))
    assert {n.user.username for n in notices} == expected
    assert {n.title for n in notices} == {title}
    assert all(m.message["Subject"] for m in smtp.received)
    mine = [m for m in smtp.received if " ".join(m.message["Subject"].split()) == title]
    assert sorted(r for m in mine for r in m.recipients) == sorted(n.user.email for n in notices)
    preferences = settings.SITE_URL.rstrip("/") + reverse("gabinete:notification-preferences")
    assert preferences.endswith("/notificaciones/preferencias/")
    for notice in notices:
        [got] = [m for m in mine if m.recipients == [notice.user.email]]
        assert notice.title == title and notice.emailed_at is not None
        link = settings.SITE_URL.rstrip("/") + f"/notificaciones/{notice.pk}/"
        assert link == settings.SITE_URL.rstrip("/") + reverse("gabinete:notification-open", args=[notice.pk])
        text = got.message.get_body(preferencelist=("plain",))
        html = got.message.get_body(preferencelist=("html",))
        assert text is not None and html is not None, "a text and an HTML part"
        assert link in text.get_content() and link in html.get_content()
        assert got.message["List-Unsubscribe"] == f"<{preferences}>"
        assert MARKER not in got.message.as_string()
        assert MARKER not in text.get_content() and MARKER not in html.get_content()


def test_a_returned_measurement_is_mailed_to_the_liaison_and_the_director(people, smtp_server):
    from indicators import services as indicators
    from tests.indicators.factories import IndicatorYearFactory, measurement, open_period

    value = measurement(IndicatorYearFactory(), open_period(), by=people["enlace"])
    people["other_enlace"]
    value = indicators.measurement_submit(measurement=value, by=people["director"])
    indicators.measurement_return(measurement=value, observations=f"Corregir {MARKER}", by=people["gabinete"])

    assert_mailed(
        smtp_server,
        indicators.MEASUREMENT_RETURNED_KIND,
        {"camila", "rodrigo"},
        title=f"Devolver con observaciones: {value}",
    )


def test_an_upload_waiting_for_juridica_is_mailed_to_asesoria_juridica(people, directorates, smtp_server):
    from gabinete.models import Directorate
    from tests.transparency.factories import PLANTA_CSV, planta_content
    from transparency import services as transparency
    from transparency.catalogue import seed_catalogue
    from transparency.models import Action, Column, Item, Section

    seed_catalogue(Item, Section, Column, Directorate)
    planta = Section.objects.get(item__letter="d", slug="planta")
    period = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    draft = transparency.publication_prepare(
        section=planta,
        period=period,
        content=planta_content(PLANTA_CSV.replace("Pedro", MARKER), section=planta),
        by=people["enlace_personas"],
    )
    people["gabinete"], people["juridica"]
    transparency.publication_transition(
        action=Action.SEND, publication=draft, by=people["director_personas"], late_reason="Licencia"
    )

    assert_mailed(
        smtp_server,
        transparency.PUBLICATION_TO_REVIEW_KIND,
        {"abogada"},
        title=f"Enviar a revisión jurídica: {draft}",
    )


def test_a_release_waiting_for_approval_is_mailed_to_its_approvers(people, smtp_server):
    from communications import services as communications
    from tests.communications.factories import PressReleaseFactory

    Membership.objects.filter(user=people["aprobadora"]).update(approves_press_releases=True)
    people["jefa"], people["gabinete2"]
    release = PressReleaseFactory(
        author=people["gabinete"], edited_by=people["gabinete"], title="Feria costera", body=f"<p>{MARKER}</p>"
    )
    communications.release_submit(release=release, by=people["gabinete"])

    assert_mailed(
        smtp_server,
        communications.RELEASE_TO_APPROVE_KIND,
        {"jefa.gabinete", "aprobadora"},
        title="Enviar a revisión: Feria costera",
    )


def test_a_forwarded_clipping_is_mailed_to_the_directorate(people, directorates, smtp_server):
    from archive import services as archive
    from tests.archive.factories import ClippingFactory

    people["enlace"], people["director"], people["other_enlace"]
    clipping = ClippingFactory(headline="Microbasural en La Chimba", summary=MARKER)
    archive.forwarding_create(
        clipping=clipping,
        directorate=directorates["aseo"],
        request=f"Informar el retiro {MARKER}",
        due_on=timezone.localdate() + timedelta(days=3),
        by=people["gabinete"],
    )

    assert_mailed(
        smtp_server,
        archive.FORWARDING_RECEIVED_KIND,
        {"camila", "rodrigo"},
        title="Derivó el recorte a una dirección: Microbasural en La Chimba",
    )


def test_a_decided_matter_is_mailed_to_who_raised_it_and_its_directorate(people, directorates, smtp_server):
    from gabinete.office import services as office
    from tests.office.factories import make_matter

    matter = make_matter(directorates["aseo"], people["enlace"], background=f"Antecedente {MARKER}")
    office.matter_request_info(matter=matter, question=f"¿Cuántos puestos? {MARKER}", by=people["gabinete"])
    office.matter_answer(matter=matter, answer=f"Cuarenta {MARKER}", by=people["enlace"])
    wants_email(office.MATTER_DECIDED_KIND, people["enlace"], people["director"])
    people["other_enlace"]
    office.matter_decide(matter=matter, decision="aprobado", by=people["alcalde"])

    assert_mailed(
        smtp_server,
        office.MATTER_DECIDED_KIND,
        {"camila", "rodrigo"},
        title="Resolver el asunto: Cierre de calle para feria",
    )
