"""The indicators CSV and XLSX exports neutralise formulas and keep numbers as numbers."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.gabinete.job_helpers import requested_document
from tests.hostile_cells import HOSTILE, neutralised, neutralised_in_xlsx
from tests.indicators.factories import IndicatorYearFactory, measurement, open_period

pytestmark = pytest.mark.date_sensitive


@pytest.fixture
def hostile_indicators(directorates, user_factory):
    liaison = user_factory("enlace", "aseo", username="camila")
    for name in HOSTILE:
        iy = IndicatorYearFactory(indicator__name=name)
        measurement(iy, open_period(), value="-5", status="validated", by=liaison)
    return user_factory("gabinete", "gabinete-de-alcaldia", username="carolina")


def test_indicators_csv_export_neutralises_formulas(client, hostile_indicators):
    client.force_login(hostile_indicators)
    response = requested_document(client, reverse("indicators:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    filled = [r for r in rows[1:] if r[4]]
    assert sorted(r[2] for r in filled) == sorted(neutralised(v) for v in HOSTILE)
    assert {r[4] for r in filled} == {"-5"}


def test_indicators_xlsx_export_neutralises_formulas_and_keeps_negative_values_numbers(client, hostile_indicators):
    client.force_login(hostile_indicators)
    response = requested_document(client, reverse("indicators:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    filled = [row for row in sheet.iter_rows(min_row=2) if row[4].value is not None]
    assert sorted(row[2].value for row in filled) == sorted(neutralised_in_xlsx(v) for v in HOSTILE)
    assert all(row[2].data_type == "s" for row in filled)
    assert {row[4].value for row in filled} == {-5} and all(row[4].data_type == "n" for row in filled)
