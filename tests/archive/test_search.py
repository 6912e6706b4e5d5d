"""Search: Spanish full text on PostgreSQL, the accent-insensitive fallback on SQLite, hostile input."""

import pytest
from django.db import connection

from archive.models import normalise
from archive.selectors import ClippingFilters, attach_passages, clean_query, clipping_search
from tests.archive.factories import ClippingFactory, OutletFactory, TopicFactory
from tests.gabinete.job_helpers import requested_document

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL full-text search")


def _headlines(user, text, **filters):
    result = clipping_search(user=user, text=text, filters=ClippingFilters(**filters))
    return [c.headline for c in result.queryset]


def test_normalise_removes_accents_and_case_keeping_length():
    assert normalise("NÚÑEZ Educación") == "nunez educacion"
    assert len(normalise("Ñandú ÁRBOL")) == len("Ñandú ÁRBOL")


@postgres_only
def test_accents_and_stemming_on_postgres(gabinete_user):
    ClippingFactory(headline="EDUCACION PUBLICA EN LA COMUNA")
    ClippingFactory(headline="Nuevo proyecto educativo en Coviefi")
    ClippingFactory(headline="Obras de pavimentación en avenida Grecia")
    ClippingFactory(headline="El Alcalde visitó La Chimba")
    ClippingFactory(headline="Festival de teatro en el Parque Brasil")
    found = _headlines(gabinete_user, "educación")
    assert "EDUCACION PUBLICA EN LA COMUNA" in found
    assert "Nuevo proyecto educativo en Coviefi" in found
    assert _headlines(gabinete_user, "pavimentos") == ["Obras de pavimentación en avenida Grecia"]
    assert _headlines(gabinete_user, "alcaldía") == ["El Alcalde visitó La Chimba"]


@postgres_only
def test_phrase_search_with_quotes_on_postgres(gabinete_user):
    ClippingFactory(headline="Reunión con la junta de vecinos de Bonilla")
    ClippingFactory(headline="Vecinos piden una junta con el municipio")
    assert _headlines(gabinete_user, '"junta de vecinos"') == ["Reunión con la junta de vecinos de Bonilla"]
    assert len(_headlines(gabinete_user, "junta vecinos")) == 2
    assert _headlines(gabinete_user, "junta -Bonilla") == ["Vecinos piden una junta con el municipio"]


@postgres_only
def test_ranking_puts_headline_matches_first_and_highlights_the_passage(gabinete_user):
    ClippingFactory(headline="Vecinos de Corvallis", body="Se habló también de reciclaje y de otras cosas.")
    ClippingFactory(headline="Nuevo plan de reciclaje", body="El reciclaje llega a todos los sectores de la comuna.")
    result = clipping_search(user=gabinete_user, text="reciclaje")
    clippings = list(result.queryset)
    assert clippings[0].headline == "Nuevo plan de reciclaje"
    assert result.ranked
    attach_passages(clippings, result.text)
    assert "<mark>reciclaje</mark>" in clippings[0].passage
    assert "<mark>reciclaje</mark>" in clippings[0].headline_marked


@postgres_only
def test_saving_a_clipping_updates_its_search_vector(gabinete_user):
    clipping = ClippingFactory(headline="Recolección de basura")
    assert _headlines(gabinete_user, "basura") == ["Recolección de basura"]
    clipping.headline = "Semáforos nuevos"
    clipping.save()
    assert _headlines(gabinete_user, "basura") == []
    assert _headlines(gabinete_user, "semaforo") == ["Semáforos nuevos"]


def test_search_ignores_accents_and_case_on_every_database(gabinete_user):
    ClippingFactory(headline="Canciones de Núñez en el Teatro Municipal")
    ClippingFactory(headline="Otra noticia")
    assert _headlines(gabinete_user, "NUNEZ") == ["Canciones de Núñez en el Teatro Municipal"]
    assert _headlines(gabinete_user, "teatro núñez") == ["Canciones de Núñez en el Teatro Municipal"]


