"""Getting a document that is now prepared in the background, the way a person does: ask for it
(POST), land on the job's page, let the worker make it, download it from there."""

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
