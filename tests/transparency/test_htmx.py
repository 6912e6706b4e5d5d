"""The compliance board: year and directorate filters answer htmx with the grid only."""

import pytest
from django.urls import reverse
from django.utils import timezone

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_changing_the_board_filters_with_htmx_answers_the_grid_and_the_year_in_the_heading(client, catalogue, people):
    client.force_login(people["administrador"])
    year = timezone.localdate().year - 1
    response = client.get(reverse("transparency:board"), {"anio": year, "direccion": "gestion-de-personas"}, **HTMX)
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "transparency/_board_results.html"
    assert "<html" not in response.text and "<form" not in response.text
    assert f'<span id="board-year" hx-swap-oob="true">{year}</span>' in response.text
    assert "Personal de planta" in response.text and "Organigrama" not in response.text
    full = client.get(reverse("transparency:board"), {"anio": year, "direccion": "gestion-de-personas"})
    assert (
        "<html" in full.text and "hx-swap-oob" not in full.text and f'<span id="board-year">{year}</span>' in full.text
    )


def test_a_directorate_asking_the_board_for_another_directorate_with_htmx_sees_only_its_own(client, catalogue, people):
    client.force_login(people["enlace_aseo"])
    response = client.get(reverse("transparency:board"), {"direccion": "gestion-de-personas"}, **HTMX)
    assert response.status_code == 200 and "Personal de planta" not in response.text


@pytest.mark.parametrize("count", [0, 30])
def test_the_board_part_costs_the_same_queries_however_many_sections(
    client, catalogue, people, django_assert_num_queries, count
):
    from transparency.models import Section

    item = catalogue[("d", "planta")].item
    Section.objects.bulk_create([Section(item=item, slug=f"extra-{n}", name=f"Extra {n}") for n in range(count)])
    client.force_login(people["gabinete"])
    client.get(reverse("transparency:board"))
    with django_assert_num_queries(QUERIES):
        assert client.get(reverse("transparency:board"), {"anio": timezone.localdate().year}, **HTMX).status_code == 200


#: Session, user, memberships, the sections and their publications for the year.
QUERIES = 5
