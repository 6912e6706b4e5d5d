"""The archive's CSV export is a job (gabinete.jobs): asked for by POST with the search's filters,
made by the worker with the rows the owner may see, in a number of queries that does not grow with
the rows."""

import csv
import io

import pytest
from django.urls import reverse

from gabinete import jobs
from gabinete.models import Job, JobState, Membership
from tests.archive.factories import ClippingFactory, TopicFactory
from tests.gabinete.job_helpers import requested_document

EXPORT = reverse("archive:export-csv")


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_old_export_address_refuses_a_get(client, gabinete_user):
    client.force_login(gabinete_user)
    assert client.get(EXPORT, {"tono": "negativo"}).status_code == 405
    assert not Job.objects.exists()


def test_someone_without_a_unit_cannot_ask_for_the_export(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("sin.unidad", password="x"))
    assert client.post(EXPORT).status_code == 403
    assert not Job.objects.exists()


def test_the_search_page_exports_its_filters_with_a_post_form(client, gabinete_user, directorates):
    client.force_login(gabinete_user)
    body = client.get(reverse("archive:index"), {"q": "basura", "tono": "negativo", "pagina": "2"}).text
    form = body[body.index('id="archive-export"') : body.index("</form>", body.index('id="archive-export"'))]
    assert 'name="q" value="basura"' in form and 'name="tono" value="negativo"' in form
    assert 'name="pagina"' not in form and "csrfmiddlewaretoken" in form


def test_the_filters_are_carried_into_the_job(client, gabinete_user, directorates):
    ClippingFactory(headline="Microbasurales en La Chimba", tone="negativo", directorates=["aseo"])
    ClippingFactory(headline="Microbasurales en Bonilla", tone="positivo", directorates=["aseo"])
    ClippingFactory(headline="Ciclovía nueva", tone="negativo", directorates=["aseo"])
    client.force_login(gabinete_user)
    response = requested_document(client, EXPORT, data={"q": "microbasurales", "tono": "negativo", "pagina": "3"})
    job = Job.objects.get()
    assert job.params == {"q": "microbasurales", "tono": "negativo", "count": 1}
    assert job.title == "Archivo de prensa (CSV, 1 recorte)"
    assert [r[4] for r in _rows(response)[1:]] == ["Microbasurales en La Chimba"]


def test_the_job_says_how_many_rows_it_will_have_before_it_starts(client, gabinete_user, directorates):
    for n in range(3):
        ClippingFactory(headline=f"Noticia {n}")
    client.force_login(gabinete_user)
    response = client.post(EXPORT)
    job = Job.objects.get()
    assert job.state == JobState.QUEUED
    assert "Archivo de prensa (CSV, 3 recortes)" in client.get(response["Location"]).text


def test_a_liaisons_export_has_only_the_clippings_they_may_see(client, user_factory, directorates):
    """Scoped by the owner when the job runs, not by whoever runs the worker."""
    ClippingFactory(headline="Microbasurales en La Chimba", directorates=["aseo"])
    ClippingFactory(headline="Tránsito colapsado", directorates=["transito-y-transporte-publico"])
    client.force_login(user_factory("enlace", "aseo"))
    rows = _rows(requested_document(client, EXPORT))
    assert [r[4] for r in rows[1:]] == ["Microbasurales en La Chimba"]


def test_an_owner_who_lost_the_permission_gets_the_reason_in_spanish(client, user_factory, directorates):
    liaison = user_factory("enlace", "aseo")
    client.force_login(liaison)
    assert client.post(EXPORT).status_code == 302
    Membership.objects.filter(user=liaison).delete()
    job = Job.objects.get()
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "Ya no tiene permiso para obtener este documento."


def test_the_export_lists_topics_and_directorates_of_each_clipping(client, gabinete_user, directorates):
    topic, other = TopicFactory(name="Aseo"), TopicFactory(name="Barrios")
    ClippingFactory(headline="Con temas", topics=[other, topic], directorates=["obras-municipales", "aseo"])
    ClippingFactory(headline="Sin temas")
    client.force_login(gabinete_user)
    rows = {r[4]: r for r in _rows(requested_document(client, EXPORT))[1:]}
    assert rows["Con temas"][9] == "Aseo|Barrios"
    assert set(rows["Con temas"][10].split("|")) == {"aseo", "obras-municipales"}
    assert rows["Sin temas"][9:] == ["", ""]


@pytest.mark.parametrize("rows", [5, 50])
def test_the_export_jobs_query_count_does_not_grow_with_rows(
    client, gabinete_user, directorates, django_assert_max_num_queries, rows
):
    topic = TopicFactory()
    for n in range(rows):
        ClippingFactory(headline=f"Basura {n}", topics=[topic], directorates=["aseo", "obras-municipales"])
    client.force_login(gabinete_user)
    assert client.post(EXPORT).status_code == 302
    job = Job.objects.get()
    # claim, job, permission (memberships), progress, the filter form's three lists (validated as the page
    # does), topics, directorates, count, the rows with their topics and directorates (one query), finish
    # (savepoint, update, activity entry, its recipient, release).
    with django_assert_max_num_queries(17):  # and the owner's notice that the file is ready
        jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    with job.file.open("rb") as stored:
        assert stored.read().decode("utf-8-sig").count("\n") == rows + 1
