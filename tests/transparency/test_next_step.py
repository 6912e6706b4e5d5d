"""Issue 21 points 3 and 4 for transparency publications: every save and step says what happens now and
who acts next, the page shows the path, and content returned with observations goes again only
changed and with a reply, which Asesoría Jurídica sees beside its observation."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from gabinete.workflow import MissingRequirement
from transparency import services
from transparency.models import Action, Publication, Status


def last_month():
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request)) or response.content.decode()


@pytest.fixture
def section(catalogue):
    return catalogue[("d", "planta")]


def prepare(client, section, people, note="Sin contrataciones este mes"):
    client.force_login(people["enlace"])
    period = last_month()
    return client.post(
        reverse("transparency:publication-prepare", args=[section.pk, period.year, period.month]),
        {"mode": "sin_movimiento", "summary": note},
        follow=True,
    )


def step(client, pub, action, **data):
    return client.post(reverse("transparency:publication-step", args=[pub.pk, action]), data, follow=True)


def returned(client, section, people) -> Publication:
    prepare(client, section, people)
    pub = Publication.objects.get()
    client.force_login(people["director"])
    step(client, pub, "enviar", late_reason="Licencia médica")
    client.force_login(people["juridica"])
    step(client, pub, "devolver", comment="La nota debe decir el período")
    pub.refresh_from_db()
    assert pub.status == Status.RETURNED
    return pub


@pytest.mark.date_sensitive
def test_every_step_of_a_publication_says_what_happens_now_and_who_acts(client, section, people):
    response = prepare(client, section, people)
    assert "Guardado. Ahora el director o la directora debe enviarlo a revisión jurídica." in said(response)
    pub = Publication.objects.get()
    client.force_login(people["director"])
    response = step(client, pub, "enviar", late_reason="Licencia médica")
    assert "Contenido enviado a revisión jurídica. Ahora Asesoría Jurídica debe aprobarlo" in said(response)
    client.force_login(people["juridica"])
    response = step(client, pub, "devolver", comment="Falta el período")
    assert "Contenido devuelto a la dirección con sus observaciones. Ahora el enlace debe corregirlo" in said(response)
    response = prepare(client, section, people, note="Sin contrataciones en el período")
    assert "Guardado. Ahora el director o la directora" in said(response)
    client.force_login(people["director"])
    response = step(client, pub, "enviar", reply="Se indicó el período")
    assert "Contenido enviado a revisión jurídica." in said(response)
    client.force_login(people["juridica"])
    response = step(client, pub, "aprobar")
    assert "Contenido aprobado por Asesoría Jurídica. Ahora Gabinete debe publicarlo" in said(response)
    client.force_login(people["gabinete"])
    response = step(client, pub, "publicar")
    assert "Contenido publicado en la página de transparencia. Queda publicado" in said(response)
    page = client.get(reverse("transparency:publication-detail", args=[pub.pk])).content.decode()
    assert 'data-testid="workflow-path"' in page and "no requiere más pasos" in page


@pytest.mark.date_sensitive
def test_a_returned_publication_cannot_be_sent_again_unchanged(client, section, people):
    pub = returned(client, section, people)
    client.force_login(people["director"])
    response = step(client, pub, "enviar", reply="Revisado")
    assert "Nada cambió desde que se devolvió" in response.content.decode()
    pub.refresh_from_db()
    assert pub.status == Status.RETURNED


@pytest.mark.date_sensitive
def test_a_returned_publication_cannot_be_sent_again_without_a_reply(client, section, people):
    pub = returned(client, section, people)
    prepare(client, section, people, note="Sin contrataciones en octubre")
    client.force_login(people["director"])
    response = step(client, pub, "enviar")
    assert "Responda a las observaciones antes de enviarlo de nuevo" in response.content.decode()
    pub.refresh_from_db()
    assert pub.status == Status.DRAFT
    with pytest.raises(MissingRequirement):
        services.publication_transition(publication=pub, action=Action.SEND, by=people["director"])


@pytest.mark.date_sensitive
def test_legal_sees_the_observation_the_reply_and_the_change(client, section, people):
    pub = returned(client, section, people)
    prepare(client, section, people, note="Sin contrataciones en octubre")
    client.force_login(people["director"])
    step(client, pub, "enviar", reply="La nota ahora dice el mes")
    client.force_login(people["juridica"])
    page = client.get(reverse("transparency:publication-detail", args=[pub.pk])).content.decode()
    start = page.index('data-testid="return-exchange"')
    exchange = page[start : page.index("</section>", start)]  # the exchange only, not the timeline
    assert "Observaciones respondidas" in exchange
    assert "La nota debe decir el período" in exchange
    assert "La nota ahora dice el mes" in exchange
    assert "<del>Sin contrataciones este mes</del> → <ins>Sin contrataciones en octubre</ins>" in exchange
