"""The clipping import with real worker processes: a worker killed (SIGKILL) in the middle of filing
the rows leaves whole parts behind, and the worker that takes the job over files the rest, once."""

import os
import signal
import time

import pytest

from archive import jobs as archive_jobs
from archive.models import Clipping
from archive.services import CLIPPINGS_IMPORTED, IMPORT_COLUMNS
from gabinete.models import Activity, Job, JobState
from tests.archive.factories import OutletFactory
from tests.gabinete.factories import make_user
from tests.gabinete.job_helpers import manage

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 1200


def _wait_for(predicate, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_an_import_whose_worker_was_killed_while_filing_is_finished_once_by_the_next_worker():
    owner = make_user("gabinete", "gabinete-de-alcaldia", team="prensa")
    OutletFactory(name="El Mercurio de Antofagasta", kind="prensa")
    lines = [";".join(IMPORT_COLUMNS)] + [
        f"01-03-2026;El Mercurio de Antofagasta;;Nota {n};;;;;;;" for n in range(ROWS)
    ]
    job = archive_jobs.clipping_import_request(by=owner, data="\n".join(lines).encode(), filename="grande.csv")

    first = manage("db_worker", "--no-startup-delay", "--interval", "0.2", lease=1)
    try:
        _wait_for(lambda: Job.objects.get(pk=job.pk).params.get("filed"))  # at least one part is filed
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    job.refresh_from_db()
    assert job.state == JobState.RUNNING, "the dead worker left the job held"
    filed = Clipping.objects.count()
    assert 0 < filed < ROWS and filed % archive_jobs.IMPORT_PART_ROWS == 0, filed
    assert len(job.params["filed"]) <= filed, "the note on the job never runs ahead of the rows filed"

    time.sleep(1.5)  # the dead worker's lease runs out
    assert manage("requeue_stale_jobs", lease=1).wait(timeout=60) == 0
    second = manage("db_worker", "--batch", "--no-startup-delay", "--interval", "0.2", lease=60)
    assert second.wait(timeout=300) == 0, second.stdout.read().decode()

    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DONE, 2), job.error
    assert job.summary == f"Se importaron {ROWS} recortes."
    assert Clipping.objects.count() == ROWS
    assert Clipping.objects.values("headline").distinct().count() == ROWS
    assert Activity.objects.filter(verb=CLIPPINGS_IMPORTED.code).count() == 1
