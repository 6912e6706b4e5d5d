"""The active catalogue as the CPLT checks it (issue 18, points 7–9 and 11): the Diario Oficial acts are a
table published newest first, each kind of contract has its own personnel template with the CPLT's pay
columns, the missing items are catalogue data, and every table sub-section offers a template that uploads
as it comes, with a receipt row by row."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gabinete.models import Directorate, Job
from transparency.catalogue import LETTER_I_SENSITIVE_DATA
from transparency.jobs import TABLE_IMPORT
from transparency.models import Publication, Section, TableState
from transparency.tables import parse_table

from .factories import published
from .table_jobs import upload_table
from .test_views import last_month, prepare_url

DO_CSV = (
    "Mes y año de publicación;Tipo de norma;Nombre;Número;Fecha de publicación;Enlace al texto íntegro;"
    "Nota de modificación o derogación;Enlace a la modificación o derogación\n"
    "Marzo 2021;Decreto alcaldicio;Ordenanza de ferias libres;120;15-03-2021;https://www.diariooficial.cl/a.pdf;;\n"
    "Agosto 2025;Decreto alcaldicio;Ordenanza de ruidos molestos;77;05-08-2025;https://www.diariooficial.cl/b.pdf;"
    "Modificada por el decreto 12 de 2026;https://www.diariooficial.cl/c.pdf\n"
    "Junio 2010;Decreto alcaldicio;Ordenanza de aseo;3;20-06-2010;https://www.diariooficial.cl/d.pdf;;\n"
)

AVISAJE_CSV = (
    "Fecha de la contratación;Tipo de medio;Nombre del medio o proveedor;Objeto del avisaje o publicidad;Monto total\n"
    "10-01-2026;Prensa escrita;El Mercurio de Antofagasta;Aviso de licitación;350.000\n"
    "22-03-2026;Radio;Radio Bahía;Campaña de reciclaje;1.200.000\n"
)


def _labels(section: Section) -> list[str]:
    return [c.label for c in section.columns.all()]


def _own(section: Section) -> Section:
    """The sub-section made Gestión de Personas' (the people fixture's liaison and director)."""
    section.directorate = Directorate.objects.get(slug="gestion-de-personas")
    section.save()
    return section


def test_the_diario_oficial_acts_are_a_table_with_the_columns_the_cplt_asks_for(catalogue):
    section = catalogue[("diario-oficial", "actos-diario-oficial")]
    assert section.content_kind == "tabla" and section.sort_column == "fecha_publicacion"
    assert _labels(section) == [
        "Mes y año de publicación",
        "Tipo de norma",
        "Nombre",
        "Número",
        "Fecha de publicación",
        "Enlace al texto íntegro",
        "Nota de modificación o derogación",
        "Enlace a la modificación o derogación",
    ]


@pytest.mark.date_sensitive
def test_the_diario_oficial_acts_are_shown_and_exported_newest_first(client, catalogue, people):
    section = _own(catalogue[("diario-oficial", "actos-diario-oficial")])
    period = last_month()
    published(section, period, people, DO_CSV)
    page = client.get("/transparencia-activa/diario-oficial/").content.decode()
    assert page.index("ruidos molestos") < page.index("ferias libres") < page.index("Ordenanza de aseo")
    assert "Modificada por el decreto 12 de 2026" in page
    url = reverse("transparency_public:table-csv", args=["diario-oficial", section.slug, period.year, period.month])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert [r[4] for r in rows[1:]] == ["2025-08-05", "2021-03-15", "2010-06-20"]


@pytest.mark.date_sensitive
def test_a_table_without_a_sort_column_keeps_the_order_it_was_uploaded_in(catalogue, people):
    section = _own(catalogue[("diario-oficial", "actos-diario-oficial")])
    section.sort_column = ""
    section.save()
    pub = published(section, last_month(), people, DO_CSV)
    assert [r[4] for r in pub.table_rows] == ["2021-03-15", "2025-08-05", "2010-06-20"]


def test_each_kind_of_contract_has_its_own_template_with_the_cplt_pay_columns(catalogue):
    for slug in ("planta", "contrata", "codigo-del-trabajo"):
        labels = _labels(catalogue[("d", slug)])
        for label in (
            "Unidad monetaria",
            "Remuneración bruta mensualizada",
            "Remuneración líquida mensualizada",
            "Horas extraordinarias diurnas",
            "Horas extraordinarias nocturnas",
            "Horas extraordinarias festivas",
            "Calificación profesional o formación",
            "Región",
            "Asignaciones especiales",
            "Fecha de término",
            "Observaciones",
            "Viáticos",
        ):
            assert label in labels, (slug, label)
    fees = _labels(catalogue[("d", "honorarios")])
    for label in ("Unidad monetaria", "Valor hora o monto", "Pago mensual", "Viáticos", "Honorario total bruto"):
        assert label in fees
    assert "Estamento" not in fees


@pytest.mark.date_sensitive
def test_the_annual_advertising_sheet_says_which_months_had_no_advertising(client, catalogue, people, clock):
    section = _own(catalogue[("avisaje", "avisaje-publicidad")])
    published(section, date(2026, 4, 1), people, AVISAJE_CSV)
    page = client.get("/transparencia-activa/avisaje/2026/4/").content.decode()
    assert "Sin avisaje ni publicidad en febrero 2026." in page
    assert "Sin avisaje ni publicidad en abril 2026." in page
    assert "en enero 2026" not in page and "en marzo 2026" not in page
    assert "en mayo 2026" not in page  # a month after the sheet's month is not yet a month without
    assert page.index("Radio Bahía") < page.index("El Mercurio")  # newest first too


def test_the_lobby_register_reserved_acts_and_asset_declarations_are_links_the_public_always_sees(client, catalogue):
    expected = {
        "registro-lobby": reverse("transparency_public:lobby"),
        "indice-reservados": "/transparencia-activa/actos-reservados/",
        "probidad": "https://www.infoprobidad.cl",
    }
    for letter, url in expected.items():
        page = client.get(f"/transparencia-activa/{letter}/").content.decode()
        assert f'href="{url}"' in page, letter
        assert "Aún no hay información publicada" not in page
    assert catalogue[("costos-reproduccion", "costos")].content_kind == "tabla"


def test_letter_i_shows_its_paragraph_excluding_sensitive_data(client, catalogue):
    page = client.get("/transparencia-activa/i/").content.decode()
    assert "No se incluirán en estos antecedentes los datos sensibles" in page
    assert "programas sociales en ejecución.<br><br>No se incluirán" in page
    assert LETTER_I_SENSITIVE_DATA.startswith("No se incluirán")


def _template(client, section, ext):
    response = client.get(reverse("transparency:section-template", args=[section.pk, ext]))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="plantilla-{section.item.letter}-{section.slug}.{ext}"'
    )
    return response.content


def test_a_table_sub_section_offers_its_template_with_its_columns_in_order_and_one_example_row(
    client, catalogue, people
):
    client.force_login(people["gabinete"])
    section = catalogue[("i", "beneficiarios")]
    text = _template(client, section, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    # The address is personal data the sub-section refuses: the template does not ask for it.
    assert rows[0] == ["Programa", "Nombre del beneficiario", "RUT", "Fecha de otorgamiento", "Beneficio"]
    assert rows[1:] == [["Texto de ejemplo", "Texto de ejemplo", "11.111.111-1", "15-01-2026", "Texto de ejemplo"]]
    sheet = load_workbook(io.BytesIO(_template(client, section, "xlsx"))).active
    assert [c.value for c in sheet[1]] == rows[0] and sheet.max_row == 2
    page = client.get(reverse("transparency:section-detail", args=[catalogue[("d", "planta")].pk])).content.decode()
    assert reverse("transparency:section-template", args=[catalogue[("d", "planta")].pk, "xlsx"]) in page


def test_a_documents_sub_section_has_no_template(client, catalogue, people):
    client.force_login(people["gabinete"])
    section = catalogue[("a", "organigrama")]
    assert client.get(reverse("transparency:section-template", args=[section.pk, "csv"])).status_code == 404
    table = catalogue[("d", "planta")]
    assert client.get(reverse("transparency:section-template", args=[table.pk, "pdf"])).status_code == 404


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_every_template_uploaded_unchanged_is_accepted_with_its_example_row_or_more(client, catalogue, people, ext):
    client.force_login(people["gabinete"])
    tables = [s for s in catalogue.values() if s.content_kind == "tabla"]
    assert len(tables) > 15
    for section in tables:
        data = _template(client, section, ext)
        parsed = parse_table(data, f"plantilla.{ext}", list(section.columns.all()))
        assert len(parsed.rows) == 1, section
        if ext == "csv":
            text = data.decode("utf-8-sig")
            header, example = text.splitlines()[:2]
            twice = f"{header}\n{example}\n{example}\n".encode()
            assert len(parse_table(twice, "plantilla.csv", list(section.columns.all())).rows) == 2, section


@pytest.mark.date_sensitive
def test_the_planta_template_goes_through_the_real_upload_and_its_receipt_accepts_each_row(client, catalogue, people):
    client.force_login(people["enlace"])
    section = catalogue[("d", "planta")]
    data = _template(client, section, "xlsx")
    upload = SimpleUploadedFile("plantilla.xlsx", data)
    upload_table(client, prepare_url(section, last_month()), upload)
    publication = Publication.objects.get(section=section)
    assert publication.table_state == TableState.READY and len(publication.table_rows) == 1
    receipt = client.get(reverse("gabinete:job-download", args=[Job.objects.get(kind=TABLE_IMPORT).pk]))
    text = b"".join(receipt.streaming_content).decode("utf-8-sig")
    assert text.splitlines() == ["Fila;Estado;Detalle", "2;Aceptada;"]


@pytest.mark.date_sensitive
def test_a_refused_upload_reports_the_header_first_and_then_every_row(client, catalogue, people):
    client.force_login(people["enlace"])
    section = catalogue[("d", "planta")]
    text = (
        "Estamento;Apellido paterno;Nombres;Cargo o función;Remuneración bruta mensualizada;Fecha de inicio;Sueldo\n"
        "Profesional;González;Pedro;Ingeniero;2.145.300;01-03-2015;1\n"
    )
    upload = SimpleUploadedFile("planta.csv", text.encode(), content_type="text/csv")
    upload_table(client, prepare_url(section, last_month()), upload)
    receipt = client.get(reverse("gabinete:job-download", args=[Job.objects.get(kind=TABLE_IMPORT).pk]))
    lines = b"".join(receipt.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "Fila;Estado;Detalle"
    assert lines[1].startswith("1;Archivo rechazado;Sueldo: Columna no esperada «Sueldo»")
    assert len(lines) == 2  # the header's errors stop the reading before the rows
