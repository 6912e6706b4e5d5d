"""The archive's CSV export (and its import template) neutralise formulas."""

import csv
import io

from django.urls import reverse

from archive.services import import_template_csv
from tests.archive.factories import ClippingFactory
from tests.gabinete.job_helpers import requested_document
from tests.hostile_cells import HOSTILE, neutralised


def test_archive_csv_export_neutralises_formulas(client, gabinete_user):
    for value in HOSTILE:
        ClippingFactory(headline=value, summary=value)
    client.force_login(gabinete_user)
    body = requested_document(client, reverse("archive:export-csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))
    assert sorted(r[4] for r in rows[1:]) == sorted(neutralised(v) for v in HOSTILE)
    assert sorted(r[5] for r in rows[1:]) == sorted(neutralised(v) for v in HOSTILE)


def test_the_import_template_is_written_by_the_shared_exporter():
    rows = list(csv.reader(io.StringIO(import_template_csv().removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["fecha", "medio", "tipo_medio"] and rows[1][0] == "14-03-2026"
