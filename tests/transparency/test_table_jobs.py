"""The table uploaded with a month's publication is read by a job, never inside the request: the
publication waits «procesando la tabla», the job applies the rows (or keeps the errors) only while the
publication still waits for that same upload, and nothing goes to review until the table is ready."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gabinete import jobs
from gabinete.models import Activity, Job, JobState
from transparency import services, tables
from transparency.jobs import TABLE_IMPORT
from transparency.models import Action, Publication, Status, TableState

from .factories import PLANTA_CSV
from .table_jobs import read_waiting_tables
from .test_views import last_month, prepare_url

pytestmark = pytest.mark.date_sensitive  # the month being prepared is last month


def _post(client, section, text=PLANTA_CSV, name="planta.csv"):
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(prepare_url(section, last_month()), {"mode": "contenido", "table_file": upload})


def _table_entries(publication):
    return Activity.objects.filter(object_id=publication.pk, verb=services.PUBLICATION_TABLE_READ.code).count()


def test_the_upload_request_stores_the_file_and_answers_without_reading_the_rows(
    client, catalogue, people, monkeypatch
):
    def no_parsing(*args, **kwargs):
        raise AssertionError("the request must not read the rows")

    monkeypatch.setattr(tables, "_read_rows", no_parsing)  # however the rows would be read
    client.force_login(people["enlace"])
    response = _post(client, catalogue[("d", "planta")])
    assert response.status_code == 302
    pub = Publication.objects.get()
    assert pub.table_state == TableState.PROCESSING and pub.table_rows == [] and pub.table_file
    job = Job.objects.get(kind=TABLE_IMPORT)
    assert pub.table_job == job and job.owner == people["enlace"] and job.state == JobState.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert "Recibimos el archivo: la tabla se está procesando" in page
    assert "Procesando la tabla" in page and 'hx-trigger="every 2s"' in page
    assert reverse("gabinete:job-detail", args=[job.pk]) in page  # the uploader can follow the job
    monkeypatch.undo()
    read_waiting_tables()
    pub.refresh_from_db()
    assert pub.table_state == TableState.READY and len(pub.table_rows) == 2
    assert "pedro" in pub.search_text
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.progress == 100
    assert job in Job.objects.filter(owner=people["enlace"])  # «Mis documentos» lists it


def test_the_page_polled_by_htmx_gets_only_its_main_column_and_stops_polling_once_the_table_is_ready(
    client, catalogue, people
):
    client.force_login(people["enlace"])
    detail = _post(client, catalogue[("d", "planta")])["Location"]
    part = client.get(detail, headers={"HX-Request": "true"}).content.decode()
    assert part.strip().startswith('<div id="publication-body"') and "hx-get" in part and "<html" not in part
    read_waiting_tables()
    part = client.get(detail, headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in part and "$ 2.145.300" in part


def test_a_job_delivered_twice_or_run_again_applies_the_table_once(client, catalogue, people):
    client.force_login(people["enlace"])
    _post(client, catalogue[("d", "planta")])
    pub = Publication.objects.get()
    job = Job.objects.get(kind=TABLE_IMPORT)
    jobs.work(job.pk)
    jobs.work(job.pk)  # a second delivery of the same task claims nothing
    # A worker that died after applying: the queue hands the job out again.
    Job.objects.filter(pk=job.pk).update(state=JobState.QUEUED)
    jobs.work(job.pk)
    # And a duplicate job for the same upload.
    duplicate = jobs.job_request(
        by=people["enlace"], kind=TABLE_IMPORT, params={"publication": pub.pk, "upload": pub.table_file.name}
    )
    jobs.work(duplicate.pk)
    pub.refresh_from_db()
    assert pub.table_state == TableState.READY and len(pub.table_rows) == 2
    assert _table_entries(pub) == 1


def test_a_stale_job_changes_nothing_when_a_newer_upload_came(client, catalogue, people):
    client.force_login(people["enlace"])
    section = catalogue[("d", "planta")]
    _post(client, section, PLANTA_CSV.replace("2.145.300", "9.999.999"))
    first_job = Job.objects.get(kind=TABLE_IMPORT)
    _post(client, section)  # the liaison uploads again before the first file was read
    pub = Publication.objects.get()
    jobs.work(first_job.pk)
    pub.refresh_from_db()
    assert pub.table_state == TableState.PROCESSING and pub.table_rows == []
    assert _table_entries(pub) == 0
    read_waiting_tables()
    pub.refresh_from_db()
    assert pub.table_state == TableState.READY and pub.table_rows[0][6] == 2145300


def test_a_job_for_a_publication_already_sent_changes_nothing(client, catalogue, people):
    client.force_login(people["enlace"])
    _post(client, catalogue[("d", "planta")])
    # Whatever moved it on (an administrator, an old state): the workflow's state wins over the job.
    Publication.objects.filter().update(status=Status.SENT)
    read_waiting_tables()
    pub = Publication.objects.get()
    assert pub.table_state == TableState.PROCESSING and pub.table_rows == []


def test_the_errors_are_kept_per_row_and_column_in_spanish_and_listed_in_the_job_receipt(client, catalogue, people):
    client.force_login(people["enlace"])
    text = PLANTA_CSV + "Auxiliar;Díaz;Cortés;Manuel;18;Chofer;812,640.50;31-02-2020\n"
    detail = _post(client, catalogue[("d", "planta")], text)["Location"]
    read_waiting_tables()
    pub = Publication.objects.get()
    assert pub.table_state == TableState.ERRORS and pub.table_error_count == 2
    assert {(e["row"], e["column"]) for e in pub.table_errors} == {
        (4, "Remuneración bruta mensualizada"),
        (4, "Fecha de inicio"),
    }
    page = client.get(detail).content.decode()
    assert "La tabla tiene 2 errores y no se aplicó." in page
    assert "«31-02-2020» no es una fecha válida (use dd-mm-aaaa)." in page
    receipt = client.get(reverse("gabinete:job-download", args=[pub.table_job_id]))
    text = b"".join(receipt.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[:3] == ["Fila;Estado;Detalle", "2;Aceptada;", "3;Aceptada;"]
    assert lines[3].startswith("4;Con errores;") and "Fecha de inicio: «31-02-2020» no es una fecha válida" in lines[3]
    assert "Remuneración bruta mensualizada: «812,640.50»" in lines[3] and len(lines) == 4


def test_sending_to_review_is_refused_while_the_table_is_processing(client, catalogue, people):
    client.force_login(people["enlace"])
    _post(client, catalogue[("d", "planta")])
    pub = Publication.objects.get()
    with pytest.raises(ValidationError) as exc:
        services.publication_transition(
            publication=pub, action=Action.SEND, by=people["director"], late_reason="Licencia"
        )
    assert exc.value.messages == ["La tabla aún se está procesando: espere a que esté lista para enviarla a revisión."]
    client.force_login(people["director"])
    assert "Enviar a revisión jurídica" not in client.get(pub.get_absolute_url()).content.decode()
    read_waiting_tables()
    services.publication_transition(publication=pub, action=Action.SEND, by=people["director"], late_reason="x")
    assert Publication.objects.get().status == Status.SENT


def test_a_correction_with_a_table_is_read_by_a_job_too(client, catalogue, people):
    from .factories import published

    original = published(catalogue[("d", "planta")], last_month(), people)
    client.force_login(people["enlace"])
    upload = SimpleUploadedFile("planta.csv", PLANTA_CSV.replace("2.145.300", "2.145.301").encode())
    client.post(
        reverse("transparency:publication-correct", args=[original.pk]),
        {"reason": "Monto mal digitado", "mode": "contenido", "table_file": upload},
    )
    correction = Publication.objects.get(corrects=original)
    assert correction.table_state == TableState.PROCESSING
    read_waiting_tables()
    correction.refresh_from_db()
    assert correction.table_rows[0][6] == 2145301


def test_a_long_table_reports_its_progress_by_rows(catalogue):
    row = "Profesional;González;Muñoz;Pedro;8;Ingeniero;2.145.300;01-03-2015\n"
    text = PLANTA_CSV.splitlines()[0] + "\n" + row * 5000
    heard = []
    table = tables.parse_table(
        text.encode(), "p.csv", list(catalogue[("d", "planta")].columns.all()), progress=heard.append
    )
    assert len(table.rows) == 5000
    assert len(heard) == 5 and heard == sorted(heard) and 0 < heard[0] and heard[-1] < 100
