"""The news stamp is kept in the shared cache: a write forgets it, a scheduled publication ends it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communications import selectors, services
from tests.communications.test_releases import new_release


def _approved(press, press2, title):
    release = new_release(press, title=title)
    services.release_submit(release=release, by=press)
    services.release_approve(release=release, by=press2)
    return release


@pytest.mark.date_sensitive
def test_a_scheduled_release_reaches_the_public_list_when_its_time_comes_with_the_stamp_cached(
    client, press, press2, clock
):
    later = timezone.now() + timedelta(hours=2)
    services.release_publish(release=_approved(press, press2, "Operativo de invierno"), by=press2, publish_at=later)
    clock.move_to(later - timedelta(seconds=10))  # the stamp is kept from here (for less than a minute)
    assert "Operativo de invierno" not in client.get("/noticias/").text
    clock.move_to(later + timedelta(seconds=5))
    assert "Operativo de invierno" in client.get("/noticias/").text


def test_publishing_and_withdrawing_change_the_cached_stamp_at_the_next_request(client, press, press2):
    before = selectors.public_news_stamp()
    release = services.release_publish(release=_approved(press, press2, "Feria de las pulgas"), by=press2)
    assert selectors.public_news_stamp() != before
    assert "Feria de las pulgas" in client.get("/noticias/").text
    detail = release.get_public_url()
    assert client.get(detail).status_code == 200
    services.release_withdraw(release=release, by=press2, comment="Se suspendió la feria")
    assert "Feria de las pulgas" not in client.get("/noticias/").text
    assert client.get(detail).status_code == 410


def test_the_news_list_asks_no_query_when_its_stamp_and_page_are_cached(
    client, press, press2, django_assert_num_queries
):
    services.release_publish(release=_approved(press, press2, "Plan de veredas"), by=press2)
    client.get("/noticias/")
    with django_assert_num_queries(0):
        assert "Plan de veredas" in client.get("/noticias/").text
