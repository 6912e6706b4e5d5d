"""Getting a document that is now prepared in the background, the way a person does: ask for it
(POST), land on the job's page, let the worker make it, download it from there."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.urls import resolve, reverse
from django.utils.http import urlencode

from gabinete import jobs


def requested_document(client, url: str, *, query: dict | None = None, data: dict | None = None) -> HttpResponse:
    """The downloaded document (`.content`, `["Content-Type"]`) of the job the POST to `url` asked for."""
    address = f"{url}?{urlencode(query)}" if query else url
    response = client.post(address, data or {})
    assert response.status_code == 302, (address, response.status_code)
    match = resolve(response["Location"])
    assert match.view_name == "gabinete:job-detail", response["Location"]
    pk = match.kwargs["pk"]
    jobs.work(pk)  # what the worker does (tests/gabinete/test_job_worker.py runs a real one)
    download = client.get(reverse("gabinete:job-download", args=[pk]))
    assert download.status_code == 200, client.get(reverse("gabinete:job-detail", args=[pk])).content.decode()
    return HttpResponse(b"".join(download.streaming_content), content_type=download["Content-Type"])


ROOT = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    """The address of the database this test runs on (pytest-django's test database), for a worker."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


def manage(*args: str, lease: int = 600) -> subprocess.Popen:
    """`manage.py <args>` in another process on the test's database and media folder (a real worker:
    the test must be transactional so the worker sees its rows)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gabinete.settings_test",
        "DATABASE_URL": test_database_url(),
        "GABINETE_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TASKS_BACKEND": "db",
        "JOBS_LEASE_SECONDS": str(lease),
    }
    return subprocess.Popen(  # noqa: S603  (our own manage.py)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
