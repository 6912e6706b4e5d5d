"""Indicator numbers as Chileans write them, in every form of the app, and the evidence file that
survives a bad number."""

import re
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import ChangeProposal, IndicatorYear, Measurement
from tests.indicators.factories import IndicatorYearFactory, measurement, open_period

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.date_sensitive  # the value goes into the period open today


@pytest.fixture
def tons(directorates):
    """An indicator in plain numbers (no 100 % ceiling): tonnes collected."""
    return IndicatorYearFactory(unit="number", target=Decimal(1800), tolerance=Decimal(100))


def enter_url(iy):
    return reverse("indicators:measurement-enter", args=[iy.pk, open_period().pk])


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1.843", Decimal("1843")),
        ("8.702,5", Decimal("8702.5")),
        ("1 843", Decimal("1843")),
        ("1843,5", Decimal("1843.5")),
    ],
)
def test_a_value_typed_the_chilean_way_is_stored_as_that_number(client, people, tons, typed, stored):
    client.force_login(people["enlace"])
    response = client.post(enter_url(tons), {"value": typed})
    assert response.status_code == 302
    assert Measurement.objects.get().value == stored


def test_numerator_and_denominator_typed_with_thousands_dots(client, people, directorates):
    iy = IndicatorYearFactory(is_ratio=True, numerator_description="Resueltos", denominator_description="Recibidos")
    client.force_login(people["enlace"])
    response = client.post(enter_url(iy), {"numerator": "1.843", "denominator": "2.000"})
    assert response.status_code == 302
    m = Measurement.objects.get()
    assert (m.numerator, m.denominator, m.value) == (Decimal("1843"), Decimal("2000"), Decimal("92.15"))


def test_a_malformed_value_is_refused_in_spanish_and_the_evidence_file_is_kept(client, people, tons):
    client.force_login(people["enlace"])
    evidence = SimpleUploadedFile("informe-octubre.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(enter_url(tons), {"value": "1.84", "comment": "Dato de la balanza", "evidence": evidence})
    body = response.content.decode()
    assert response.status_code == 200 and not Measurement.objects.exists()
    assert "«1.84» no es un número válido" in body and "escríbalo 1,84" in body
    assert "Archivo adjunto conservado: informe-octubre.pdf" in body
    assert 'value="1.84"' in body and "Dato de la balanza" in body  # nothing typed is lost
    token = re.search(r'name="evidence_conservado" value="([^"]+)"', body)[1]

    # The corrected post carries only the token: the kept file becomes the evidence.
    response = client.post(
        enter_url(tons), {"value": "1.843", "comment": "Dato de la balanza", "evidence_conservado": token}
    )
    assert response.status_code == 302
    m = Measurement.objects.get()
    assert m.value == Decimal("1843")
    assert m.evidence.name.endswith(".pdf") and m.evidence.read() == PDF_BYTES
    assert not any(token in f for f in default_storage.listdir("stash")[1])  # the kept copy is gone once used


def test_a_kept_file_cannot_be_used_from_another_session(client, people, tons):
    client.force_login(people["enlace"])
    evidence = SimpleUploadedFile("informe.pdf", PDF_BYTES, content_type="application/pdf")
    body = client.post(enter_url(tons), {"value": "abc", "evidence": evidence}).content.decode()
    token = re.search(r'name="evidence_conservado" value="([^"]+)"', body)[1]
    client.logout()
    client.force_login(people["other"])
    response = client.post(enter_url(tons), {"value": "1.843", "evidence_conservado": token})
    assert response.status_code == 302
    assert not Measurement.objects.get().evidence


def test_a_file_of_a_refused_kind_is_not_kept(client, people, tons):
    client.force_login(people["enlace"])
    bad = SimpleUploadedFile("r.pdf", b"\x00\x01binario" * 20)
    body = client.post(enter_url(tons), {"value": "1.84", "evidence": bad}).content.decode()
    assert "no corresponde a un tipo permitido" in body
    assert "Archivo adjunto conservado" not in body


def test_the_edit_form_shows_the_stored_value_in_the_chilean_format(client, people, tons):
    m = measurement(tons, open_period(), value="8702.5", by=people["enlace"])
    client.force_login(people["enlace"])
    body = client.get(reverse("indicators:measurement-edit", args=[m.pk])).content.decode()
    assert 'value="8.702,5"' in body
    response = client.post(
        reverse("indicators:measurement-edit", args=[m.pk]), {"value": "8.702,5", "version": m.version}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.value == Decimal("8702.5")


def test_baseline_target_and_tolerance_of_the_catalogue_are_typed_the_chilean_way(client, people, directorates):
    client.force_login(people["gabinete"])
    data = {
        "directorate": directorates["aseo"].pk,
        "code": "AS-9",
        "name": "Toneladas recicladas",
        "year": open_period().year,
        "definition": "Toneladas de reciclables recuperadas",
        "unit": "number",
        "periodicity": "monthly",
        "baseline": "1.200",
        "target": "1.843",
        "direction": "higher",
        "tolerance": "2,5",
    }
    refused = client.post(reverse("indicators:indicator-create"), data | {"target": "1.84"})
    assert refused.status_code == 200 and "«1.84» no es un número válido" in refused.content.decode()
    response = client.post(reverse("indicators:indicator-create"), data)
    assert response.status_code == 302
    iy = IndicatorYear.objects.get(indicator__code="AS-9")
    assert (iy.baseline, iy.target, iy.tolerance) == (Decimal("1200"), Decimal("1843"), Decimal("2.5"))
    body = client.get(reverse("indicators:indicator-year-edit", args=[iy.pk])).content.decode()
    assert 'value="1.843"' in body and 'value="2,5"' in body


def test_the_proposed_target_is_typed_the_chilean_way(client, people, tons):
    client.force_login(people["enlace"])
    response = client.post(
        reverse("indicators:proposals"),
        {
            "indicator": tons.indicator.pk,
            "year": 2027,
            "summary": "Subir la meta",
            "proposed_target": "1.843,5",
        },
    )
    assert response.status_code == 302
    assert ChangeProposal.objects.get().proposed_target == Decimal("1843.5")


def test_the_admin_reads_the_target_the_chilean_way(admin_client, tons):
    page = admin_client.get(reverse("admin:indicators_indicatoryear_change", args=[tons.pk])).content.decode()
    assert 'name="target" value="1.800"' in page
