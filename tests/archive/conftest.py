import pytest

from archive.models import FeedSource, MatchRule, SourceKind, Topic
from communications.models import Outlet
from tests.archive.media_site import MediaSite


@pytest.fixture(scope="session")
def media_site():
    """The local media outlets' server (tests/archive/media_site.py), one for the whole run."""
    site = MediaSite().start()
    yield site
    site.stop()


@pytest.fixture
def site(media_site):
    """The server with its counters and withdrawn pages reset for this test."""
    media_site.hits.clear()
    media_site.user_agents.clear()
    media_site.conditional.clear()
    media_site.withdrawn.clear()
    return media_site


@pytest.fixture
def press_sources(site, gabinete_user):
    """Diario El Faro's RSS feed and Radio Costa's news sitemap, both on the local server."""
    faro = Outlet.objects.create(name="Diario El Faro", kind="prensa", website=site.url("/"))
    radio = Outlet.objects.create(name="Radio Costa", kind="radio", website=site.url("/"))
    return {
        "faro": FeedSource.objects.create(
            outlet=faro, kind=SourceKind.FEED, url=site.url("/faro/rss.xml"), created_by=gabinete_user
        ),
        "radio": FeedSource.objects.create(
            outlet=radio, kind=SourceKind.NEWS_SITEMAP, url=site.url("/radio/noticias.xml"), created_by=gabinete_user
        ),
    }


@pytest.fixture
def press_rules(gabinete_user, directorates):
    """The press team's rules: the administration in general, and rubbish for Aseo (priority)."""
    general = MatchRule.objects.create(
        name="Administración", query='alcalde OR "municipalidad de antofagasta"', created_by=gabinete_user
    )
    aseo = MatchRule.objects.create(
        name="Aseo", query="basura OR microbasural", priority=True, created_by=gabinete_user
    )
    topic, _ = Topic.objects.get_or_create(slug="recoleccion-de-basura", defaults={"name": "Recolección de basura"})
    aseo.topics.set([topic])
    aseo.directorates.set([directorates["aseo"]])
    return {"general": general, "aseo": aseo}
