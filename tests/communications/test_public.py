from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from communications.models import PressRelease, ReleaseStatus
from tests.communications.factories import PressReleaseFactory, PublishedReleaseFactory


@pytest.mark.date_sensitive
def test_public_list_shows_only_published_and_due_releases(client, db):
    PublishedReleaseFactory(title="Publicado visible")
    PressReleaseFactory(title="Borrador secreto")
    PressReleaseFactory(title="Aprobado pendiente", status=ReleaseStatus.APPROVED)
    PublishedReleaseFactory(title="Programado futuro", published_at=timezone.now() + timedelta(days=1))
    html = client.get("/noticias/").text
    assert "Publicado visible" in html
    assert "Borrador secreto" not in html
    assert "Aprobado pendiente" not in html
    assert "Programado futuro" not in html


@pytest.mark.date_sensitive
def test_drafts_and_future_releases_are_404_even_with_the_right_url(client, db):
    future = PublishedReleaseFactory(slug="futuro", published_at=timezone.now() + timedelta(days=1))
    url = future.get_public_url()
    draft = PressReleaseFactory(slug="borrador")
    day = timezone.localdate()
    assert client.get(url).status_code == 404
    assert client.get(f"/noticias/{day:%Y/%m/%d}/borrador/").status_code == 404
    assert draft.slug == "borrador"
    # once its time has come it is there, by itself
    PressRelease.objects.filter(pk=future.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    future.refresh_from_db()
    assert client.get(future.get_public_url()).status_code == 200


def test_release_page_has_clean_url_and_open_graph_tags(client, db, settings):
    settings.SITE_URL = "https://www.municipalidad.example"
    release = PublishedReleaseFactory(title="Feria & fiesta", slug="feria-y-fiesta", lead="Bajada <b>x</b>")
    url = release.get_public_url()
    day = timezone.localtime(release.published_at).date()
    assert url == f"/noticias/{day:%Y/%m/%d}/feria-y-fiesta/"
    html = client.get(url).text
    assert '<meta property="og:title" content="Feria &amp; fiesta">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="https://www.municipalidad.example{url}">' in html
    assert 'og:description" content="Bajada &lt;b&gt;x&lt;/b&gt;"' in html
    # a wrong date in the URL redirects to the canonical one
    response = client.get("/noticias/2001/01/01/feria-y-fiesta/")
    assert response.status_code == 301 and response.url == url


@pytest.mark.date_sensitive
@pytest.mark.parametrize("path", ["/noticias/", "/noticias/rss/", "/noticias/atom/"])
def test_public_pages_answer_conditional_requests_with_304(client, db, path):
    PublishedReleaseFactory()
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    # a new publication changes the answer
    PublishedReleaseFactory(published_at=timezone.now())
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_release_page_answers_304_and_changes_etag_after_edit(client, db):
    release = PublishedReleaseFactory()
    first = client.get(release.get_public_url())
    assert client.get(release.get_public_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    release.lead = "Corrección"
    release.save()
    second = client.get(release.get_public_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]


@pytest.mark.date_sensitive
def test_rss_and_atom_feeds_parse_and_list_only_public_releases(client, db):
    PublishedReleaseFactory(title="Noticia publicada", tags="aseo, verano")
    PressReleaseFactory(title="Borrador oculto")
    PublishedReleaseFactory(title="Noticia futura", published_at=timezone.now() + timedelta(hours=1))
    for path, version in (("/noticias/rss/", "rss20"), ("/noticias/atom/", "atom10")):
        response = client.get(path)
        feed = feedparser.parse(response.content)
        assert feed.version == version and not feed.bozo
        titles = [e.title for e in feed.entries]
        assert titles == ["Noticia publicada"]
        assert feed.entries[0].link.startswith("http://testserver/noticias/")


def test_public_news_is_paginated(client, db):
    PublishedReleaseFactory.create_batch(15)
    first = client.get("/noticias/").text
    assert "Página 1" in first and "?pagina=2" in first
    second = client.get("/noticias/?pagina=2").text
    assert second.count('class="card h-100 news-card"') == 3 and "?pagina=3" not in second
    assert client.get("/noticias/?pagina=9").status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_public_pages_query_count_is_constant(client, db, django_assert_max_num_queries, rows):
    releases = PublishedReleaseFactory.create_batch(rows)
    for path in ("/noticias/", "/noticias/rss/", "/noticias/atom/", releases[0].get_public_url()):
        with django_assert_max_num_queries(4):
            assert client.get(path).status_code == 200


@pytest.mark.parametrize("page", ["99999999999999999999999", "100001"])
def test_news_list_answers_404_to_an_absurd_page_number(client, db, page):
    # A huge page number overflowed the SQL OFFSET (a 500 on SQLite and PostgreSQL).
    PublishedReleaseFactory()
    assert client.get(f"/noticias/?pagina={page}").status_code == 404
