"""The archive's filters answer htmx with the results only (the form and the page stay); the same
address without htmx, or restoring history, gives the whole page."""

import pytest
from django.urls import reverse

from tests.archive.factories import ClippingFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def clippings(directorates):
    ClippingFactory(headline="Microbasurales en La Chimba", tone="negativo", directorates=["aseo"])
    ClippingFactory(headline="Nueva ciclovía en Avenida Brasil", tone="positivo", directorates=["aseo"])
    ClippingFactory(headline="Tránsito colapsado", tone="negativo", directorates=["transito-y-transporte-publico"])


def test_filtering_with_htmx_answers_only_the_results(client, gabinete_user, clippings):
    client.force_login(gabinete_user)
    response = client.get(reverse("archive:index"), {"tono": "negativo"}, **HTMX)
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "archive/_clipping_results.html"
    assert "<html" not in response.text and 'role="search"' not in response.text
    assert "Microbasurales en La Chimba" in response.text and "Tránsito colapsado" in response.text
    assert "Nueva ciclovía" not in response.text
    assert "2 recortes" in response.text and "data-announce" in response.text
    assert '<input type="hidden" name="tono" value="negativo">' in response.text  # the CSV export follows the filters
    assert "HX-Request" in response["Vary"]


def test_the_same_filter_address_without_htmx_is_the_whole_page(client, gabinete_user, clippings):
    client.force_login(gabinete_user)
    response = client.get(reverse("archive:index"), {"tono": "negativo"})
    assert "<html" in response.text and 'role="search"' in response.text and 'id="archive-results"' in response.text
    assert "Nueva ciclovía" not in response.text
    restored = client.get(
        reverse("archive:index"), {"tono": "negativo"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX
    )
    assert "<html" in restored.text


def test_a_directorate_filtering_with_htmx_still_sees_only_its_clippings(client, user_factory, clippings):
    client.force_login(user_factory("enlace", "aseo"))
    response = client.get(reverse("archive:index"), {"tono": "negativo"}, **HTMX)
    assert "Microbasurales en La Chimba" in response.text and "Tránsito colapsado" not in response.text


def test_a_user_without_unit_cannot_filter_with_htmx(client, user_factory, clippings):
    client.force_login(user_factory(None))
    assert client.get(reverse("archive:index"), {"tono": "negativo"}, **HTMX).status_code == 403


@pytest.mark.parametrize("n", [3, 30])
def test_the_results_part_costs_the_same_queries_however_many_clippings(
    client, gabinete_user, directorates, django_assert_num_queries, n
):
    for i in range(n):
        ClippingFactory(headline=f"Nota {i}", directorates=["aseo"])
    client.force_login(gabinete_user)
    client.get(reverse("archive:index"))
    with django_assert_num_queries(QUERIES):
        assert client.get(reverse("archive:index"), {"tono": "neutro"}, **HTMX).status_code == 200


#: Session, user, memberships, the filter form's choices (outlets, directorates, topics), the count
#: and the page of clippings with their directorates and topics.
QUERIES = 10
