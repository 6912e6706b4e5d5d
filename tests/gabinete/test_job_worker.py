"""The queue with a real worker process: `manage.py db_worker` (django-tasks-db) against the test
database, as `make run` and production run it. Killing the worker mid-job (SIGKILL) must not lose
the job nor make it twice."""

import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings

from gabinete import jobs
from gabinete.models import Activity, Job, JobState
from tests.gabinete.factories import make_user
from tests.gabinete.job_helpers import manage

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def _request(user, gate: Path) -> Job:
    job = jobs.job_request(by=user, kind="devtools.wait", params={"gate": str(gate)})
    # The test database hands out ids again after other tests' rollbacks, and the media folder outlives
    # them: start from an empty folder for this id, so only this job's files are counted.
    shutil.rmtree(Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk), ignore_errors=True)
    return Job.objects.get(pk=job.pk)


def _files_of(job: Job) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_real_worker_process_makes_the_requested_document(tmp_path):
    owner = make_user()
    gate = tmp_path / "gate"
    gate.write_text("go")
    job = _request(owner, gate)
    assert job.task_result_id, "the job was handed to the queue after the commit"
    worker = manage("db_worker", "--batch", "--no-startup-delay", "--interval", "0.2")
    assert worker.wait(timeout=60) == 0, worker.stdout.read().decode()
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.file.read() == f"documento {job.pk}".encode()
    assert Activity.objects.filter(verb=jobs.FINISHED.code, object_id=str(job.pk)).count() == 1


def test_a_job_whose_worker_was_killed_is_taken_over_and_finished_exactly_once(tmp_path):
    owner = make_user()
    gate = tmp_path / "gate"
    job = _request(owner, gate)
    first = manage("db_worker", "--no-startup-delay", "--interval", "0.2", lease=1)
    try:
        _wait_for(lambda: (tmp_path / "started-1").exists())
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    job.refresh_from_db()
    assert job.state == JobState.RUNNING, "the dead worker left the job held"
    time.sleep(1.5)  # the dead worker's lease runs out
    requeue = manage("requeue_stale_jobs", lease=1)
    assert requeue.wait(timeout=60) == 0
    gate.write_text("go")
    second = manage("db_worker", "--batch", "--no-startup-delay", "--interval", "0.2", lease=30)
    assert second.wait(timeout=60) == 0, second.stdout.read().decode()

    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.attempts == 2
    assert _files_of(job) == ["prueba.txt"]
    assert Activity.objects.filter(verb=jobs.FINISHED.code, object_id=str(job.pk)).count() == 1

    # The original task delivered again (or a requeue racing the finish) changes nothing visible.
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.attempts == 2
    assert _files_of(job) == ["prueba.txt"]
    assert Activity.objects.filter(verb=jobs.FINISHED.code, object_id=str(job.pk)).count() == 1
