"""The job queue on the Redis/RQ backend (TASKS_BACKEND=rq, django-tasks-rq), as a larger installation
runs it: a job requested here lands in Redis, and a real `manage.py rqworker default --burst` process
on the test's database makes the document.

Runs against the real Redis on 127.0.0.1:6379 (`.ci/run` starts it) in database 14 of its own, flushed
before and after. Without Redis the module is skipped, unless REQUIRE_REDIS=1 (CI).
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from gabinete import job_kinds, jobs
from gabinete.models import Job, JobState
from tests.gabinete.factories import make_user
from tests.gabinete.job_helpers import ROOT, test_database_url

REDIS_URL = "redis://127.0.0.1:6379/14"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_db():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("Redis no responde en 127.0.0.1:6379 (CI lo inicia en .ci/run).")
        pytest.skip("Redis no responde en 127.0.0.1:6379")
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def rq_backend(settings, redis_db):
    """This process enqueues to RQ on the spare Redis database."""
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    return redis_db


def _rqworker() -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gabinete.settings_test",
        "DATABASE_URL": test_database_url(),
        "GABINETE_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TASKS_BACKEND": "rq",
        "TASKS_REDIS_URL": REDIS_URL,
    }
    return subprocess.run(  # noqa: S603  (our own manage.py)
        [sys.executable, "manage.py", "rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=180,
        check=False,
    )


def test_a_real_rq_worker_makes_the_requested_nomina(rq_backend):
    owner = make_user(is_superuser=True)
    job = jobs.job_request(by=owner, kind=job_kinds.DIRECTORY)
    job.refresh_from_db()
    assert job.task_result_id, "the job was handed to RQ after the commit"
    assert rq_backend.llen("rq:queue:default") == 1

    done = _rqworker()
    assert done.returncode == 0, (done.stdout + done.stderr).decode()

    job.refresh_from_db()
    assert job.state == JobState.DONE, (job.error, (done.stdout + done.stderr).decode()[-2000:])
    assert job.filename == "nomina-direcciones.pdf"
    assert job.file.read().startswith(b"%PDF")
    assert Job.objects.get(pk=job.pk).progress == 100
    assert rq_backend.llen("rq:queue:default") == 0
