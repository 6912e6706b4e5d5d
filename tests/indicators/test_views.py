"""Pages, exports, the Informe de Gestión and Mi escritorio: who may open what, and constant queries."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from gabinete import desk, jobs
from gabinete.models import Directorate, Job, JobState
from indicators.models import Measurement, Period
from tests.gabinete.job_helpers import requested_document
from tests.indicators.factories import (
    IndicatorFactory,
    IndicatorYearFactory,
    measurement,
    open_period,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def data(directorates, people):
    iy = IndicatorYearFactory(indicator__name="Reclamos de aseo resueltos en plazo")
    m = measurement(iy, open_period(), value="91", status="validated", by=people["enlace"])
    return {"iy": iy, "m": m}


def make_rows(n: int, people):
    """n indicators spread over all directorates, each with a value in the open period."""
    directorates = list(Directorate.objects.all())
    p = open_period()
    for i in range(n):
        iy = IndicatorYearFactory(indicator=IndicatorFactory(directorate=directorates[i % len(directorates)]))
        measurement(
            iy, p, value=str(70 + i % 30), status=["validated", "submitted", "draft"][i % 3], by=people["enlace"]
        )


def url(name, *args):
    return reverse(f"indicators:{name}", args=args)


def test_pages_send_anonymous_users_to_login(client, data):
    for path in [
        url("index"),
        url("overview"),
        url("directorate", "aseo"),
        url("report"),
        url("report-pdf"),
        url("measurement-detail", data["m"].pk),
        url("export", "csv"),
        url("catalogue"),
    ]:
        response = client.get(path)
        assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"], path


@pytest.mark.date_sensitive
def test_another_directorate_gets_404_on_everything_of_aseo(client, data, people):
    client.force_login(people["other_enlace"])
    m, iy = data["m"], data["iy"]
    for path in [
        url("directorate", "aseo"),
        url("measurement-detail", m.pk),
        url("measurement-edit", m.pk),
        url("indicator-detail", iy.indicator_id),
        url("measurement-evidence", m.pk),
        url("measurement-enter", iy.pk, open_period().pk),
    ]:
        assert client.get(path).status_code == 404, path
    assert client.post(url("measurement-action", m.pk, "enviar")).status_code == 404
    assert client.post(url("export", "csv"), {"direccion": "aseo"}).status_code == 404
    assert client.post(url("export", "csv"), {"indicador": iy.indicator_id}).status_code == 404


def test_liaison_cannot_open_the_all_directorates_dashboard_or_the_report(client, data, people):
    client.force_login(people["enlace"])
    for path in [url("overview"), url("report"), url("report-pdf"), url("review-list")]:
        assert client.get(path).status_code == 403, path
    assert client.post(url("report-pdf")).status_code == 403
    assert client.post(url("export", "csv")).status_code == 403  # all directorates
    assert client.get(url("index")).url == url("directorate", "aseo")
    assert client.get(url("directorate", "aseo")).status_code == 200


@pytest.mark.parametrize("who", ["gabinete", "administrador"])
def test_gabinete_and_the_administrator_see_all_directorates(client, data, people, who):
    client.force_login(people[who])
    response = client.get(url("overview"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dirección de Tránsito y Transporte Público" in body and "Director (s) de Control" in body


def test_overview_counts_statuses_and_completeness(client, data, people):
    client.force_login(people["gabinete"])
    response = client.get(url("overview"), {"anio": data["iy"].year})
    aseo = next(s for s in response.context["summaries"] if s.directorate.slug == "aseo")
    assert aseo.indicators == 1 and aseo.counts["on_track"] == 1 and aseo.validated == 1
    assert aseo.completeness == round(100 / aseo.expected)


def test_overview_filters_by_periodicity(client, data, people):
    client.force_login(people["gabinete"])
    response = client.get(url("overview"), {"anio": data["iy"].year, "periodicidad": "quarterly"})
    assert response.context["totals"].indicators == 0


@pytest.mark.parametrize("n", [5, 50])
def test_overview_query_count_is_constant(client, people, directorates, django_assert_max_num_queries, n):
    make_rows(n, people)
    client.force_login(people["gabinete"])
    with django_assert_max_num_queries(14):  # 13, and the bell's unread count in the header
        assert client.get(url("overview")).status_code == 200


@pytest.mark.date_sensitive
@pytest.mark.parametrize("n", [5, 50])
def test_directorate_page_query_count_is_constant(client, people, directorates, django_assert_max_num_queries, n):
    p = open_period()
    for i in range(n):
        iy = IndicatorYearFactory()
        measurement(iy, p, value=str(60 + i % 40), by=people["enlace"])
    client.force_login(people["director"])
    with django_assert_max_num_queries(14):  # 13, and the bell's unread count in the header
        response = client.get(url("directorate", "aseo"))
    assert response.status_code == 200
    assert response.content.decode().count("<svg") == n  # one trend chart per indicator


@pytest.mark.parametrize("name", ["catalogue", "review-list", "report"])
@pytest.mark.parametrize("n", [5, 50])
def test_list_pages_query_count_is_constant(client, people, directorates, django_assert_max_num_queries, n, name):
    make_rows(n, people)
    client.force_login(people["gabinete"])
    with django_assert_max_num_queries(12):
        assert client.get(url(name)).status_code == 200


@pytest.mark.parametrize("n", [5, 50])
def test_the_export_jobs_query_count_is_constant(client, people, directorates, django_assert_max_num_queries, n):
    make_rows(n, people)
    client.force_login(people["gabinete"])
    assert client.post(url("export", "xlsx")).status_code == 302
    job = Job.objects.get()
    with django_assert_max_num_queries(17):
        jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE


@pytest.mark.date_sensitive
def test_csv_export_has_directorate_indicator_period_value_target_status(client, data, people):
    client.force_login(people["director"])
    response = requested_document(client, url("export", "csv"), data={"direccion": "aseo", "anio": data["iy"].year})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:8] == ["Dirección", "Código", "Indicador", "Período", "Valor", "Unidad", "Meta", "Estado"]
    filled = [r for r in rows[1:] if r[4]]
    assert filled == [
        [
            "Dirección de Aseo",
            data["iy"].indicator.code,
            "Reclamos de aseo resueltos en plazo",
            open_period().label,
            "91",
            "%",
            "90",
            "En meta",
            "Validada",
        ]
    ]


def test_xlsx_export_reads_back(client, data, people):
    client.force_login(people["gabinete"])
    response = requested_document(client, url("export", "xlsx"), data={"anio": data["iy"].year})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Dirección"
    assert any(r[4] == 91 and r[7] == "En meta" for r in rows[1:])


def test_an_unknown_export_format_is_404(client, data, people):
    client.force_login(people["gabinete"])
    assert client.post(url("export", "pdf")).status_code == 404


@pytest.mark.parametrize("value", ["²", "١٢", "12a", "-1", "9" * 30, ""])
def test_a_malformed_indicator_in_the_export_query_is_404_not_500(client, data, people, value):
    """str.isdigit() accepts superscripts and other scripts' digits, which int() refuses (a 500 before)."""
    client.force_login(people["gabinete"])
    response = client.post(url("export", "csv"), {"indicador": value})
    # An empty value means "no indicator": the all-directorates export Gabinete may download.
    assert response.status_code == (302 if value == "" else 404)


