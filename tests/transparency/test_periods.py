"""«Período» means one thing (issue 18, point 10): a publication keeps the month in which the update is
made — the deadline counts from it, the 10th business day of that month — and the date its content
reports («información al», usually the last day of the month before). Both are named by one label."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from tests.conftest import SANTIAGO
from transparency import selectors
from transparency.compliance import State
from transparency.models import Publication, Section, update_label

from .factories import published

pytestmark = pytest.mark.django_db

NOTHING = "Sin información que publicar en el período"


def prepare_url(section, period):
    return reverse("transparency:publication-prepare", args=[section.pk, period.year, period.month])


def test_the_label_names_the_update_month_and_the_date_the_content_reports():
    assert (
        update_label(date(2026, 12, 1), date(2026, 11, 30))
        == "Actualización de diciembre de 2026 — información al 30-11-2026"
    )
    # Without a publication yet (a board cell, a reminder) the usual «información al» is named.
    assert update_label(date(2027, 1, 1)) == "Actualización de enero de 2027 — información al 31-12-2026"


def test_a_publication_reports_the_month_before_unless_told_otherwise(catalogue, people):
    publication = published(catalogue[("d", "planta")], date(2026, 11, 1), people)
    assert publication.reported_through == date(2026, 10, 31)
    assert publication.period_label == "Actualización de noviembre de 2026 — información al 31-10-2026"
    assert "Actualización de noviembre de 2026 — información al 31-10-2026" in str(publication)


@pytest.mark.date_sensitive
@pytest.mark.parametrize(
    ("published_on", "state"),
    [
        # 1–4, 7, then 8 December is a holiday (Inmaculada Concepción): the 10th business day is the 15th.
        (datetime(2026, 12, 15, 17, tzinfo=SANTIAGO), State.ON_TIME),
        (datetime(2026, 12, 16, 9, tzinfo=SANTIAGO), State.LATE),
    ],
)
def test_the_deadline_counts_from_the_update_month_skipping_the_december_holiday(
    catalogue, people, clock, published_on, state
):
    section = catalogue[("d", "planta")]
    clock.move_to(published_on)
    publication = published(section, date(2026, 12, 1), people)
    assert publication.reported_through == date(2026, 11, 30)
    [row] = selectors.compliance_grid(
        sections=Section.objects.filter(pk=section.pk), year=2026, today=published_on.date()
    )
    cells = {cell.period: cell for cell in row.cells}
    assert cells[date(2026, 12, 1)].due == date(2026, 12, 15)
    assert cells[date(2026, 12, 1)].state == state
    assert cells[date(2026, 12, 1)].publication_id == publication.pk
    # The content reports November, but November's own update is still missing (and overdue).
    assert cells[date(2026, 11, 1)].state == State.OVERDUE
    assert cells[date(2026, 11, 1)].publication_id is None


@pytest.mark.date_sensitive
def test_an_empty_subsection_says_there_is_nothing_to_publish(client, catalogue, people):
    published(catalogue[("d", "planta")], date(2026, 11, 1), people)
    contrata = catalogue[("d", "contrata")]
    month = client.get(reverse("transparency_public:item-month", args=["d", 2026, 11])).text
    after_contrata = month[month.index(f">{contrata.name}</h2>") :]
    assert after_contrata.index(NOTHING) < after_contrata.index("</section>")
    assert "Actualización de noviembre de 2026 — información al 31-10-2026" in month
    item = client.get(reverse("transparency_public:item", args=["d"])).text
    after_contrata = item[item.index(f">{contrata.name}</h2>") :]
    assert after_contrata.index(NOTHING) < after_contrata.index("</section>")


@pytest.mark.date_sensitive
def test_the_form_shows_the_update_month_and_proposes_the_month_before(client, catalogue, people):
    client.force_login(people["enlace"])
    page = client.get(prepare_url(catalogue[("d", "planta")], date(2026, 11, 1))).text
    assert "Mes de actualización" in page and 'value="noviembre de 2026"' in page
    assert "Información al" in page and 'value="2026-10-31"' in page


@pytest.mark.date_sensitive
def test_the_form_keeps_an_edited_informacion_al_date(client, catalogue, people):
    client.force_login(people["enlace"])
    section = catalogue[("d", "planta")]
    response = client.post(
        prepare_url(section, date(2026, 11, 1)), {"mode": "sin_movimiento", "reported_through": "15-11-2026"}
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (publication.period, publication.reported_through) == (date(2026, 11, 1), date(2026, 11, 15))
    assert publication.period_label == "Actualización de noviembre de 2026 — información al 15-11-2026"


@pytest.mark.date_sensitive
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31-13-2026", "La fecha «información al» no es válida: escríbala como dd-mm-aaaa, por ejemplo 30-11-2026."),
        ("treinta", "La fecha «información al» no es válida: escríbala como dd-mm-aaaa, por ejemplo 30-11-2026."),
        (
            "01-12-2026",
            "La fecha «información al» no puede ser posterior al mes de actualización (noviembre de 2026).",
        ),
    ],
)
def test_a_malformed_or_later_informacion_al_date_is_refused_in_spanish(client, catalogue, people, typed, message):
    client.force_login(people["enlace"])
    response = client.post(
        prepare_url(catalogue[("d", "planta")], date(2026, 11, 1)),
        {"mode": "sin_movimiento", "reported_through": typed},
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Publication.objects.exists()
