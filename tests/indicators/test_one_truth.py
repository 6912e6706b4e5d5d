"""One truth per figure: the dashboard, the directorate page and the Informe de Gestión PDF count
indicators by the same value (the latest validated one) and say so with the same label."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from indicators import selectors
from indicators.models import Measurement, MeasurementStatus
from tests.gabinete.job_helpers import requested_document
from tests.indicators.factories import IndicatorFactory, IndicatorYearFactory, measurement, period

LABEL = "Último valor validado"
YEAR = 2026  # the session clock stands in November 2026: January to March have long ended


@pytest.fixture
def year_with_every_state(directorates, people):
    """Five indicators of Aseo (target 90, tolerance 5, higher is better): 95 on track, 87 at risk,
    50 off track."""
    by = people["enlace"]

    def indicator():
        return IndicatorYearFactory(indicator=IndicatorFactory(), year=YEAR, target=Decimal(90), tolerance=Decimal(5))

    jan, feb = period(YEAR, 1), period(YEAR, 2)
    # Validated on track in January, a draft off track in February: on track (the draft does not count).
    a = indicator()
    measurement(a, jan, value="95", status=MeasurementStatus.VALIDATED, by=by)
    measurement(a, feb, value="50", status=MeasurementStatus.DRAFT, by=by)
    # Only a value waiting for Gabinete's review: without data.
    b = indicator()
    measurement(b, jan, value="87", status=MeasurementStatus.SUBMITTED, by=by)
    # Validated off track.
    c = indicator()
    measurement(c, jan, value="50", status=MeasurementStatus.VALIDATED, by=by)
    # Validated at risk, with a correction in progress (on track) that is not validated yet: at risk.
    d = indicator()
    validated = measurement(d, jan, value="87", status=MeasurementStatus.VALIDATED, by=by)
    measurement(
        d, jan, value="95", status=MeasurementStatus.DRAFT, by=by, is_current=False, revision=2, corrects=validated
    )
    # Nothing entered, and one returned value: both without data.
    indicator()
    e = indicator()
    measurement(e, feb, value="95", status=MeasurementStatus.RETURNED, by=by)
    assert Measurement.objects.count() == 7
    return {"on_track": 1, "at_risk": 1, "off_track": 1, "missing": 3}


def _page_counts(html: str) -> dict[str, int]:
    block = re.search(r'id="conteo-estados">(.*?)</p>', html, re.S)[1]
    assert LABEL in block
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', block)}


def _pdf_counts(pdf: bytes) -> dict[str, int]:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    found = re.search(rf"{LABEL}: En meta (\d+) · En riesgo (\d+) · Fuera de meta (\d+) · Sin dato (\d+)", text)
    assert found, text[:2000]
    return dict(zip(("on_track", "at_risk", "off_track", "missing"), map(int, found.groups()), strict=True))


def test_dashboard_directorate_page_and_report_pdf_give_the_same_counts_of_validated_values(
    client, people, year_with_every_state
):
    expected = year_with_every_state
    client.force_login(people["gabinete"])
    overview = client.get(reverse("indicators:overview"), {"anio": YEAR}).content.decode()
    directorate = client.get(reverse("indicators:directorate", args=["aseo"]), {"anio": YEAR}).content.decode()
    response = requested_document(client, reverse("indicators:report-pdf"), query={"anio": YEAR})
    assert response["Content-Type"] == "application/pdf"

    assert _page_counts(overview) == expected
    assert _page_counts(directorate) == expected
    assert _pdf_counts(response.content) == expected


def test_the_one_rule_counts_only_current_validated_values(year_with_every_state):
    shown = selectors.shown_values(Measurement.objects.all())
    assert sorted(str(m.value) for m in shown) == ["50.0000", "87.0000", "95.0000"]
    assert {m.status for m in shown} == {MeasurementStatus.VALIDATED}
    assert str(selectors.SHOWN_VALUE_LABEL) == LABEL
