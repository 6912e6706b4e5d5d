"""The indicators' CSV and XLSX exports are a job (gabinete.jobs): asked for by POST with the page's
filters (validated as the page validates them), made with the rows the owner may see."""

import csv
import io

import pytest
from django.urls import reverse

from gabinete import jobs
from gabinete.models import Job, JobState, Membership
from tests.gabinete.job_helpers import requested_document
from tests.indicators.factories import IndicatorYearFactory, measurement, open_period

pytestmark = pytest.mark.date_sensitive


def export(fmt="csv"):
    return reverse("indicators:export", args=[fmt])


@pytest.fixture
def two_directorates(directorates, people):
    aseo = IndicatorYearFactory(indicator__name="Reclamos de aseo resueltos en plazo")
    transit = IndicatorYearFactory(
        indicator__name="Semáforos reparados", indicator__directorate=directorates["transito-y-transporte-publico"]
    )
    measurement(aseo, open_period(), value="91", status="validated", by=people["enlace"])
    return aseo, transit


def _names(response) -> set[str]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    return {r[2] for r in rows[1:]}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_old_export_address_refuses_a_get(client, people, two_directorates, fmt):
    client.force_login(people["gabinete"])
    assert client.get(export(fmt), {"direccion": "aseo"}).status_code == 405
    assert not Job.objects.exists()


def test_the_dashboards_export_buttons_post_the_filters_shown(client, people, two_directorates):
    client.force_login(people["director"])
    year = two_directorates[0].year
    body = client.get(reverse("indicators:directorate", args=["aseo"]), {"anio": year}).text
    start = body.index('<form method="post" id="indicators-export"')
    form = body[start : body.index("</form>", start)]
    assert "csrfmiddlewaretoken" in form
    assert f'name="anio" value="{year}"' in form and 'name="direccion" value="aseo"' in form
    assert body.count('form="indicators-export"') == 2  # CSV and Excel


def test_the_filters_are_carried_into_the_job(client, people, two_directorates):
    aseo, _transit = two_directorates
    client.force_login(people["director"])
    response = requested_document(
        client, export(), data={"direccion": "aseo", "anio": aseo.year, "periodicidad": "nada", "extra": "x"}
    )
    job = Job.objects.get()
    # Validated as the page does: an unknown periodicity is dropped, an unknown key is not carried.
    assert job.params == {"direccion": "aseo", "anio": aseo.year, "fmt": "csv"}
    assert job.filename == f"indicadores-aseo-{aseo.year}.csv"
    assert _names(response) == {"Reclamos de aseo resueltos en plazo"}


def test_a_liaison_cannot_ask_for_another_directorates_table_nor_all_of_them(client, people, two_directorates):
    client.force_login(people["enlace"])
    assert client.post(export(), {"direccion": "transito-y-transporte-publico"}).status_code == 404
    assert client.post(export("xlsx")).status_code == 403
    assert not Job.objects.exists()


def test_the_all_directorates_export_has_every_directorate_for_gabinete(client, people, two_directorates):
    client.force_login(people["gabinete"])
    names = _names(requested_document(client, export(), data={"anio": two_directorates[0].year}))
    assert names == {"Reclamos de aseo resueltos en plazo", "Semáforos reparados"}


def test_an_owner_who_lost_the_permission_gets_the_reason_in_spanish(client, people, two_directorates):
    director = people["director"]
    client.force_login(director)
    assert client.post(export(), {"direccion": "aseo"}).status_code == 302
    Membership.objects.filter(user=director).delete()
    job = Job.objects.get()
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "Ya no tiene permiso para obtener este documento."


def test_an_owner_moved_to_another_directorate_gets_the_reason_not_its_table(client, people, two_directorates):
    """The rows are the owner's when the job runs: a move between the click and the worker is a refusal."""
    liaison = people["enlace"]
    client.force_login(liaison)
    assert client.post(export(), {"direccion": "aseo"}).status_code == 302
    Membership.objects.filter(user=liaison).update(directorate=people["other_enlace"].memberships.get().directorate)
    job = Job.objects.get()
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error == "Ya no tiene permiso para obtener este documento."


def test_the_indicator_page_exports_its_indicator(client, people, two_directorates):
    aseo, _transit = two_directorates
    client.force_login(people["director"])
    body = client.get(reverse("indicators:indicator-detail", args=[aseo.indicator_id])).text
    assert f'<input type="hidden" name="indicador" value="{aseo.indicator_id}">' in body
    response = requested_document(client, export("xlsx"), data={"indicador": aseo.indicator_id, "anio": aseo.year})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert Job.objects.get().filename == f"indicadores-indicador-{aseo.indicator_id}-{aseo.year}.xlsx"