@pytest.mark.date_sensitive
def test_liaison_enters_a_value_through_the_form(client, directorates, people):
    iy = IndicatorYearFactory()
    client.force_login(people["enlace"])
    response = client.post(
        url("measurement-enter", iy.pk, open_period().pk),
        {"value": "87,5", "comment": "Dato", "evidence": SimpleUploadedFile("r.pdf", PDF_BYTES)},
    )
    m = Measurement.objects.get()
    assert response.status_code == 302 and m.value == 87.5 and m.status == "draft"
    evidence = client.get(url("measurement-evidence", m.pk))
    assert evidence.status_code == 200 and evidence["X-Content-Type-Options"] == "nosniff"


@pytest.mark.date_sensitive
@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"value": "140"}, "excede el 100 %"),
        ({"value": "noventa"}, "Escriba el número como 1.843"),
        (
            {"value": "90", "evidence": SimpleUploadedFile("r.pdf", b"\x00\x01binario" * 20)},
            "no corresponde a un tipo permitido",
        ),
    ],
)
def test_bad_input_in_the_form_shows_a_spanish_message(client, directorates, people, post, message):
    iy = IndicatorYearFactory()
    client.force_login(people["enlace"])
    response = client.post(url("measurement-enter", iy.pk, open_period().pk), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Measurement.objects.exists()


def test_enlace_cannot_submit_through_the_page_director_can(client, data, people):
    m = data["m"]
    Measurement.objects.filter(pk=m.pk).update(status="draft")
    client.force_login(people["enlace"])
    assert client.post(url("measurement-action", m.pk, "enviar")).status_code == 403
    client.force_login(people["director"])
    client.post(url("measurement-action", m.pk, "enviar"))
    m.refresh_from_db()
    assert m.status == "submitted"


def test_gabinete_returns_with_observations_from_the_page(client, data, people):
    m = data["m"]
    Measurement.objects.filter(pk=m.pk).update(status="submitted")
    client.force_login(people["gabinete"])
    response = client.post(url("measurement-action", m.pk, "devolver"), {"observations": ""}, follow=True)
    assert "Escriba las observaciones" in response.content.decode()
    client.post(url("measurement-action", m.pk, "devolver"), {"observations": "Revise el total"})
    m.refresh_from_db()
    assert m.status == "returned"


def test_a_nul_character_in_the_observations_or_the_reason_is_refused_with_a_message(client, data, people):
    """request.POST went to the service unvalidated: PostgreSQL cannot store NUL (a 500 there).
    The middleware refuses it before the view, with a Spanish page, and nothing changes."""
    m = data["m"]
    Measurement.objects.filter(pk=m.pk).update(status="submitted")
    client.force_login(people["gabinete"])
    response = client.post(url("measurement-action", m.pk, "devolver"), {"observations": "Revise\x00"})
    assert response.status_code == 400 and "caracteres no válidos" in response.content.decode()
    m.refresh_from_db()
    assert m.status == "submitted" and m.observations == ""
    Measurement.objects.filter(pk=m.pk).update(status="validated")
    client.force_login(people["enlace"])
    response = client.post(url("measurement-action", m.pk, "corregir"), {"reason": "Error\x00"})
    assert response.status_code == 400 and "caracteres no válidos" in response.content.decode()
    assert Measurement.objects.filter(indicator_year=m.indicator_year, period=m.period).count() == 1


def test_a_nul_character_in_the_export_directorate_is_400(client, data, people):
    client.force_login(people["gabinete"])
    assert client.post(url("export", "csv"), {"direccion": "aseo\x00"}).status_code == 400


@pytest.mark.date_sensitive
def test_report_page_lists_missing_and_unvalidated_first(client, data, people, directorates):
    client.force_login(people["administrador"])
    response = client.get(url("report"), {"anio": data["iy"].year, "hasta": 12})
    pending = response.context["pending"]
    assert pending and pending[0].measurement is None
    assert all(p.period != open_period() for p in pending if p.indicator == data["iy"].indicator)


@pytest.mark.date_sensitive
def test_report_pdf_reads_back_with_every_directorate_and_its_indicators(client, people, directorates):
    year = open_period().year
    names = {}
    for d in directorates.values():
        iy = IndicatorYearFactory(indicator=IndicatorFactory(directorate=d, name=f"Indicador clave {d.display_name}"))
        measurement(iy, open_period(), value="92", status="validated", by=people["enlace"])
        names[d.name] = iy.indicator.name
    client.force_login(people["administrador"])
    response = requested_document(client, url("report-pdf"), query={"anio": year, "hasta": 12})
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert f"Informe de Gestión {year}" in text
    for directorate, indicator in names.items():
        assert directorate in text, directorate
        assert indicator in text, indicator
    assert len(reader.pages) >= 2  # cover and summary, then the directorates one after another


@pytest.mark.date_sensitive
def test_late_periods_show_on_mi_escritorio_of_the_directorate_and_gabinete(client, directorates, people):
    iy = IndicatorYearFactory(indicator__name="Microbasurales erradicados")
    p = open_period()
    # Only the open period is past its due date, by one day whatever day it is (it used to be due the
    # day it opened, which on the 1st of a month is today: not yet late). The year's earlier periods
    # are pushed into the future.
    yesterday = timezone.localdate() - timedelta(days=1)
    Period.objects.exclude(pk=p.pk).update(
        due_on=p.closes_on + timedelta(days=400), closes_on=p.closes_on + timedelta(days=400)
    )
    Period.objects.filter(pk=p.pk).update(due_on=yesterday, opens_on=min(p.opens_on, yesterday) - timedelta(days=1))
    for who, text in [("enlace", "1 valor de indicador atrasado"), ("gabinete", "Dirección de Aseo: 1 valor atrasado")]:
        client.force_login(people[who])
        assert text in client.get("/").content.decode(), who
    measurement(iy, p, value="91", status="submitted", by=people["enlace"])
    titles = [i.title for s in desk.sections_for(people["enlace"]) for i in s.items]
    assert not any("atrasados" in t for t in titles)


def _only_open_period_late() -> Period:
    """Make the open period the only one past its due date (by one day), whatever day it is."""
    p = open_period()
    yesterday = timezone.localdate() - timedelta(days=1)
    Period.objects.exclude(pk=p.pk).update(
        due_on=p.closes_on + timedelta(days=400), closes_on=p.closes_on + timedelta(days=400)
    )
    Period.objects.filter(pk=p.pk).update(due_on=yesterday, opens_on=min(p.opens_on, yesterday) - timedelta(days=1))
    return Period.objects.get(pk=p.pk)


@pytest.mark.date_sensitive
def test_late_values_are_counted_per_directorate_minus_those_sent(directorates, people):
    from indicators.desk import late_periods

    p = _only_open_period_late()
    aseo = Directorate.objects.get(slug="aseo")
    other = Directorate.objects.exclude(pk=aseo.pk).first()
    years = [IndicatorYearFactory(indicator=IndicatorFactory(directorate=aseo)) for _ in range(4)]
    IndicatorYearFactory(indicator=IndicatorFactory(directorate=other))
    IndicatorYearFactory(indicator=IndicatorFactory(directorate=aseo, is_active=False))
    measurement(years[0], p, value="91", status="submitted", by=people["enlace"])
    measurement(years[1], p, value="91", status="validated", by=people["enlace"])
    measurement(years[2], p, value="91", status="draft", by=people["enlace"])
    late = late_periods(None)
    assert {d: s.count for d, s in late.items()} == {aseo.pk: 2, other.pk: 1}
    assert late[aseo.pk].periods == [p]
    assert {d: s.count for d, s in late_periods({aseo.pk}).items()} == {aseo.pk: 2}


@pytest.mark.date_sensitive
@pytest.mark.parametrize("rows", [3, 30])
def test_late_values_provider_runs_the_same_queries_at_any_size(directorates, people, django_assert_num_queries, rows):
    from indicators.desk import late_items

    _only_open_period_late()
    for directorate in list(Directorate.objects.all())[:rows]:
        for _ in range(rows // 3):
            IndicatorYearFactory(indicator=IndicatorFactory(directorate=directorate))
    people["gabinete"]._gabinete_memberships = None
    with django_assert_num_queries(5):  # memberships, fingerprint, periods, owed (with names), sent
        items = late_items(people["gabinete"])
    assert items
    people["gabinete"]._gabinete_memberships = None
    with django_assert_num_queries(2):  # a repeat with unchanged data: memberships, fingerprint
        assert late_items(people["gabinete"]) == items


@pytest.mark.date_sensitive
def test_a_value_sent_after_the_late_count_was_kept_leaves_the_count_at_once(directorates, people):
    from indicators.desk import late_periods

    p = _only_open_period_late()
    aseo = Directorate.objects.get(slug="aseo")
    years = [IndicatorYearFactory(indicator=IndicatorFactory(directorate=aseo)) for _ in range(2)]
    assert late_periods(None)[aseo.pk].count == 2
    measurement(years[0], p, value="91", status="submitted", by=people["enlace"])
    assert late_periods(None)[aseo.pk].count == 1
    years[1].indicator.is_active = False
    years[1].indicator.save()
    assert aseo.pk not in late_periods(None)


#: The period cells as the template printed them before `indicators/cells.py` (the reference).
OLD_CELLS = """{% load i18n %}{% for cell in row.cells %}{% with m=cell.measurement %}
<td{% if not m and cell.period.due_on < today %} class="late"{% endif %}>
{% if m %}<a href="{% url 'indicators:measurement-detail' m.pk %}">{{ m.value|floatformat:"-2g"|default:"—" }}</a>
<div>{% include "includes/status_badge.html" with status=m.status label=m.get_status_display %}</div>
{% elif cell.period.opens_on > today %}<span class="text-secondary small">{% translate "abre" %} {{ cell.period.opens_on|date:"d-m" }}</span>
{% else %}
{% if cell.period.due_on < today %}<span class="badge badge-overdue">{% translate "Atrasado" %}</span>{% endif %}
{% if can_enter and cell.period.closes_on >= today %}<a class="btn btn-sm btn-outline-primary py-0 mt-1" href="{% url 'indicators:measurement-enter' iy.pk cell.period.pk %}" aria-label="{% blocktranslate trimmed with p=cell.period.label n=iy.indicator.name %}Ingresar {{ p }} de {{ n }}{% endblocktranslate %}">{% translate "Ingresar" %}</a>{% elif cell.period.due_on >= today %}<span class="text-secondary small">{% translate "pendiente" %}</span>{% endif %}
{% endif %}</td>
{% endwith %}{% endfor %}|{% for cell in row.cells %}<td>{% if cell.measurement.value is not None %}{% include "indicators/_status.html" with j=cell.measurement.judgement %}{% endif %}</td>{% endfor %}"""


@pytest.mark.parametrize("can_enter", [True, False])
def test_indicator_cells_print_what_the_template_printed(directorates, people, can_enter):
    import re

    from django.template import engines

    from indicators import selectors
    from indicators.cells import attach_cell_html
    from indicators.models import IndicatorYear

    iy = IndicatorYearFactory(indicator__name='Reclamos <b>"resueltos"</b> & más')
    p = open_period()
    measurement(iy, p, value="1234.5", status="submitted", by=people["enlace"])
    earlier = Period.objects.filter(year=p.year, periodicity=p.periodicity, number__lt=p.number).first()
    if earlier is not None:
        measurement(iy, earlier, value="70", status="validated", by=people["enlace"])
    today = timezone.localdate()
    [row] = selectors.indicator_rows(IndicatorYear.objects.filter(pk=iy.pk), year=iy.year)
    context = {"row": row, "iy": row.indicator_year, "today": today, "can_enter": can_enter}
    expected = engines["django"].from_string(OLD_CELLS).render(context)
    attach_cell_html([row], today=today, can_enter=can_enter)
    printed = "".join(c.value_html for c in row.cells) + "|" + "".join(f"<td>{c.state_html}</td>" for c in row.cells)

    def squeeze(html: str) -> str:
        return re.sub(r"\s*\n\s*", "", html)

    assert squeeze(printed) == squeeze(expected)
    assert "&lt;b&gt;" in printed or not can_enter
    # The page prints each row's lines whole: the same cells, and the period headings it looped over.
    assert squeeze(row.values_html + "|" + row.states_html) == squeeze(expected)
    heading = engines["django"].from_string(
        '{% for cell in row.cells %}<th scope="col">{{ cell.period.short_label }}</th>{% endfor %}'
    )
    assert row.head_html == heading.render(context)


def test_desk_tells_the_director_what_to_send_and_gabinete_what_to_validate(client, data, people):
    Measurement.objects.filter(pk=data["m"].pk).update(status="draft")
    client.force_login(people["director"])
    assert "Enviar a Gabinete" in client.get("/").content.decode()
    Measurement.objects.filter(pk=data["m"].pk).update(status="submitted")
    client.force_login(people["gabinete"])
    assert "mediciones de indicadores por validar" in client.get("/").content.decode()


def test_desk_providers_run_few_queries(data, people, django_assert_max_num_queries):
    for who in ("enlace", "gabinete"):
        user = people[who]
        user._gabinete_memberships = None
        for _order, _title, provider, *_rest in [p for p in desk._providers if p[2].__module__ == "indicators.desk"]:
            with django_assert_max_num_queries(5):  # memberships (once per request) + at most 4
                provider(user)


@pytest.mark.date_sensitive
def test_catalogue_create_and_edit_by_gabinete(client, directorates, people):
    client.force_login(people["gabinete"])
    year = open_period().year
    response = client.post(
        url("indicator-create"),
        {
            "directorate": directorates["aseo"].pk,
            "code": "AS-9",
            "name": "Toneladas recicladas",
            "year": year,
            "definition": "Toneladas de reciclables recuperadas",
            "unit": "number",
            "periodicity": "monthly",
            "target": "180",
            "direction": "higher",
            "tolerance": "20",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    client.force_login(people["enlace"])
    assert client.get(url("indicator-create")).status_code == 403


def test_directorate_proposes_a_change_and_gabinete_decides(client, data, people):
    client.force_login(people["enlace"])
    client.post(url("proposals"), {"indicator": data["iy"].indicator.pk, "year": 2027, "summary": "Meta 95 %"})
    client.force_login(people["gabinete"])
    from indicators.models import ChangeProposal

    p = ChangeProposal.objects.get()
    client.post(url("proposal-decide", p.pk), {"decision": "accept", "response": "Sí"})
    p.refresh_from_db()
    assert p.status == "accepted"


def test_a_nul_character_in_the_decision_response_is_refused(client, data, people):
    from indicators.models import ChangeProposal

    p = ChangeProposal.objects.create(
        directorate=data["iy"].indicator.directorate,
        indicator=data["iy"].indicator,
        year=2027,
        summary="Meta 95 %",
        proposed_by=people["director"],
    )
    client.force_login(people["gabinete"])
    response = client.post(url("proposal-decide", p.pk), {"decision": "reject", "response": "No\x00"})
    assert response.status_code == 400 and "caracteres no válidos" in response.content.decode()
    p.refresh_from_db()
    assert p.status == "pending"
