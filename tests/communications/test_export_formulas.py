"""The media-contacts CSV neutralises formulas (through the shared exporter)."""

import csv
import io

from django.urls import reverse

from tests.communications.factories import JournalistFactory
from tests.hostile_cells import HOSTILE, neutralised


def test_contacts_csv_neutralises_every_hostile_cell(client, gabinete_user):
    for value in HOSTILE:
        JournalistFactory(first_name=value, position=value)
    client.force_login(gabinete_user)
    text = client.get(reverse("communications:contacts-csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert sorted(r[0] for r in rows[1:]) == sorted(neutralised(v) for v in HOSTILE)
    assert sorted(r[4] for r in rows[1:]) == sorted(neutralised(v) for v in HOSTILE)
