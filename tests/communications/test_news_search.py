"""The public news search (issue 21 point 5): titles and texts of published releases only, accents
and case ignored, paginated with ?pagina= keeping the search, never served from another search's
cache."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from communications import public_views
from communications.models import PressRelease, ReleaseStatus
from tests.communications.factories import PressReleaseFactory, PublishedReleaseFactory


def _titles(response) -> list[str]:
    return [r.title for r in response.context["page"].object_list]


@pytest.mark.date_sensitive
def test_the_search_finds_published_releases_by_title_lead_and_body_only(client, db):
    PublishedReleaseFactory(title="Pavimentación en La Chimba")
    PublishedReleaseFactory(title="Otra noticia", lead="Comienza la PAVIMENTACIÓN de avenida Grecia.")
    PublishedReleaseFactory(title="Tercera", body="<p>Obras de <strong>pavimentación</strong> en Coviefi.</p>")
    PublishedReleaseFactory(title="Sin relación", body="<p>Festival de teatro.</p>")
    PressReleaseFactory(title="Borrador de pavimentación")
    PressReleaseFactory(title="Aprobada pavimentación", status=ReleaseStatus.APPROVED)
    PublishedReleaseFactory(title="Pavimentación programada", published_at=timezone.now() + timedelta(days=1))
    withdrawn = PublishedReleaseFactory(title="Pavimentación retirada")
    PressRelease.objects.filter(pk=withdrawn.pk).update(status=ReleaseStatus.WITHDRAWN)
    replaced = PublishedReleaseFactory(title="Pavimentación reemplazada")
    PressRelease.objects.filter(pk=replaced.pk).update(status=ReleaseStatus.SUPERSEDED)

    response = client.get("/noticias/", {"q": "pavimentacion"})
    assert response.status_code == 200
    assert sorted(_titles(response)) == ["Otra noticia", "Pavimentación en La Chimba", "Tercera"]
    html = response.text
    for hidden in ("Borrador", "Aprobada", "programada", "retirada", "reemplazada"):
        assert hidden not in html
    assert "3 noticias con «pavimentacion»" in html


def test_every_word_must_be_found_and_markup_is_not_text(client, db):
    PublishedReleaseFactory(title="Plaza nueva en Coviefi")
    PublishedReleaseFactory(title="Plaza renovada", body="<p>En el centro.</p>")
    assert _titles(client.get("/noticias/", {"q": "plaza coviefi"})) == ["Plaza nueva en Coviefi"]
    assert _titles(client.get("/noticias/", {"q": "strong"})) == []  # tags of the body are not searched


def test_an_empty_result_says_so_in_spanish_and_escapes_the_search(client, db):
    PublishedReleaseFactory(title="Noticia")
    html = client.get("/noticias/", {"q": "<script>alert(1)</script> inexistente"}).text
    assert "No encontramos noticias con" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_search_pages_keep_the_search_in_their_links(client, db, monkeypatch):
    monkeypatch.setattr(public_views, "PAGE_SIZE", 2)
    for n in range(5):
        PublishedReleaseFactory(title=f"Reciclaje número {n}", published_at=timezone.now() - timedelta(hours=n + 1))
    PublishedReleaseFactory(title="Otra")
    first = client.get("/noticias/", {"q": "reciclaje"})
    assert _titles(first) == ["Reciclaje número 0", "Reciclaje número 1"]
    assert "?q=reciclaje&amp;pagina=2" in first.text
    third = client.get("/noticias/", {"q": "reciclaje", "pagina": "3"})
    assert _titles(third) == ["Reciclaje número 4"]
    assert client.get("/noticias/", {"q": "reciclaje", "pagina": "9"}).status_code == 404
    assert _titles(client.get("/noticias/", {"q": "reciclaje", "pagina": "x"})) == _titles(first)


def test_a_search_is_never_served_from_another_searchs_cache(client, db):
    PublishedReleaseFactory(title="Reciclaje en Coviefi")
    PublishedReleaseFactory(title="Teatro en el Parque Brasil")
    first = client.get("/noticias/", {"q": "reciclaje"})
    second = client.get("/noticias/", {"q": "teatro"})
    assert "Reciclaje en Coviefi" in first.text and "Teatro" not in first.text
    assert "Teatro en el Parque Brasil" in second.text and "Reciclaje" not in second.text
    assert first["ETag"] != second["ETag"] != client.get("/noticias/")["ETag"]
    # The browser's copy of one search is not "not modified" for another.
    other = client.get("/noticias/", {"q": "teatro"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200 and "Teatro en el Parque Brasil" in other.text
    again = client.get("/noticias/", {"q": "reciclaje"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_release_published_after_a_search_shows_in_the_same_search(client, db):
    PublishedReleaseFactory(title="Reciclaje uno")
    assert _titles(client.get("/noticias/", {"q": "reciclaje"})) == ["Reciclaje uno"]
    release = PressReleaseFactory(title="Reciclaje dos")
    release.status = ReleaseStatus.PUBLISHED
    release.published_at = timezone.now()
    release.save()  # a saved release forgets the news stamp: a new ETag, a new rendered copy
    assert "Reciclaje dos" in client.get("/noticias/", {"q": "reciclaje"}).text


def test_the_search_text_follows_edits_of_title_and_body(db):
    release = PublishedReleaseFactory(title="Primero", body="<p>Texto</p>")
    release.title = "Ñandú en el ZOOLÓGICO"
    release.save(update_fields=["title"])
    release.refresh_from_db()
    assert "nandu en el zoologico" in release.search_text
