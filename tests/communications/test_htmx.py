"""The release list and the support requests: their filters answer htmx with the list only."""

import pytest
from django.urls import reverse

from communications.models import ReleaseStatus
from tests.communications.factories import PressReleaseFactory, SupportRequestFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_filtering_releases_by_status_with_htmx_answers_only_the_list(client, press, db):
    PressReleaseFactory(title="Plan de invierno", status=ReleaseStatus.REVIEW)
    PressReleaseFactory(title="Feria costumbrista", status=ReleaseStatus.DRAFT)
    client.force_login(press)
    response = client.get(reverse("communications:release-list"), {"estado": ReleaseStatus.REVIEW}, **HTMX)
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "includes/_queue_results.html"
    assert "<html" not in response.text and "Plan de invierno" in response.text and "Feria" not in response.text
    assert "1 comunicado con estos filtros" in response.text
    full = client.get(reverse("communications:release-list"), {"estado": ReleaseStatus.REVIEW})
    assert "<html" in full.text and 'id="queue-results"' in full.text and "Feria" not in full.text


def test_a_liaison_cannot_list_releases_with_htmx(client, liaison, db):
    PressReleaseFactory(title="Plan de invierno")
    client.force_login(liaison)
    assert client.get(reverse("communications:release-list"), **HTMX).status_code == 403


def test_filtering_support_requests_with_htmx_keeps_other_directorates_out(client, liaison, directorates):
    SupportRequestFactory(directorate=directorates["aseo"], title="Propia de Aseo")
    SupportRequestFactory(directorate=directorates["transito-y-transporte-publico"], title="De Tránsito")
    client.force_login(liaison)
    response = client.get(reverse("communications:support-list"), {"estado": "todas"}, **HTMX)
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "includes/_queue_results.html"
    assert "Propia de Aseo" in response.text and "De Tránsito" not in response.text


@pytest.mark.parametrize("n", [2, 20])
def test_the_release_list_part_costs_the_same_queries_however_many_releases(
    client, press, db, django_assert_num_queries, n
):
    for _ in range(n):
        PressReleaseFactory(status=ReleaseStatus.REVIEW)
    client.force_login(press)
    client.get(reverse("communications:release-list"))
    with django_assert_num_queries(QUERIES):
        assert client.get(reverse("communications:release-list"), {"estado": "revision"}, **HTMX).status_code == 200


#: Session, user, memberships, the counts per state and per author (one grouped query each), the
#: count and the page of releases with their authors (gabinete/queues.py).
QUERIES = 7
