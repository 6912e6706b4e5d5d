"""Uploading a table the way a liaison does now: the request stores the file and the publication
waits «procesando la tabla»; a job (what the worker does) reads it and applies the rows or the errors."""

from django.urls import resolve

from gabinete import jobs
from gabinete.models import Job, JobState
from transparency.jobs import TABLE_IMPORT
from transparency.models import Publication, TableState


def read_waiting_tables() -> list[int]:
    """Run every waiting table job, as the worker would; the ids it ran."""
    ids = list(Job.objects.filter(kind=TABLE_IMPORT, state=JobState.QUEUED).order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        jobs.work(pk)
    return ids


def upload_table(client, url: str, upload, *, follow: bool = False, **data):
    """POST the upload to `url` (the prepare or the correction page); when the upload passed the
    quick checks, check the publication waits for its table, then let the job read it. The answer
    to the POST, or with `follow` the page it leads to, read after the job ran."""
    response = client.post(url, {"mode": "contenido", "table_file": upload, **data})
    if response.status_code == 302 and resolve(response["Location"]).view_name == "transparency:publication-detail":
        publication = Publication.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
        assert publication.table_state == TableState.PROCESSING
        assert publication.table_rows == []
        read_waiting_tables()
        if follow:
            return client.get(response["Location"])
    return response