def test_search_finds_summary_and_full_text(gabinete_user):
    ClippingFactory(headline="Uno", summary="Se reparará el socavón", body="")
    ClippingFactory(headline="Dos", summary="", body="Hay microbasurales en el sector")
    assert _headlines(gabinete_user, "socavón") == ["Uno"]
    assert _headlines(gabinete_user, "microbasurales") == ["Dos"]


def test_sqlite_fallback_highlights_the_matching_passage(gabinete_user):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite fallback")
    ClippingFactory(headline="Educación pública", body="x " * 200 + "La EDUCACIÓN municipal mejora. " + "y " * 200)
    result = clipping_search(user=gabinete_user, text="educacion")
    clippings = list(result.queryset)
    attach_passages(clippings, result.text)
    assert "<mark>EDUCACIÓN</mark>" in clippings[0].passage
    assert clippings[0].passage.startswith("… ")
    assert "<mark>Educación</mark>" in clippings[0].headline_marked


def test_sqlite_fallback_reads_phrases_exclusions_and_or(gabinete_user):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite fallback")
    ClippingFactory(headline="Reunión con la junta de vecinos de Bonilla")
    ClippingFactory(headline="Vecinos piden una junta con el municipio")
    ClippingFactory(headline="Plaza renovada")
    assert _headlines(gabinete_user, '"junta de vecinos"') == ["Reunión con la junta de vecinos de Bonilla"]
    assert _headlines(gabinete_user, "junta -bonilla") == ["Vecinos piden una junta con el municipio"]
    assert len(_headlines(gabinete_user, "plaza or bonilla")) == 2


