"""Issue 21 points 3 and 4 for measurements: after every save and step the page says what happens now
and who acts next, the record's page shows its path, and a value returned with observations goes
again only changed and with a reply, which the reviewer sees beside the observation."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from gabinete.workflow import MissingRequirement
from indicators import services
from indicators.models import Measurement
from tests.indicators.factories import IndicatorYearFactory, open_period


def url(name, *args):
    return reverse(f"indicators:{name}", args=args)


def said(response) -> str:
    """The messages of the page the redirects led to."""
    return " ".join(str(m) for m in get_messages(response.wsgi_request)) or response.content.decode()


@pytest.fixture
def iy(directorates):
    return IndicatorYearFactory(indicator__name="Reclamos de aseo resueltos en plazo")


def enter(client, iy, people, value="80"):
    client.force_login(people["enlace"])
    response = client.post(url("measurement-enter", iy.pk, open_period().pk), {"value": value}, follow=True)
    return Measurement.objects.get(), response


def returned(client, iy, people):
    """A value entered, sent and returned by Gabinete with observations."""
    m, _ = enter(client, iy, people)
    client.force_login(people["director"])
    client.post(url("measurement-action", m.pk, "enviar"))
    client.force_login(people["gabinete"])
    client.post(url("measurement-action", m.pk, "devolver"), {"observations": "Falta el respaldo del total"})
    m.refresh_from_db()
    assert m.status == "returned"
    return m


@pytest.mark.date_sensitive
def test_every_step_of_a_measurement_says_what_happens_now_and_who_acts(client, iy, people):
    m, response = enter(client, iy, people)
    assert "Guardado. Ahora el director o la directora debe enviarlo a Gabinete." in said(response)
    client.force_login(people["director"])
    response = client.post(url("measurement-action", m.pk, "enviar"), follow=True)
    assert "Medición enviada a Gabinete. Ahora Gabinete debe validarlo o devolverlo" in said(response)
    client.force_login(people["gabinete"])
    response = client.post(url("measurement-action", m.pk, "devolver"), {"observations": "Revise"}, follow=True)
    assert "Medición devuelta a la dirección con sus observaciones. Ahora la dirección debe corregirlo" in said(
        response
    )
    client.force_login(people["enlace"])
    m.refresh_from_db()
    response = client.post(url("measurement-edit", m.pk), {"value": "82", "version": m.version}, follow=True)
    assert "Guardado. Ahora el director o la directora debe enviarlo a Gabinete." in said(response)
    client.force_login(people["director"])
    response = client.post(url("measurement-action", m.pk, "enviar"), {"reply": "Total corregido"}, follow=True)
    assert "Medición enviada a Gabinete. Ahora Gabinete" in said(response)
    client.force_login(people["gabinete"])
    response = client.post(url("measurement-action", m.pk, "validar"), follow=True)
    assert "Medición validada. El valor queda bloqueado: no requiere más pasos." in said(response)


@pytest.mark.date_sensitive
def test_the_measurement_page_shows_its_path_with_the_next_step_and_who(client, iy, people):
    m, _ = enter(client, iy, people)
    client.force_login(people["director"])
    client.post(url("measurement-action", m.pk, "enviar"))
    page = client.get(url("measurement-detail", m.pk)).content.decode()
    assert 'data-testid="workflow-path"' in page
    assert "Enviada a Gabinete" in page  # the done step
    assert "Ahora Gabinete debe validarlo o devolverlo con observaciones." in page
    assert "Siguiente paso" in page and '<strong class="workflow-path-who">Gabinete</strong>' in page


@pytest.mark.date_sensitive
def test_a_returned_measurement_cannot_be_sent_again_unchanged(client, iy, people):
    m = returned(client, iy, people)
    client.force_login(people["director"])
    response = client.post(url("measurement-action", m.pk, "enviar"), {"reply": "Listo"}, follow=True)
    assert "Nada cambió desde que se devolvió" in response.content.decode()
    m.refresh_from_db()
    assert m.status == "returned"


@pytest.mark.date_sensitive
def test_a_returned_measurement_cannot_be_sent_again_without_a_reply(client, iy, people):
    m = returned(client, iy, people)
    client.force_login(people["enlace"])
    client.post(url("measurement-edit", m.pk), {"value": "84", "version": m.version})
    client.force_login(people["director"])
    response = client.post(url("measurement-action", m.pk, "enviar"), {"reply": "  "}, follow=True)
    assert "Responda a las observaciones antes de enviarlo de nuevo" in response.content.decode()
    m.refresh_from_db()
    assert m.status == "draft"
    # The rule is the workflow's: the service refuses the same way, whoever calls it.
    with pytest.raises(MissingRequirement):
        services.measurement_submit(measurement=m, by=people["director"])


@pytest.mark.date_sensitive
def test_the_reviewer_sees_the_observation_the_reply_and_the_change(client, iy, people):
    m = returned(client, iy, people)
    client.force_login(people["enlace"])
    client.post(url("measurement-edit", m.pk), {"value": "84", "version": m.version})
    page = client.get(url("measurement-detail", m.pk)).content.decode()
    assert "falta corregir y responder" in page and 'name="reply"' not in page  # the liaison cannot send
    client.force_login(people["director"])
    assert 'name="reply"' in client.get(url("measurement-detail", m.pk)).content.decode()
    client.post(url("measurement-action", m.pk, "enviar"), {"reply": "Se agregó el respaldo; total 84"})
    m.refresh_from_db()
    assert m.status == "submitted"
    client.force_login(people["gabinete2"])
    page = client.get(url("measurement-detail", m.pk)).content.decode()
    start = page.index('data-testid="return-exchange"')
    exchange = page[start : page.index("</section>", start)]  # the exchange only, not the timeline
    assert "Observaciones respondidas" in exchange  # no longer shown as the current observation
    assert "Falta el respaldo del total" in exchange
    assert "Se agregó el respaldo; total 84" in exchange
    assert "<del>80</del> → <ins>84</ins>" in exchange.replace(".0000", "")
