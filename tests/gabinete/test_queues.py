"""The one list pattern of the review queues (gabinete/queues.py), seen through the busiest queue:
Gabinete's measurements to validate (indicators/queues.py)."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from indicators.models import MeasurementStatus
from tests.indicators.factories import IndicatorFactory, IndicatorYearFactory, measurement, open_period, period

URL = reverse("indicators:review-list")


@pytest.fixture
def liaison(user_factory):
    return user_factory("enlace", "aseo", username="enlace.colas")


def sent(directorate, liaison, *, name="Reclamos", value="80", late=False, days_ago=1, **fields):
    iy = IndicatorYearFactory(indicator=IndicatorFactory(directorate=directorate, name=name))
    return measurement(
        iy,
        open_period(),
        value=value,
        status=MeasurementStatus.SUBMITTED,
        by=liaison,
        submitted_by=liaison,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        submitted_late=late,
        **fields,
    )


@pytest.mark.date_sensitive
def test_the_queue_filters_counts_sorts_and_its_pager_keeps_the_filters(client, gabinete_user, directorates, liaison):
    for i in range(30):
        sent(directorates["aseo"], liaison, name=f"Aseo {i:02d}", late=i % 3 == 0, days_ago=i + 1)
    sent(directorates["transito-y-transporte-publico"], liaison, name="Semáforos")
    client.force_login(gabinete_user)
    response = client.get(URL, {"direccion": "aseo", "vencidas": "1", "orden": "-enviada"})
    text = response.text
    # Counts per choice, with the other filters applied (10 late in aseo; the other directorate has 0 late).
    assert "Dirección de Aseo (10)" in text
    assert "Solo enviadas fuera de plazo (10)" in text
    assert "10 mediciones esperando validación" in text
    assert "Semáforos" not in text
    # Sorted by «Enviada», newest first: Aseo 00 (1 day ago, late) before Aseo 27 (28 days ago).
    assert text.index("Aseo 00") < text.index("Aseo 27")
    # The whole aseo queue has two pages; the next page keeps the directorate and the sort.
    response = client.get(URL, {"direccion": "aseo", "orden": "enviada"})
    assert "30 mediciones esperando validación" in response.text
    pager = response.text[response.text.index('id="pager-next"') :][:300]
    assert "direccion=aseo" in pager and "orden=enviada" in pager and "pagina=2" in pager
    second = client.get(URL, {"direccion": "aseo", "orden": "enviada", "pagina": "2"})
    assert "Aseo 00" in second.text and "Aseo 29" not in second.text  # oldest first: 00 is the newest, last
    # The sort link of a column flips the direction and drops the page.
    assert "orden=-enviada" in response.text


@pytest.mark.date_sensitive
def test_each_row_has_what_gabinete_needs_to_decide(client, gabinete_user, directorates, liaison):
    p = open_period()
    iy = IndicatorYearFactory(indicator=IndicatorFactory(directorate=directorates["aseo"], name="Reclamos resueltos"))
    previous = period(p.year, p.number - 1) if p.number > 1 else None
    if previous is not None:
        measurement(iy, previous, value="70", status=MeasurementStatus.VALIDATED, by=liaison)
    measurement(
        iy,
        p,
        value="82.5",
        status=MeasurementStatus.SUBMITTED,
        by=liaison,
        submitted_by=liaison,
        submitted_at=timezone.now() - timedelta(days=4),
        evidence=SimpleUploadedFile("respaldo.pdf", b"%PDF-1.4 respaldo", content_type="application/pdf"),
    )
    client.force_login(gabinete_user)
    text = client.get(URL).text
    assert "Reclamos resueltos" in text
    assert "82,50 %" in text and "90 %" in text  # value and target, with the unit
    if previous is not None:
        assert "70 %" in text and "+12,50" in text  # the previous period's value and the change
    assert "adjunto" in text
    assert "4 días esperando" in text


def test_a_malformed_address_is_explained_in_spanish_never_a_500(client, gabinete_user, directorates, liaison):
    sent(directorates["aseo"], liaison, name="Aseo")
    client.force_login(gabinete_user)
    response = client.get(
        URL,
        {"direccion": "no-existe", "periodo": "abc", "enviada_desde": "2026-13-45", "orden": "sueldo", "vencidas": "x"},
    )
    assert response.status_code == 200
    text = response.text
    assert "«no-existe» no es una opción de «Dirección»" in text
    assert "«abc» no es una opción de «Período»" in text
    other = client.get(reverse("transparency:review-queue", args=["juridica"]), {"mes": "<b>marzo</b>"})
    assert (
        other.status_code == 200
        and "«&lt;b&gt;marzo&lt;/b&gt;» no es una opción de «Mes de actualización»" in other.text
    )
    assert "La fecha «2026-13-45» de «Enviada» no es válida" in text
    assert "No se puede ordenar por «sueldo»" in text
    assert "no reconoce «x»" in text
    assert "1 medición esperando validación" in text  # every bad filter ignored


@pytest.mark.parametrize("number", ["9" * 30, "-" + "9" * 30, "99999999999"])
def test_a_number_too_large_for_the_database_is_not_a_choice_never_a_500(
    client, gabinete_user, directorates, liaison, number
):
    # SQLite refuses integers beyond 64 bits with OverflowError (PostgreSQL finds no row): the fuzzer found it.
    sent(directorates["aseo"], liaison, name="Aseo")
    client.force_login(gabinete_user)
    response = client.get(URL, {"periodo": number, "enviada_por": number})
    assert response.status_code == 200
    assert f"«{number}» no es una opción de «Período»" in response.text
    assert "1 medición esperando validación" in response.text


def test_an_inverted_date_range_is_refused_with_a_message(client, gabinete_user, directorates, liaison):
    sent(directorates["aseo"], liaison)
    client.force_login(gabinete_user)
    response = client.get(URL, {"enviada_desde": "2026-11-10", "enviada_hasta": "2026-11-01"})
    assert "«desde» es posterior a «hasta»" in response.text
    assert "1 medición esperando validación" in response.text


@pytest.mark.date_sensitive
def test_the_date_range_keeps_only_what_was_sent_in_it(client, gabinete_user, directorates, liaison):
    sent(directorates["aseo"], liaison, name="Reciente", days_ago=1)
    sent(directorates["aseo"], liaison, name="Antigua", days_ago=20)
    client.force_login(gabinete_user)
    since = (timezone.localdate() - timedelta(days=5)).isoformat()
    text = client.get(URL, {"enviada_desde": since}).text
    assert "Reciente" in text and "Antigua" not in text


@pytest.mark.parametrize("n", [1, 20])
def test_the_queue_page_costs_the_same_queries_however_many_rows(
    client, gabinete_user, directorates, liaison, django_assert_max_num_queries, n
):
    for i in range(n):
        sent(directorates["aseo" if i % 2 else "transito-y-transporte-publico"], liaison, name=f"I{i}")
    client.force_login(gabinete_user)
    client.get(URL)
    with django_assert_max_num_queries(QUERIES):
        assert client.get(URL, {"direccion": "aseo", "vencidas": "1", "orden": "cambio"}).status_code == 200


#: Session, user, memberships (3), the navigation and the bell (2), the chosen directorate checked,
#: three grouped counts, one aggregate (flags and total), the page of rows.
QUERIES = 12


def test_a_real_directorate_with_nothing_waiting_stays_chosen_with_zero(client, gabinete_user, directorates, liaison):
    sent(directorates["aseo"], liaison)
    client.force_login(gabinete_user)
    response = client.get(URL, {"direccion": "secretaria-municipal"})
    assert "no es una opción" not in response.text
    assert "0 mediciones esperando validación" in response.text
    chosen = re.search(r'value="secretaria-municipal" selected>([^<]+)</option>', response.text)
    assert chosen and chosen.group(1).endswith("(0)") and "secretaria-municipal" not in chosen.group(1)
