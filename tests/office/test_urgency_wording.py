"""«urgencia urgente» no more: the matter's urgency is worded in one place, for the desk row and the
minuta (issue 21 point 6)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from gabinete import desk
from gabinete.office import services
from gabinete.office.models import Urgency
from tests.gabinete.job_helpers import requested_document
from tests.office.factories import make_matter


def test_the_urgency_phrase_never_says_urgencia_urgente(people, directorates):
    urgent = make_matter(directorates["aseo"], people["aseo"], subject="A", urgency=Urgency.URGENT)
    high = make_matter(directorates["aseo"], people["aseo"], subject="B", urgency=Urgency.HIGH)
    normal = make_matter(directorates["aseo"], people["aseo"], subject="C", urgency=Urgency.NORMAL)
    assert (urgent.urgency_phrase, high.urgency_phrase, normal.urgency_phrase) == (
        "urgente",
        "urgencia alta",
        "urgencia normal",
    )


@pytest.mark.date_sensitive
def test_the_desk_row_of_an_urgent_matter_says_urgente_once(people, directorates):
    make_matter(directorates["aseo"], people["aseo"], subject="Contenedores", urgency=Urgency.URGENT)
    details = [i.detail for s in desk.sections_for(people["gabinete"]) for i in s.items if "Contenedores" in i.title]
    assert details and all("urgencia urgente" not in d.lower() for d in details)
    assert any("· urgente ·" in d for d in details)


@pytest.mark.date_sensitive
def test_the_minuta_says_urgente_once(client, people, directorates):
    scheduled = make_matter(directorates["aseo"], people["aseo"], subject="Recolección", urgency=Urgency.URGENT)
    scheduled = services.matter_schedule(
        matter=scheduled, meeting_date=timezone.localdate() + timedelta(days=2), by=people["gabinete"]
    )
    client.force_login(people["alcalde"])
    response = requested_document(client, reverse("office:meeting-minuta-pdf", args=[scheduled.meeting_id]))
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "urgencia urgente" not in text.lower()
    assert "· urgente ·" in text
