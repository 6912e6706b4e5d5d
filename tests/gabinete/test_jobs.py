"""A document someone asked for: the service, the task's rules and the pages of «Mis documentos»."""

import pytest
from django.urls import reverse

from gabinete import jobs
from gabinete.models import Activity, Job, JobState, Notification
from tests.gabinete.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def gate(tmp_path):
    path = tmp_path / "gate"
    path.write_text("go")
    return path


def _request(user, gate, **params):
    return jobs.job_request(by=user, kind="devtools.wait", params={"gate": str(gate), **params})


def test_requesting_a_document_queues_it_after_the_commit(django_capture_on_commit_callbacks, gate):
    owner = make_user()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = _request(owner, gate)
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert job.task_result_id
    assert Activity.objects.filter(verb=jobs.REQUESTED.code, object_id=str(job.pk), actor=owner).exists()


def test_the_task_makes_the_file_and_tells_the_owner(gate):
    owner = make_user()
    job = _request(owner, gate)
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.progress == 100
    assert job.file.name == f"jobs/{job.pk}/prueba.txt"
    entry = Activity.objects.get(verb=jobs.FINISHED.code, object_id=str(job.pk))
    assert list(Notification.objects.filter(activity=entry).values_list("user", flat=True)) == [owner.pk]


def test_running_a_finished_job_again_does_nothing(gate):
    job = _request(make_user(), gate)
    jobs.work(job.pk)
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.attempts == 1
    assert Activity.objects.filter(verb=jobs.FINISHED.code, object_id=str(job.pk)).count() == 1


def test_a_job_held_by_a_live_worker_is_not_taken_by_another(gate):
    job = _request(make_user(), gate)
    assert jobs._claim(job.pk) is not None
    assert jobs._claim(job.pk) is None, "the lease has not run out"
    assert jobs.requeue_stale_jobs() == []


def test_a_failed_job_says_why_in_spanish_and_can_be_retried(tmp_path, client):
    owner = make_user()
    job = _request(owner, tmp_path / "never", timeout=0)
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == str(jobs.GENERIC_ERROR)
    entry = Activity.objects.get(verb=jobs.FAILED.code, object_id=str(job.pk))
    assert Notification.objects.filter(activity=entry, user=owner).exists()

    client.force_login(owner)
    page = client.get(reverse("gabinete:job-detail", args=[job.pk])).content.decode()
    assert "Ocurrió un error inesperado" in page and "Reintentar" in page
    response = client.post(reverse("gabinete:job-retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.attempts == 0 and job.error == ""


def test_a_job_whose_owner_lost_the_permission_fails_with_the_reason(gate, monkeypatch):
    job = _request(make_user(), gate)
    kind = jobs.kind_of("devtools.wait")
    monkeypatch.setitem(
        jobs._KINDS, "devtools.wait", jobs.JobKind(kind.code, kind.label, kind.make, lambda u, p: False)
    )
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "Ya no tiene permiso para obtener este documento."
    assert not job.file


def test_a_waiting_job_page_asks_for_news_every_two_seconds_and_refreshes_without_javascript(client, gate):
    owner = make_user()
    job = _request(owner, gate)
    client.force_login(owner)
    page = client.get(reverse("gabinete:job-detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert 'data-status="en_cola"' in page and "Actualizar" in page
    part = client.get(reverse("gabinete:job-detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert part.strip().startswith('<div id="job-status"') and "<html" not in part

    jobs.work(job.pk)
    page = client.get(reverse("gabinete:job-detail", args=[job.pk])).content.decode()
    assert "hx-trigger" not in page and "noscript" not in page
    assert 'data-status="listo"' in page and reverse("gabinete:job-download", args=[job.pk]) in page


def test_only_the_owner_downloads_the_document(client, gate):
    owner, other = make_user(), make_user()
    job = _request(owner, gate)
    jobs.work(job.pk)
    url = reverse("gabinete:job-download", args=[job.pk])
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.get(reverse("gabinete:job-detail", args=[job.pk])).status_code == 404
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == f"documento {job.pk}".encode()


def test_my_documents_lists_only_mine_newest_first_in_pages(client, gate, clock):
    owner, other = make_user(), make_user()
    first = _request(owner, gate)
    clock.shift(60)
    second = _request(owner, gate)
    _request(other, gate)
    client.force_login(owner)
    response = client.get(reverse("gabinete:job-list"))
    assert [job.pk for job in response.context["page"]] == [second.pk, first.pk]
    for _n in range(24):
        clock.shift(60)
        _request(owner, gate)
    response = client.get(reverse("gabinete:job-list"), {"pagina": 2})
    assert [job.pk for job in response.context["page"]] == [first.pk]
    assert Job.objects.count() == 27


def test_healthz_counts_the_waiting_jobs_and_fails_when_no_worker_takes_them(client, gate, clock):
    _request(make_user(), gate)
    response = client.get(reverse("gabinete:healthz"))
    assert response.status_code == 200 and "cola: 1 en cola" in response.text

    clock.shift(20 * 60)  # nobody took it for 20 minutes: the worker is down
    response = client.get(reverse("gabinete:healthz"))
    assert response.status_code == 503
    assert "cola: falló: 1 en cola; el más antiguo espera 20 min: ¿está corriendo el worker?" in response.text


def test_a_pdf_job_reports_each_stage_of_its_document_on_the_job(monkeypatch):
    from gabinete import job_kinds

    owner = make_user(is_superuser=True)
    job = jobs.job_request(by=owner, kind=job_kinds.DIRECTORY)
    assert jobs._claim(job.pk) is not None
    job.refresh_from_db()
    seen: list[int] = []
    real = jobs.report_progress

    def spy(on, percent):
        real(on, percent)
        seen.append(Job.objects.get(pk=on.pk).progress)

    monkeypatch.setattr(jobs, "report_progress", spy)
    output = job_kinds.make_directory(job)
    assert output.content.startswith(b"%PDF")
    assert seen == [5, 30, 50, 90], "data gathered, page written, laid out: each stored on the job"
