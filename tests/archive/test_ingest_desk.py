"""What the ingest shows elsewhere: a source failing for a day on Gabinete's Mi escritorio, the
inbox's count, and a release's «repercusión en medios»."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from archive import desk, ingest, services
from archive.models import Article, FeedSource
from tests.gabinete.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_source_failing_for_a_day_shows_on_gabinetes_desk(press_sources, gabinete_user, directorates):
    faro = press_sources["faro"]
    FeedSource.objects.filter(pk=faro.pk).update(
        failing_since=timezone.now() - timedelta(hours=23), last_error="El servidor respondió 500."
    )
    assert desk.sources_failing(gabinete_user) == [], "under a day: a passing hiccup"
    FeedSource.objects.filter(pk=faro.pk).update(failing_since=timezone.now() - timedelta(hours=25))
    [item] = desk.sources_failing(gabinete_user)
    assert item.title.startswith("Diario El Faro: falla desde el ")
    assert item.detail == "El servidor respondió 500." and item.url == faro.get_absolute_url()
    assert desk.sources_failing(make_user("director", "aseo")) == [], "only Gabinete"
    FeedSource.objects.filter(pk=faro.pk).update(is_active=False)
    assert desk.sources_failing(gabinete_user) == [], "a paused source is not failing"


def test_the_inbox_count_is_on_gabinetes_desk(press_sources, press_rules, site, gabinete_user, client):
    ingest.fetch_source(press_sources["faro"].pk)
    [item] = desk.inbox_waiting(gabinete_user)
    pending = Article.objects.pending().count()
    assert item.title == f"{pending} publicaciones por revisar" and item.detail == "1 prioritaria"
    client.force_login(gabinete_user)
    assert f"{pending} publicaciones por revisar" in client.get(reverse("gabinete:home")).content.decode()


def test_the_release_page_lists_its_media_coverage(press_sources, gabinete_user, site, client):
    from archive.models import MatchRule
    from tests.archive import media_site as pages
    from tests.communications.factories import PublishedReleaseFactory

    release = PublishedReleaseFactory(title=pages.RELEASE_TITLE, lead="Operativo.", body=f"<p>{pages.RELEASE_TEXT}</p>")
    MatchRule.objects.create(name="Vacunación", query="antirrabica", created_by=gabinete_user)
    ingest.fetch_source(press_sources["radio"].pk)
    reprint = Article.objects.get(url__contains="/radio/vacunacion")
    client.force_login(gabinete_user)
    url = reverse("communications:release-detail", args=[release.pk])
    assert "Aún no hay recortes del archivo que repitan este comunicado." in client.get(url).content.decode()
    services.story_accept(article=reprint, by=gabinete_user, expected_version=reprint.version)
    page = client.get(url).content.decode()
    assert "Repercusión en medios" in page and f"Radio Costa: {reprint.title}" in page
