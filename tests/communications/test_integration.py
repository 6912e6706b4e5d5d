from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from communications import services
from communications.desk import releases_waiting
from communications.integrations import releases_for_event
from communications.models import Journalist, Outlet, PressRelease, SupportRequest
from gabinete import related
from gabinete.demo import DEMO_USERS
from protocol.models import Event
from tests.communications.factories import PressReleaseFactory, PublishedReleaseFactory


@pytest.mark.date_sensitive
def test_event_page_lists_its_releases(press, liaison, directorates):
    start = timezone.now() - timedelta(days=1)
    event = Event.objects.create(title="Inauguración plaza", start=start, end=start + timedelta(hours=1))
    PublishedReleaseFactory(title="Plaza inaugurada", event=event)
    PressReleaseFactory(title="Borrador de la plaza", event=event)
    staff_blocks = related.for_object(event, press)
    assert [b.title for b in staff_blocks] == ["Comunicados"]
    assert {link.title for link in staff_blocks[0].links} == {"Plaza inaugurada", "Borrador de la plaza"}
    public_links = releases_for_event(event, liaison)
    assert [link.title for link in public_links] == ["Plaza inaugurada"]
    assert public_links[0].url.startswith("/noticias/")


def test_desk_shows_review_to_other_press_members_not_to_the_author(press, press2):
    release = services.release_create(by=press, title="Para revisar", lead="x")
    services.release_submit(release=release, by=press)
    assert [i.title for i in releases_waiting(press2)] == ["Revisar comunicado: Para revisar"]
    assert releases_waiting(press) == []
    services.release_return(release=release, by=press2, comment="Corregir")
    assert [i.title for i in releases_waiting(press)] == ["Corregir comunicado devuelto: Para revisar"]


@pytest.mark.date_sensitive
def test_seed_demo_adds_releases_and_requests_and_is_idempotent(db):
    call_command("seed_demo", "--i-know-this-is-not-production", verbosity=0)
    call_command("seed_demo", "--i-know-this-is-not-production", verbosity=0)
    assert PressRelease.objects.public().count() >= 25
    assert PressRelease.objects.filter(status="borrador").exists()
    assert PressRelease.objects.filter(status="publicado", published_at__gt=timezone.now()).count() == 1
    assert SupportRequest.objects.count() == 5
    # The archive demo adds local outlets of its own, so only a lower bound here.
    assert Outlet.objects.count() >= 9 and Journalist.objects.count() == 10
    assert "prensa" in DEMO_USERS


@pytest.mark.parametrize("name", ["release-list", "support-list", "support-board", "contact-list"])
def test_pages_answer_in_spanish_for_anonymous_with_login_redirect(client, db, name):
    from django.urls import reverse

    response = client.get(reverse(f"communications:{name}"))
    assert response.status_code == 302 and "/cuenta/ingresar/" in response.url
