"""The Informe de Gestión as a document: full pages, labelled charts, and a repeat served from the cache."""

import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from gabinete import pdf
from gabinete.models import Directorate
from tests.gabinete.job_helpers import requested_document
from tests.indicators.factories import IndicatorFactory, IndicatorYearFactory, measurement, open_period

MIN_LINES_PER_PAGE = 25


@pytest.fixture
def report(directorates, people):
    """Three indicators in every directorate, each with a validated value in the open period."""
    first = None
    for d in Directorate.objects.all():
        for i in range(3):
            iy = IndicatorYearFactory(indicator=IndicatorFactory(directorate=d, name=f"Indicador {i} de {d.slug}"))
            m = measurement(iy, open_period(), value=str(81 + i), status="validated", by=people["enlace"])
            first = first or m
    return first


@pytest.fixture
def renders(monkeypatch):
    """How many times a PDF was laid out (WeasyPrint called)."""
    calls = []
    original = pdf.render_pdf_bytes

    def counting(*args, **kwargs):
        calls.append(args[0] if args else kwargs.get("template"))
        return original(*args, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf_bytes", counting)
    return calls


def _get(client, people):
    client.force_login(people["administrador"])
    response = requested_document(
        client, reverse("indicators:report-pdf"), query={"anio": open_period().year, "hasta": 12}
    )
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _lines(page) -> list[str]:
    return [line for line in (page.extract_text() or "").splitlines() if line.strip()]


@pytest.mark.date_sensitive
def test_report_pages_are_full_except_the_last(client, people, report):
    reader = _get(client, people)
    counts = [len(_lines(page)) for page in reader.pages]
    assert len(counts) <= 8, counts  # 66 indicators: a few full pages, not one page per directorate
    assert all(n >= MIN_LINES_PER_PAGE for n in counts[:-1]), counts


@pytest.mark.date_sensitive
def test_every_indicator_prints_its_value_target_status_and_a_labelled_trend(client, people, report):
    text = " ".join(" ".join(_lines(page)) for page in _get(client, people).pages)
    for d in Directorate.objects.all():
        assert d.name in text
        for i in range(3):
            assert f"Indicador {i} de {d.slug}" in text
    assert "la tendencia ene–dic" in text
    assert "En meta" in text
    html = render_to_string("indicators/report_pdf.html", _context())
    assert html.count('role="img"') == 66 + 1  # one trend per indicator and the summary chart
    assert "Indicador 0 de aseo" in html and "valores validados y meta</title>" in html


def _context():
    from indicators.views import report_context

    return report_context(open_period().year, 12)


@pytest.mark.date_sensitive
def test_a_repeat_with_unchanged_data_is_served_from_the_cache_without_laying_it_out_again(
    client, people, report, renders
):
    first = _get(client, people)
    second = _get(client, people)
    assert renders == ["indicators/report_pdf.html"]
    assert [p.extract_text() for p in second.pages] == [p.extract_text() for p in first.pages]


@pytest.mark.date_sensitive
def test_a_changed_value_lays_the_report_out_again_with_the_new_value(client, people, report, renders):
    _get(client, people)
    report.value = 47
    report.refresh_judgement()
    report.save()
    text = " ".join(p.extract_text() for p in _get(client, people).pages)
    assert len(renders) == 2
    assert " 47 " in " ".join(text.split()) + " "


@pytest.mark.date_sensitive
def test_a_new_indicator_lays_the_report_out_again(client, people, report, renders):
    _get(client, people)
    IndicatorYearFactory(indicator=IndicatorFactory(directorate=Directorate.objects.first(), name="Indicador nuevo"))
    text = " ".join(p.extract_text() for p in _get(client, people).pages)
    assert len(renders) == 2
    assert "Indicador nuevo" in " ".join(text.split())
