"""Issue 21 point 3 for the office's workflows: after every save and step the page says what happens now
and who acts next, and each record's page shows its path."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from gabinete.office import services
from gabinete.office.models import Matter

from .factories import DESCRIPTOR_DATA, make_descriptor, make_manual


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request)) or response.text


@pytest.mark.date_sensitive
def test_every_step_of_a_matter_says_what_happens_now_and_who_acts(client, people, directorates):
    client.force_login(people["aseo"])
    response = client.post(
        reverse("office:matter-create"),
        {"directorate": directorates["aseo"].pk, "subject": "Horario", "background": "Reclamos.", "urgency": 1},
        follow=True,
    )
    assert "presentado a Gabinete para su preparación. Ahora Gabinete debe prepararlo" in said(response)
    matter = Matter.objects.get()
    page = client.get(reverse("office:matter-detail", args=[matter.pk])).text
    assert 'data-testid="workflow-path"' in page and "Siguiente paso" in page
    client.force_login(people["gabinete"])
    response = client.post(
        reverse("office:matter-request-info", args=[matter.pk]), {"question": "¿Costo?"}, follow=True
    )
    assert "Ahora la dirección debe responder a la solicitud de antecedentes." in said(response)
    client.force_login(people["aseo"])
    response = client.post(reverse("office:matter-answer", args=[matter.pk]), {"answer": "$4.800.000"}, follow=True)
    assert "Respuesta enviada a Gabinete. Ahora Gabinete debe prepararlo" in said(response)
    client.force_login(people["gabinete"])
    response = client.post(
        reverse("office:matter-schedule", args=[matter.pk]),
        {"meeting_date": services.next_meeting_date().isoformat()},
        follow=True,
    )
    assert "Ahora el Alcalde debe resolverlo en la reunión de despacho." in said(response)
    client.force_login(people["alcalde"])
    response = client.post(
        reverse("office:matter-decide", args=[matter.pk]),
        {"decision": "aprobado", "decided_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "Decisión registrada; la dirección fue notificada por correo. Resuelto: no requiere más pasos." in said(
        response
    )


@pytest.mark.date_sensitive
def test_closing_an_assignment_says_it_is_done_and_its_page_shows_the_path(client, people, directorates):
    assignment = services.assignment_create(
        title="Plan de invierno",
        directorate=directorates["aseo"],
        responsible=people["aseo"],
        due_date=timezone.localdate(),
        by=people["alcalde"],
    )
    client.force_login(people["aseo"])
    page = client.get(reverse("office:assignment-detail", args=[assignment.pk])).text
    assert "Ahora la persona responsable registra sus avances" in page
    response = client.post(
        reverse("office:assignment-close", args=[assignment.pk]), {"closure_note": "Plan entregado"}, follow=True
    )
    assert "Encargo cerrado. Cerrado: no requiere más pasos." in said(response)


@pytest.mark.date_sensitive
def test_every_step_of_a_manual_and_a_descriptor_version_says_what_happens_now(client, people):
    manual = make_manual(people["gabinete"])
    client.force_login(people["gabinete"])
    response = client.post(
        reverse("office:manual-version-create", args=[manual.pk]),
        {"change_summary": "Primera versión", "body": "<p>Texto</p>"},
        follow=True,
    )
    assert "guardada como borrador. Ahora Gabinete debe aprobarla para que quede vigente." in said(response)
    assert 'data-testid="workflow-path"' in response.text
    version = manual.versions.get()
    response = client.post(reverse("office:manual-version-approve", args=[version.pk]), follow=True)
    assert "es la versión vigente. Es la versión vigente: la reemplazará" in said(response)

    descriptor = make_descriptor(people["gabinete"])
    version = services.descriptor_version_create(descriptor=descriptor, data=DESCRIPTOR_DATA, by=people["gabinete"])
    response = client.post(reverse("office:descriptor-version-submit", args=[version.pk]), follow=True)
    assert "Ahora Gestión de Personas debe aceptarla o devolverla con observaciones." in said(response)
    client.force_login(people["personas"])
    response = client.post(
        reverse("office:descriptor-version-review", args=[version.pk]), {"accepted": "1"}, follow=True
    )
    assert "Revisión registrada. Ahora Gabinete debe aprobarla para que quede vigente." in said(response)
    client.force_login(people["gabinete"])
    response = client.post(reverse("office:descriptor-version-approve", args=[version.pk]), follow=True)
    assert "es la versión vigente. Es la versión vigente" in said(response)
    assert 'data-testid="workflow-path"' in response.text
