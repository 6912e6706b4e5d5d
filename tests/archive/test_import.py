"""CSV import: the template, a per-row report, good rows filed whole, bad rows not at all."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone

from archive import jobs as archive_jobs
from archive.jobs import CLIPPING_IMPORT
from archive.models import Clipping, Topic
from archive.services import CLIPPINGS_IMPORTED, IMPORT_COLUMNS, clipping_import_csv, import_template_csv
from gabinete import jobs
from gabinete.models import Activity, Job, JobState, Membership
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


def _upload(client, data: bytes, name: str = "recortes.csv"):
    return client.post(reverse("archive:import"), {"file": SimpleUploadedFile(name, data)})


def _job_of(response) -> Job:
    assert response.status_code == 302, response.content.decode()[:500]
    return Job.objects.get(pk=resolve(response["Location"]).kwargs["pk"])


def _rejected_rows(client, job: Job) -> list[list[str]]:
    download = client.get(reverse("gabinete:job-download", args=[job.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    return [line.split(";") for line in text.strip().splitlines()]


GOOD_AND_BAD = _csv("01-03-2026;El Mercurio de Antofagasta;;Buena;;;;;;;", "xx;El Mercurio de Antofagasta;;Mala;;;;;;;")


def test_an_upload_answers_at_once_with_the_import_job_and_keeps_the_file_for_any_worker(
    client, gabinete_user, mercurio
):
    client.force_login(gabinete_user)
    job = _job_of(_upload(client, GOOD_AND_BAD))
    assert job.kind == CLIPPING_IMPORT and job.title == "Importación de recortes (recortes.csv)"
    assert job.params["upload"].startswith("jobs/uploads/") and job.params["upload"] != "jobs/uploads/recortes.csv"
    with default_storage.open(job.params["upload"], "rb") as kept:
        assert kept.read() == GOOD_AND_BAD
    assert Clipping.objects.count() == 0, "nothing is filed by the request"
    page = client.get(reverse("gabinete:job-detail", args=[job.pk])).text
    assert "se importa en segundo plano" in page


def test_the_import_job_files_the_good_rows_and_gives_the_rejected_ones_with_the_reason(
    client, gabinete_user, mercurio
):
    client.force_login(gabinete_user)
    job = _job_of(_upload(client, GOOD_AND_BAD))
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.summary == "Se importó 1 recorte; 1 fila con errores."
    assert list(Clipping.objects.values_list("headline", "created_by")) == [("Buena", gabinete_user.pk)]
    rows = _rejected_rows(client, job)
    assert rows[0] == ["Línea", "Titular", "Motivo"]
    assert rows[1][:2] == ["3", "Mala"] and "La fecha «xx» no es válida" in rows[1][2]
    assert not default_storage.exists(job.params["upload"]), "the upload is removed once imported"
    page = client.get(reverse("gabinete:job-detail", args=[job.pk])).text
    assert "Se importó 1 recorte; 1 fila con errores." in page
    assert "Se importó 1 recorte; 1 fila con errores." in client.get(reverse("gabinete:job-list")).text
    assert "Se importó 1 recorte; 1 fila con errores." in client.get(reverse("archive:import")).text


def _notes(n: int) -> bytes:
    return _csv(*[f"01-03-2026;El Mercurio de Antofagasta;;Nota {i};;;;;;;" for i in range(n)])


def test_the_import_job_reports_the_rows_checked_then_the_rows_filed(client, gabinete_user, mercurio, monkeypatch):
    client.force_login(gabinete_user)
    job = _job_of(_upload(client, _notes(200)))
    monkeypatch.setattr(archive_jobs, "IMPORT_PART_ROWS", 50)
    seen = []
    report = jobs.report_progress
    monkeypatch.setattr(jobs, "report_progress", lambda j, p: (seen.append(p), report(j, p)))
    jobs.work(job.pk)
    assert seen == sorted(seen) and len(set(seen)) > 10, seen
    checking, filing = [p for p in seen if p <= 20], [p for p in seen if p > 20]
    assert checking[0] == 0 and checking[-1] == 20, "checking the rows: up to 20 %"
    assert filing == [40, 60, 80, 100], "then each part of 50 rows filed"
    job.refresh_from_db()
    assert job.progress == 100 and job.summary == "Se importaron 200 recortes."
    assert Activity.objects.filter(verb=CLIPPINGS_IMPORTED.code).count() == 1


def test_an_import_job_run_twice_files_the_rows_once(client, gabinete_user, mercurio):
    client.force_login(gabinete_user)
    job = _job_of(_upload(client, GOOD_AND_BAD))
    jobs.work(job.pk)
    jobs.work(job.pk)
    assert Clipping.objects.count() == 1
    job.refresh_from_db()
    assert job.attempts == 1


def test_an_import_whose_worker_died_before_filing_is_filed_once_by_the_next(client, gabinete_user, mercurio, clock):
    client.force_login(gabinete_user)
    job = _job_of(_upload(client, GOOD_AND_BAD))
    assert jobs._claim(job.pk) is not None  # a worker took it and was killed
    clock.shift(settings.JOBS_LEASE_SECONDS + 1)
    assert jobs.requeue_stale_jobs() == [job.pk]
    jobs.work(job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.summary) == (JobState.DONE, 2, "Se importó 1 recorte; 1 fila con errores.")
    assert Clipping.objects.count() == 1


def test_an_import_whose_worker_died_after_filing_is_not_filed_again(client, gabinete_user, mercurio, clock):
    client.force_login(gabinete_user)
    job = _job_of(_upload(client, GOOD_AND_BAD))
    claimed = jobs._claim(job.pk)
    jobs.kind_of(CLIPPING_IMPORT).make(claimed)  # filed the rows, then the worker was killed before finishing
    assert Clipping.objects.count() == 1
    clock.shift(settings.JOBS_LEASE_SECONDS + 1)
    jobs.work(job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.summary) == (JobState.DONE, 2, "Se importó 1 recorte; 1 fila con errores.")
    assert Clipping.objects.count() == 1, "the second attempt filed nothing again"
    assert [r[:2] for r in _rejected_rows(client, job)[1:]] == [["3", "Mala"]]


def test_an_import_that_fails_in_a_part_keeps_the_parts_filed_and_the_retry_files_the_rest_once(
    client, gabinete_user, mercurio, monkeypatch
):
    client.force_login(gabinete_user)
    job = _job_of(_upload(client, _notes(5)))
    monkeypatch.setattr(archive_jobs, "IMPORT_PART_ROWS", 2)
    save = archive_jobs._save_params

    def crash_on_the_second_part(job, **changes):  # the last write of the part's transaction fails
        if len(changes["filed"]) > 2:
            raise RuntimeError("worker lost the database")
        save(job, **changes)

    monkeypatch.setattr(archive_jobs, "_save_params", crash_on_the_second_part)
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error == str(jobs.GENERIC_ERROR)
    assert Clipping.objects.count() == 2, "the first part is filed; the second was rolled back whole"
    assert job.params["filed"] == [2, 3] and "outcome" not in job.params
    monkeypatch.setattr(archive_jobs, "_save_params", save)
    client.post(reverse("gabinete:job-retry", args=[job.pk]))
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.summary == "Se importaron 5 recortes."
    assert sorted(Clipping.objects.values_list("headline", flat=True)) == [f"Nota {i}" for i in range(5)]
    (entry,) = Activity.objects.filter(verb=CLIPPINGS_IMPORTED.code)
    assert entry.changes == {"created": 5, "rejected": 0}


class WorkerKilled(BaseException):
    """What a killed worker leaves: nothing after this point runs (not even the job's failure)."""


def test_an_import_whose_worker_was_killed_mid_way_is_finished_by_the_next_without_duplicates(
    client, gabinete_user, mercurio, monkeypatch, clock
):
    client.force_login(gabinete_user)
    job = _job_of(
        _upload(
            client,
            _csv(
                "01-03-2026;El Mercurio de Antofagasta;;Con enlace;;;https://example.org/a;;;;",
                "01-03-2026;El Mercurio de Antofagasta;;Sin enlace;;;;;;;",
                "xx;El Mercurio de Antofagasta;;Mala;;;;;;;",
                "01-03-2026;El Mercurio de Antofagasta;;Otra;;;https://example.org/b;;;;",
            ),
        )
    )
    monkeypatch.setattr(archive_jobs, "IMPORT_PART_ROWS", 2)
    report = jobs.report_progress

    def killed_after_the_first_part(j, p):
        report(j, p)
        if p > archive_jobs.CHECKING_SHARE:
            raise WorkerKilled

    monkeypatch.setattr(jobs, "report_progress", killed_after_the_first_part)
    with pytest.raises(WorkerKilled):
        jobs.work(job.pk)
    assert Clipping.objects.count() == 2
    job.refresh_from_db()
    assert job.state == JobState.RUNNING, "a killed worker leaves the job «en proceso»"
    monkeypatch.setattr(jobs, "report_progress", report)
    clock.shift(settings.JOBS_LEASE_SECONDS + 1)
    assert jobs.requeue_stale_jobs() == [job.pk]
    jobs.work(job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DONE, 2)
    assert job.summary == "Se importaron 3 recortes; 1 fila con errores."
    assert sorted(Clipping.objects.values_list("headline", flat=True)) == ["Con enlace", "Otra", "Sin enlace"]
    assert [r[:2] for r in _rejected_rows(client, job)[1:]] == [["4", "Mala"]], "no «ya existe» for its own rows"


def test_a_file_without_the_template_columns_is_refused_at_once(client, gabinete_user):
    client.force_login(gabinete_user)
    response = _upload(client, b"nombre;correo\nAna;ana@example.org\n")
    assert response.status_code == 200
    assert "El archivo no tiene las columnas de la plantilla" in response.text
    assert not Job.objects.exists()


def test_a_hostile_file_gets_the_clear_message_in_the_request_and_queues_nothing(client, gabinete_user):
    client.force_login(gabinete_user)
    response = _upload(client, b"<!DOCTYPE html><html><body><script>fetch('/cuenta/')</script></body></html>")
    assert response.status_code == 200
    assert "contiene una página web o código" in response.text
    assert not Job.objects.exists()


def test_an_import_whose_owner_lost_the_permission_fails_with_the_reason(client, gabinete_user, mercurio):
    client.force_login(gabinete_user)
    job = _job_of(_upload(client, GOOD_AND_BAD))
    Membership.objects.filter(user=gabinete_user).delete()
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error == "Ya no tiene permiso para obtener este documento."
    assert Clipping.objects.count() == 0


def test_the_import_page_explains_the_background_processing(client, gabinete_user):
    client.force_login(gabinete_user)
    page = client.get(reverse("archive:import")).text
    assert "El archivo se procesa en segundo plano" in page and "Mis documentos" in page


def test_template_download_and_import_need_gabinete(client, user_factory):
    client.force_login(user_factory("director", "aseo"))
    assert client.get(reverse("archive:import-template")).status_code == 403
    assert client.get(reverse("archive:import")).status_code == 403


def test_a_directorate_cannot_upload_an_import(client, user_factory, mercurio):
    client.force_login(user_factory("director", "aseo"))
    assert _upload(client, GOOD_AND_BAD).status_code == 403
    assert not Job.objects.exists()
