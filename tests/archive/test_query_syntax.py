"""The one search syntax of the archive, read alike by the rules (in Python, on each fetched article)
and by a rule's trial and the SQLite search (as a database condition)."""

import pytest

from archive.models import Article
from archive.query import Matcher, parse
from gabinete.text import fold

TEXT = fold("El Alcalde inauguró la Plaza Sotomayor; vecinos de La Chimba reclaman por los microbasurales.")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("alcalde", True),
        ("ALCALDÉ", True),  # accents and case do not count
        ("inauguro", True),
        ("basural", False),  # a term matches where a word starts («microbasurales» is not «basural»)
        ("microbasural", True),
        ('"plaza sotomayor"', True),
        ('"sotomayor plaza"', False),
        ("alcalde NOT chimba", False),
        ("alcalde -chimba", False),
        ("concejo OR chimba", True),
        ("concejo OR pavimentacion", False),
        ("NOT alcalde", False),  # nothing required: matches nothing
        ("municipalidad de antofagasta OR plaza", True),
    ],
)
def test_a_query_matches_as_the_search_reads_it(query, expected):
    assert Matcher.of(query).matches(TEXT) is expected


def test_not_binds_the_next_term_only():
    [group] = parse("basura NOT aseo escombros")
    assert group.required == ("basura", "escombros") and group.excluded == ("aseo",)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["alcalde", "basural", "alcalde NOT chimba", '"plaza sotomayor"', "concejo OR chimba"]
)
def test_the_database_condition_agrees_with_the_python_match(query, press_sources):
    from archive.models import Story

    story = Story.objects.create(headline="x")
    Article.objects.create(
        outlet=press_sources["faro"].outlet, url="https://x.example/1", title="t", search_text=TEXT, story=story
    )
    found = Article.objects.filter(Matcher.of(query).as_q("search_text")).exists()
    assert found is Matcher.of(query).matches(TEXT)
