"""The validation queue: a directorate filter that answers htmx with the queue only."""

import pytest
from django.urls import reverse

from gabinete.models import Directorate
from tests.indicators.factories import IndicatorFactory, IndicatorYearFactory, measurement, open_period

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def queue(directorates, user_factory):
    liaison = user_factory("enlace", "aseo", username="enlace.cola")
    for slug, name in [("aseo", "Reclamos de aseo"), ("transito-y-transporte-publico", "Semáforos reparados")]:
        iy = IndicatorYearFactory(indicator=IndicatorFactory(directorate=directorates[slug], name=name))
        measurement(iy, open_period(), value="80", status="submitted", by=liaison)
    return liaison


def test_filtering_the_queue_by_directorate_with_htmx_answers_only_the_queue(client, gabinete_user, queue):
    client.force_login(gabinete_user)
    response = client.get(reverse("indicators:review-list"), {"direccion": "aseo"}, **HTMX)
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "includes/_queue_results.html"
    assert "<html" not in response.text
    assert "Reclamos de aseo" in response.text and "Semáforos reparados" not in response.text
    assert "1 medición esperando validación" in response.text


def test_the_queue_filter_without_htmx_is_the_whole_page_offering_only_directorates_with_work(
    client, gabinete_user, queue
):
    client.force_login(gabinete_user)
    response = client.get(reverse("indicators:review-list"), {"direccion": "aseo"})
    assert "<html" in response.text and 'id="queue-results"' in response.text
    assert "Semáforos reparados" not in response.text
    assert 'value="aseo" selected' in response.text and 'value="transito-y-transporte-publico"' in response.text
    other = Directorate.objects.get(slug="secretaria-municipal")
    assert f'value="{other.slug}"' not in response.text
    everything = client.get(reverse("indicators:review-list"), {"direccion": "no-existe"}, **HTMX)
    assert "Reclamos de aseo" in everything.text and "Semáforos reparados" in everything.text


def test_a_liaison_cannot_open_the_queue_with_htmx(client, queue):
    client.force_login(queue)
    assert client.get(reverse("indicators:review-list"), {"direccion": "aseo"}, **HTMX).status_code == 403


@pytest.mark.parametrize("n", [1, 10])
def test_the_queue_part_costs_the_same_queries_however_long_the_queue(
    client, gabinete_user, queue, directorates, django_assert_num_queries, n
):
    for _ in range(n):
        iy = IndicatorYearFactory(indicator=IndicatorFactory(directorate=directorates["aseo"]))
        measurement(iy, open_period(), value="70", status="submitted", by=queue)
    client.force_login(gabinete_user)
    client.get(reverse("indicators:review-list"))
    with django_assert_num_queries(QUERIES):
        assert client.get(reverse("indicators:review-list"), {"direccion": "aseo"}, **HTMX).status_code == 200


#: Session, user, memberships; the chosen directorate checked; the counts of the three choice filters
#: (one grouped query each); the two flags and the total (one aggregate); the page of rows with
#: their indicators, directorates and previous values (gabinete/queues.py).
QUERIES = 9
