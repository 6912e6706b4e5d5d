"""The archive fills itself: the fetcher reads real feeds and sitemaps from a local HTTP server
(tests/archive/media_site.py), stores each article once, tries the rules and folds republications."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from archive import ingest
from archive.models import Article, ArticleState, FeedSource, SourceKind, Story
from communications.models import Outlet
from tests.archive import media_site as pages
from tests.communications.factories import PublishedReleaseFactory

pytestmark = pytest.mark.django_db


def _article(path_part: str) -> Article:
    return Article.objects.get(url__contains=path_part)


def test_a_feed_fills_the_inbox_with_what_the_rules_match(press_sources, press_rules, site):
    outcome = ingest.fetch_source(press_sources["faro"].pk)

    assert outcome.error == ""
    plaza = _article("plaza-sotomayor")
    assert plaza.state == ArticleState.PENDING
    assert list(plaza.rules.all()) == [press_rules["general"]]
    assert plaza.author == "Camila Rojas"
    assert "480 millones de pesos" in plaza.text and not plaza.from_summary
    assert plaza.image_url.endswith("/img/portada.jpg")
    basural = _article("microbasural")
    assert basural.state == ArticleState.PENDING and basural.priority
    assert [d.slug for d in basural.suggested_directorates.all()] == ["aseo"]
    assert [t.slug for t in basural.suggested_topics.all()] == ["recoleccion-de-basura"]
    assert _article("futbol").state == ArticleState.UNMATCHED, "no rule speaks of football"
    source = FeedSource.objects.get(pk=press_sources["faro"].pk)
    assert source.failing_since is None and source.items_found == outcome.new
    assert all(agent.startswith("GabineteAntofagasta/") for agent in site.user_agents)


def test_tracking_parameters_are_dropped_and_an_article_is_never_stored_twice(press_sources, press_rules, site):
    ingest.fetch_source(press_sources["faro"].pk)
    plaza = _article("plaza-sotomayor")
    assert plaza.url == site.url("/faro/plaza-sotomayor")
    assert "utm_" not in plaza.url

    stored = Article.objects.count()
    FeedSource.objects.filter(pk=press_sources["faro"].pk).update(next_fetch_at=timezone.now())
    again = ingest.fetch_source(press_sources["faro"].pk)
    assert again.not_modified, "the second read is conditional (If-None-Match) and the feed did not change"
    assert site.conditional == ["/faro/rss.xml"]
    assert Article.objects.count() == stored

    # Even when the feed is read whole again (no ETag kept), nothing known is stored twice.
    FeedSource.objects.filter(pk=press_sources["faro"].pk).update(next_fetch_at=timezone.now(), etag="")
    assert ingest.fetch_source(press_sources["faro"].pk).new == 0
    assert Article.objects.count() == stored


def test_pages_that_fail_fall_back_to_the_feed_summary_and_never_stop_the_source(press_sources, press_rules, site):
    outcome = ingest.fetch_source(press_sources["faro"].pk)

    assert not Article.objects.filter(url__contains="retirada").exists(), "a withdrawn article is not archived"
    for path in ("/faro/error", "/faro/lenta", "/faro/enorme", "/privado/alcalde-reservado"):
        article = _article(path)
        assert article.from_summary and article.text == "", path
        assert article.state == ArticleState.PENDING, path
    assert site.hits["/privado/alcalde-reservado"] == 0, "robots.txt forbids /privado/"
    assert site.hits["/faro/error"] == 2, "a 500 is retried once"
    assert len(outcome.page_errors) == 6  # and the foreign link
    assert any("30" in e or "tamaño máximo" in e for e in outcome.page_errors)
    source = FeedSource.objects.get(pk=press_sources["faro"].pk)
    assert source.failing_since is None
    assert "páginas no se pudieron leer" in source.last_error


def test_a_republished_story_joins_the_first_one_and_a_reprinted_release_is_linked(press_sources, press_rules, site):
    release = PublishedReleaseFactory(
        title=pages.RELEASE_TITLE, lead="Operativo gratuito este sábado.", body=f"<p>{pages.RELEASE_TEXT}</p>"
    )
    ingest.fetch_source(press_sources["faro"].pk)
    ingest.fetch_source(press_sources["radio"].pk)

    faro, radio = _article("/faro/plaza-sotomayor"), _article("/radio/plaza")
    assert radio.story_id == faro.story_id, "the same story with small edits"
    assert radio.outlet.name == "Radio Costa"
    assert _article("/faro/microbasural").story_id != faro.story_id
    vacunacion = _article("/radio/vacunacion")
    assert vacunacion.story.press_release_id == release.pk
    assert Story.objects.filter(press_release=release).count() == 1


def test_a_sitemap_index_is_read_through_its_sitemaps(site, gabinete_user, press_rules):
    outlet = Outlet.objects.create(name="Radio Costa", kind="radio", website=site.url("/"))
    source = FeedSource.objects.create(
        outlet=outlet, kind=SourceKind.SITEMAP, url=site.url("/radio/indice.xml"), created_by=gabinete_user
    )
    outcome = ingest.fetch_source(source.pk)
    assert outcome.error == "" and outcome.new == 2
    assert _article("/radio/plaza").title == "Inauguran plaza Sotomayor con presencia del alcalde"


def test_bad_sources_fail_in_spanish_with_back_off_and_the_others_go_on(
    site, gabinete_user, press_sources, press_rules
):
    outlet = Outlet.objects.create(name="Diario Roto", kind="digital", website=site.url("/"))
    broken = FeedSource.objects.create(outlet=outlet, url=site.url("/roto/feed.xml"), created_by=gabinete_user)
    down = FeedSource.objects.create(outlet=outlet, url=site.url("/caido/feed.xml"), created_by=gabinete_user)
    now = timezone.now()

    assert ingest.fetch_source(broken.pk, now=now).error == "La fuente no es un feed RSS o Atom válido."
    assert ingest.fetch_source(down.pk, now=now).error == "El servidor respondió 500."
    assert ingest.fetch_source(press_sources["faro"].pk, now=now).new > 0

    broken.refresh_from_db()
    assert broken.failing_since == now and broken.consecutive_failures == 1
    assert broken.next_fetch_at >= now + timedelta(minutes=broken.interval_minutes)
    assert broken.state_label == "Fallando"
    # The source is not read again before its back-off ends.
    assert ingest.fetch_source(broken.pk, now=now + timedelta(minutes=1)).fetched is False


def test_a_source_never_reaches_a_site_the_municipality_did_not_register(press_sources, press_rules, site):
    outcome = ingest.fetch_source(press_sources["faro"].pk)

    assert site.hits["/faro/externa"] == 0, "the feed links to localhost, which nobody registered"
    assert any("no es del sitio" in error for error in outcome.page_errors)
    assert _article("/faro/externa").from_summary
    fetcher = ingest.Fetcher([press_sources["faro"].url])
    assert not fetcher.is_allowed_site("file:///etc/passwd")
    assert not fetcher.is_allowed_site("http://127.0.0.1.evil.example/")
    assert fetcher.is_allowed_site(site.url("/faro/otra"))


def test_requests_to_one_site_wait_their_turn(site, settings):
    from archive.fetching import Fetcher

    settings.ARCHIVE_FETCH_HOST_DELAY = 0.3
    times = []
    original = site.answer

    def timed(path, headers):
        times.append(time.monotonic())
        return original(path, headers)

    site.answer = timed
    try:
        with Fetcher([site.url("/")]) as fetcher:
            fetcher.get(site.url("/faro/futbol"))
            fetcher.get(site.url("/faro/microbasural-la-chimba"))
    finally:
        site.answer = original
    assert len(times) == 3, "robots.txt, then the two pages"
    assert all(later - earlier >= 0.29 for earlier, later in zip(times, times[1:], strict=False))


def test_an_accepted_article_reaches_the_briefing_and_the_saved_search_alerts(
    press_sources, press_rules, site, gabinete_user
):
    from archive import services
    from archive.models import SavedSearch
    from archive.selectors import briefing_for_day

    follower = gabinete_user
    search = SavedSearch.objects.create(name="Microbasurales", owner=follower, query={"q": "microbasural"})
    search.followers.add(follower)
    ingest.fetch_source(press_sources["faro"].pk)
    basural = _article("microbasural")
    [clipping] = services.story_accept(
        article=basural, by=gabinete_user, tone="negativo", expected_version=basural.version
    )
    briefing = briefing_for_day(clipping.published_on)
    assert clipping.pk in [c.pk for tone in briefing.groups for unit in tone.directorates for c in unit.clippings]
    assert services.saved_searches_announce() == 1