HOSTILE = [
    '"',
    '""',
    '"unterminated',
    "' OR 1=1 --",
    "'; DROP TABLE archive_clipping; --",
    "a & b | !c",
    "(((",
    ")",
    "!!",
    "-",
    "- - -",
    "or",
    "OR OR",
    "<->",
    "a:*",
    "\\",
    "%",
    "_",
    "%_%",
    "\x00",
    "null\x00byte",
    "el la de",
    "😀",
    "x" * 2000,
    ("palabra " * 300),
    "<script>alert(1)</script>",
    "∞ ⦅ ⦆",
    "\u200b",
    "''''",
    "a:b:c",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_search_text_gives_results_or_nothing_never_an_error(client, gabinete_user, text):
    ClippingFactory(headline="Noticia de prueba con palabra")
    client.force_login(gabinete_user)
    response = client.get("/archivo/", {"q": text})
    if "\x00" in text:  # refused before any view (gabinete.middleware.InvalidCharactersMiddleware)
        assert response.status_code == 400
        assert client.post("/archivo/exportar.csv", {"q": text}).status_code == 400
        return
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    requested_document(client, "/archivo/exportar.csv", data={"q": text})  # the job finishes, no error


def test_clean_query_strips_nul_and_limits_length():
    assert "\x00" not in clean_query("a\x00b")
    assert len(clean_query("x" * 2000)) == 200


def test_filters_narrow_by_date_outlet_medium_tone_directorate_topic(gabinete_user):
    from datetime import date

    radio = OutletFactory(name="Radio Canal 95", kind="radio")
    topic = TopicFactory(name="Pavimentación")
    target = ClippingFactory(
        headline="La buscada",
        outlet=radio,
        medium="radio",
        tone="negativo",
        published_on=date(2026, 3, 10),
        directorates=["obras-municipales"],
        topics=[topic],
    )
    ClippingFactory(
        headline="Otra fecha",
        outlet=radio,
        medium="radio",
        tone="negativo",
        published_on=date(2026, 1, 1),
        directorates=["obras-municipales"],
        topics=[topic],
    )
    ClippingFactory(
        headline="Otro tono",
        outlet=radio,
        medium="radio",
        tone="positivo",
        published_on=date(2026, 3, 10),
        directorates=["obras-municipales"],
        topics=[topic],
    )
    ClippingFactory(
        headline="Otra dirección",
        outlet=radio,
        medium="radio",
        tone="negativo",
        published_on=date(2026, 3, 10),
        directorates=["aseo"],
        topics=[topic],
    )
    ClippingFactory(
        headline="Otro medio",
        medium="prensa",
        tone="negativo",
        published_on=date(2026, 3, 10),
        directorates=["obras-municipales"],
        topics=[topic],
    )
    ClippingFactory(
        headline="Sin tema",
        outlet=radio,
        medium="radio",
        tone="negativo",
        published_on=date(2026, 3, 10),
        directorates=["obras-municipales"],
    )
    from gabinete.models import Directorate

    found = _headlines(
        gabinete_user,
        "",
        date_from=date(2026, 3, 1),
        date_to=date(2026, 3, 31),
        outlet_id=radio.pk,
        medium="radio",
        tone="negativo",
        directorate_id=Directorate.objects.get(slug="obras-municipales").pk,
        topic_id=topic.pk,
    )
    assert found == [target.headline]


@pytest.mark.date_sensitive
@postgres_only
def test_a_very_common_word_ranks_the_most_recent_window_and_says_so(client, gabinete_user, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from archive import selectors

    monkeypatch.setattr(selectors, "RANK_WINDOW", 5)
    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    today = timezone.localdate()
    for n in range(8):
        ClippingFactory(headline=f"Vecinos reclaman {n}", published_on=today - timedelta(days=n))
    result = clipping_search(user=gabinete_user, text="vecinos")
    assert result.known_count == 6
    headlines = [c.headline for c in result.queryset]
    assert sorted(headlines) == [f"Vecinos reclaman {n}" for n in range(5)]
    page = selectors.CappedPaginator(result.queryset, 20, known_count=result.known_count, cap=5)
    assert page.is_capped and page.num_pages == 1


@postgres_only
def test_the_pages_of_a_ranked_search_follow_relevance_and_carry_their_labels(gabinete_user):
    """A page of a ranked search is cut from the window's ids in order of relevance, then its rows
    are read with their directorates and topics: page 1 + page 2 is the ranked list."""
    from archive import selectors

    topic = TopicFactory(name="Reciclaje")
    ClippingFactory(
        headline="Reciclaje, reciclaje y más reciclaje",
        body="Reciclaje en toda la comuna",
        topics=[topic],
        directorates=["aseo"],
    )
    for n in range(4):
        ClippingFactory(headline=f"Nota {n}", body="Se habló de reciclaje.", directorates=["obras-municipales"])
    result = clipping_search(user=gabinete_user, text="reciclaje")
    expected = [c.headline for c in result.queryset]
    first = selectors.paginate(result, 1, per_page=3)
    second = selectors.paginate(result, 2, per_page=3)
    assert [c.headline for c in first.object_list] + [c.headline for c in second.object_list] == expected
    assert expected[0] == "Reciclaje, reciclaje y más reciclaje"
    best = first.object_list[0]
    assert best.topic_names == ["Reciclaje"] and best.directorate_names == ["Aseo"]
    assert "<mark>" in best.headline_marked


def test_a_word_found_in_the_summary_is_marked_even_when_the_clipping_has_a_body(gabinete_user):
    from archive import selectors

    ClippingFactory(
        headline="Alcaldía presenta cuenta pública",
        summary="El jefe comunal destacó avances en recolección de residuos, luminarias y pavimentación.",
        body="Ante el Concejo Municipal y dirigentes sociales, el Alcalde repasó los proyectos del año.",
    )
    page = selectors.paginate(clipping_search(user=gabinete_user, text="pavimentación"), 1)
    assert "<mark>pavimentación</mark>" in page.object_list[0].passage


def test_the_search_example_keeps_its_quotes_inside_the_placeholder(client, gabinete_user):
    from django.urls import reverse

    client.force_login(gabinete_user)
    page = client.get(reverse("archive:index")).text
    assert 'placeholder="Ej.: pavimentación La Chimba, &quot;plan regulador&quot;, basura -Coviefi"' in page


@postgres_only
def test_postgresql_has_the_covering_date_index_for_counting_filtered_listings(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'clipping_date_cover_idx'")
        (definition,) = cursor.fetchone()
    assert "(published_on DESC, id DESC) INCLUDE (tone, medium, source, outlet_id)" in definition
