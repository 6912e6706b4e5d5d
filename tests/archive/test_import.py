"""CSV import: the template, a per-row report, good rows filed whole, bad rows not at all."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.models import Clipping, Topic
from archive.services import IMPORT_COLUMNS, clipping_import_csv, import_template_csv
from tests.archive.factories import ClippingFactory, OutletFactory

HEADER = ";".join(IMPORT_COLUMNS)


@pytest.fixture
def mercurio(db):
    return OutletFactory(name="El Mercurio de Antofagasta", kind="prensa")


def _csv(*lines, header=HEADER, encoding="utf-8") -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode(encoding)


def test_template_has_the_columns_and_imports_cleanly(gabinete_user, mercurio):
    template = import_template_csv()
    assert template.startswith("\ufeff" + HEADER)
    report = clipping_import_csv(
        data=template.replace("https://www.mercurioantofagasta.cl/…", "").encode("utf-8"), by=gabinete_user
    )
    assert report.ok, report.errors
    clipping = Clipping.objects.get()
    assert clipping.outlet == mercurio
    assert {d.slug for d in clipping.directorates.all()} == {"aseo", "medio-ambiente-y-ornato"}
    assert set(clipping.topics.values_list("name", flat=True)) == {"Aseo y ornato", "Participación ciudadana"}


@pytest.mark.date_sensitive
def test_good_rows_are_imported_and_bad_rows_reported_by_line(gabinete_user, mercurio):
    future = (timezone.localdate() + timedelta(days=3)).strftime("%d-%m-%Y")
    data = _csv(
        "01-03-2026;El Mercurio de Antofagasta;prensa;Bien uno;;;;;negativo;Basura;aseo",
        "31-02-2026;El Mercurio de Antofagasta;prensa;Fecha mala;;;;;;;",
        "02-03-2026;Diario Inventado;prensa;Medio desconocido;;;;;;;",
        "03-03-2026;El Mercurio de Antofagasta;satelite;Tipo malo;;;;;muy malo;;direccion-inexistente",
        f"{future};El Mercurio de Antofagasta;;Futuro;;;;;;;",
        "04-03-2026;vecino;correo;Reporte de vecina;;;;;;;aseo",
        "05-03-2026;el mercurio de antofagasta;;Bien dos, sin acentos en el medio;;;no-es-url;;;;",
    )
    report = clipping_import_csv(data=data, by=gabinete_user)
    assert report.created == 2
    assert [e.line for e in report.errors] == [3, 4, 5, 6, 8]
    messages = {e.line: " ".join(e.messages) for e in report.errors}
    assert "no es válida" in messages[3]
    assert "«Diario Inventado» no está registrado" in messages[4]
    assert "tipo de medio «satelite»" in messages[5] and "tono «muy malo»" in messages[5]
    assert "«direccion-inexistente» no existe" in messages[5]
    assert "futuro" in messages[6]
    assert "no es una dirección web válida" in messages[8]
    assert set(Clipping.objects.values_list("headline", flat=True)) == {"Bien uno", "Reporte de vecina"}
    assert Clipping.objects.get(headline="Reporte de vecina").source == "vecino"
    # Nothing half-written: the rejected rows left no topic, link or clipping behind.
    assert Topic.objects.count() == 1


def test_wrong_columns_reject_the_whole_file_without_writing(gabinete_user, mercurio):
    data = _csv("01-03-2026;El Mercurio de Antofagasta;Titular", header="date;newspaper;title")
    report = clipping_import_csv(data=data, by=gabinete_user)
    assert "faltan las columnas obligatorias: fecha, medio, titular" in report.fatal
    assert "columnas desconocidas: date, newspaper, title" in report.fatal
    assert report.created == 0 and Clipping.objects.count() == 0


def test_latin1_and_utf8_files_read_the_same(gabinete_user, mercurio):
    line = "01-03-2026;El Mercurio de Antofagasta;prensa;Pavimentación en La Chimba: año difícil;;;;;;Pavimentación;obras-municipales"
    for encoding in ("latin-1", "utf-8"):
        Clipping.objects.all().delete()
        report = clipping_import_csv(data=_csv(line, encoding=encoding), by=gabinete_user)
        assert report.ok, report.errors
        assert Clipping.objects.get().headline == "Pavimentación en La Chimba: año difícil"


def test_comma_separated_files_are_read_too(gabinete_user, mercurio):
    data = _csv(
        '01-03-2026,El Mercurio de Antofagasta,prensa,"Titular, con coma",,,,,,,', header=",".join(IMPORT_COLUMNS)
    )
    report = clipping_import_csv(data=data, by=gabinete_user)
    assert report.ok, report.errors
    assert Clipping.objects.get().headline == "Titular, con coma"


def test_a_link_already_in_the_archive_is_not_imported_twice(gabinete_user, mercurio):
    ClippingFactory(url="https://www.mercurioantofagasta.cl/nota-1")
    data = _csv("01-03-2026;El Mercurio de Antofagasta;;Repetida;;;https://www.mercurioantofagasta.cl/nota-1;;;;")
    report = clipping_import_csv(data=data, by=gabinete_user)
    assert report.created == 0
    assert "Ya existe un recorte con este enlace" in report.errors[0].messages[0]


def test_empty_and_binary_files_get_a_clear_message(client, gabinete_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(gabinete_user)
    response = client.post(
        reverse("archive:import"), {"file": SimpleUploadedFile("x.csv", b"%PDF-1.4 binary \x00\x01")}
    )
    assert response.status_code == 200
    assert "El contenido del archivo no corresponde a un tipo permitido" in response.text
    response = client.post(reverse("archive:import"), {"file": SimpleUploadedFile("x.csv", b"\n\n")})
    assert "El archivo" in response.text
    assert Clipping.objects.count() == 0


def test_import_page_shows_the_per_row_report(client, gabinete_user, mercurio):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(gabinete_user)
    data = _csv("01-03-2026;El Mercurio de Antofagasta;;Buena;;;;;;;", "xx;El Mercurio de Antofagasta;;Mala;;;;;;;")
    response = client.post(reverse("archive:import"), {"file": SimpleUploadedFile("recortes.csv", data)})
    assert "Se importó 1 recorte." in response.text
    assert "1 de 2 filas importadas, 1 con errores" in response.text
    assert "La fecha «xx» no es válida" in response.text


def test_template_download_and_import_need_gabinete(client, user_factory):
    client.force_login(user_factory("director", "aseo"))
    assert client.get(reverse("archive:import-template")).status_code == 403
    assert client.get(reverse("archive:import")).status_code == 403
