"""The archive's «Ordenar por» (relevance by default with words, newest or oldest first) on both
databases, saved searches keeping their order, and the highlight marking whole words only, escaped
(issue 21 point 5)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from archive import services
from archive.forms import search_from_params
from archive.models import SavedSearch
from archive.selectors import (
    ORDER_NEWEST,
    ORDER_OLDEST,
    ORDER_RELEVANCE,
    attach_passages,
    clipping_search,
    paginate,
)
from tests.archive.factories import ClippingFactory


@pytest.fixture
def three(db):
    """A body match (newest), a headline match (middle) and a headline-and-body match (oldest)."""
    return {
        "body": ClippingFactory(
            headline="Vecinos de Corvallis", body="Se habló también de reciclaje.", published_on=date(2026, 11, 10)
        ),
        "title": ClippingFactory(headline="Plan de reciclaje", body="Nada más.", published_on=date(2026, 11, 5)),
        "both": ClippingFactory(
            headline="Reciclaje en Coviefi", body="El reciclaje llega al sector.", published_on=date(2026, 11, 1)
        ),
        "none": ClippingFactory(headline="Otra cosa", body="Sin relación.", published_on=date(2026, 11, 12)),
    }


def _headlines(user, text, order=None):
    return [c.headline for c in clipping_search(user=user, text=text, order=order).queryset]


def test_with_words_the_default_order_is_relevance_headline_matches_first(gabinete_user, three):
    result = clipping_search(user=gabinete_user, text="reciclaje")
    assert result.order == ORDER_RELEVANCE
    found = [c.headline for c in result.queryset]
    assert set(found[:2]) == {"Plan de reciclaje", "Reciclaje en Coviefi"}
    assert found[2] == "Vecinos de Corvallis"
    # The page (PostgreSQL: the ranked window; SQLite: the scored queryset) follows the same order.
    assert [c.headline for c in paginate(result, 1).object_list] == found


def test_the_sqlite_rank_counts_the_words_found(gabinete_user, db):
    """Several words: the clipping with more of them in its headline comes first (on PostgreSQL the
    rank weighs them too)."""
    ClippingFactory(headline="Plaza nueva", body="La plaza de Coviefi abre.", published_on=date(2026, 11, 10))
    ClippingFactory(headline="Plaza de Coviefi renovada", body="Obras.", published_on=date(2026, 11, 1))
    assert _headlines(gabinete_user, "plaza coviefi")[0] == "Plaza de Coviefi renovada"


def test_newest_and_oldest_first_on_request(gabinete_user, three):
    assert _headlines(gabinete_user, "reciclaje", ORDER_NEWEST) == [
        "Vecinos de Corvallis",
        "Plan de reciclaje",
        "Reciclaje en Coviefi",
    ]
    assert _headlines(gabinete_user, "reciclaje", ORDER_OLDEST) == [
        "Reciclaje en Coviefi",
        "Plan de reciclaje",
        "Vecinos de Corvallis",
    ]
    result = clipping_search(user=gabinete_user, text="reciclaje", order=ORDER_OLDEST)
    assert not result.ranked
    assert [c.headline for c in paginate(result, 1).object_list][0] == "Reciclaje en Coviefi"


def test_without_words_relevance_falls_back_to_newest_and_oldest_still_works(gabinete_user, three):
    result = clipping_search(user=gabinete_user, text="", order=ORDER_RELEVANCE)
    assert result.order == ORDER_NEWEST
    assert [c.headline for c in result.queryset][0] == "Otra cosa"
    assert _headlines(gabinete_user, "", ORDER_OLDEST)[0] == "Reciclaje en Coviefi"
    assert clipping_search(user=gabinete_user, text="reciclaje", order="nonsense").order == ORDER_RELEVANCE


def test_the_page_offers_the_order_and_says_which_one_applies(client, gabinete_user, three):
    client.force_login(gabinete_user)
    page = client.get(reverse("archive:index"), {"q": "reciclaje"}).text
    assert 'name="orden"' in page
    assert '<option value="relevancia" selected>' in page
    assert "ordenados por relevancia" in page
    response = client.get(reverse("archive:index"), {"q": "reciclaje", "orden": ORDER_OLDEST})
    assert '<option value="antiguas" selected>' in response.text
    assert "los más antiguos primero" in response.text
    assert [c.headline for c in response.context["page"].object_list][0] == "Reciclaje en Coviefi"
    # Without words the select shows the order in force.
    assert '<option value="recientes" selected>' in client.get(reverse("archive:index")).text


def test_a_saved_search_keeps_and_replays_its_order(client, gabinete_user, three):
    client.force_login(gabinete_user)
    params = {"q": "reciclaje", "orden": ORDER_OLDEST}
    client.post(reverse("archive:saved-search-create"), {**params, "name": "Reciclaje antiguo"})
    search = SavedSearch.objects.get(owner=gabinete_user)
    assert search.query == params
    reopened = client.get(reverse("archive:saved-search-open", args=[search.pk]), follow=True)
    assert [c.headline for c in reopened.context["page"].object_list][0] == "Reciclaje en Coviefi"
    assert [c.headline for c in search_from_params(gabinete_user, search.query).queryset] == [
        "Reciclaje en Coviefi",
        "Plan de reciclaje",
        "Vecinos de Corvallis",
    ]
    saved = services.saved_search_create(by=gabinete_user, name="Otra", params={"q": "reciclaje", "orden": "x"})
    assert search_from_params(gabinete_user, saved.query).order == ORDER_RELEVANCE  # a bad order is dropped
    assert "Ordenar por: más antiguas" in client.get(reverse("archive:saved-search-list")).text


# --- the highlight ----------------------------------------------------------------------------------


def _marked(user, text):
    result = clipping_search(user=user, text=text)
    clippings = list(result.queryset)
    attach_passages(clippings, result.text)
    return clippings


def test_the_highlight_marks_whole_words_never_part_of_one(gabinete_user, db):
    ClippingFactory(
        headline="Pavimentación en La Chimba",
        summary="",
        body="Comenzó la repavimentación de calles; la pavimentación de avenida Grecia sigue.",
    )
    (clipping,) = _marked(gabinete_user, "pavimentación")
    assert "<mark>pavimentación</mark> de avenida" in clipping.passage
    assert "re<mark>" not in clipping.passage
    assert "repavimentación" in clipping.passage
    assert "<mark>Pavimentación</mark> en La Chimba" == clipping.headline_marked


def test_the_highlight_ignores_accents_and_case_like_the_search(gabinete_user, db):
    ClippingFactory(headline="Obras", summary="", body="Plan de PAVIMENTACIÓN en el sector norte.")
    (clipping,) = _marked(gabinete_user, "pavimentacion")
    assert "<mark>PAVIMENTACIÓN</mark>" in clipping.passage


def test_a_word_only_inside_another_is_not_found_on_sqlite_as_on_postgresql(gabinete_user, db):
    ClippingFactory(headline="Repavimentación de calles", summary="", body="")
    assert _headlines(gabinete_user, "pavimentación") == []


def test_the_highlight_escapes_html_of_the_clipping(client, gabinete_user, db):
    ClippingFactory(
        headline="<b>Reciclaje</b> <script>alert(1)</script>",
        summary="",
        body="El reciclaje <script>alert('x')</script> <img src=x onerror=alert(2)> llega.",
    )
    (clipping,) = _marked(gabinete_user, "reciclaje")
    assert "<script>" not in clipping.passage and "<img" not in clipping.passage
    assert "&lt;img" in clipping.passage  # shown as text (PostgreSQL's headline parser drops the tags it knows)
    assert "<mark>reciclaje</mark>" in clipping.passage
    assert "<script>" not in clipping.headline_marked and "<b>" not in clipping.headline_marked
    client.force_login(gabinete_user)
    page = client.get(reverse("archive:index"), {"q": "reciclaje"}).text
    assert "<script>alert" not in page and "<img src=x" not in page
