"""Issue 21 points 3 and 4 for press releases and support requests: every save and step says what
happens now and who acts next, the page shows the path, and a release returned with comments goes
again only changed and with a reply, which the approver sees beside the comment."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from communications import services
from communications.models import PressRelease, ReleaseStatus, SupportRequest
from gabinete.workflow import MissingRequirement


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request)) or response.text


def act(client, release, action, **data):
    release.refresh_from_db()
    data.setdefault("version", release.version)
    return client.post(reverse("communications:release-action", args=[release.pk, action]), data, follow=True)


def create(client, press):
    client.force_login(press)
    response = client.post(
        reverse("communications:release-create"),
        {"title": "Operativo de limpieza en La Chimba", "lead": "Cuadrillas recorren el sector.", "body": "<p>x</p>"},
        follow=True,
    )
    return PressRelease.objects.get(), response


def edit(client, release, **fields):
    release.refresh_from_db()
    data = {"title": release.title, "lead": release.lead, "slug": release.slug, "version": release.version}
    return client.post(reverse("communications:release-edit", args=[release.pk]), {**data, **fields}, follow=True)


def returned(client, press, press2):
    release, _ = create(client, press)
    act(client, release, "enviar")
    client.force_login(press2)
    act(client, release, "devolver", comment="El título debe nombrar el sector")
    release.refresh_from_db()
    assert release.status == ReleaseStatus.RETURNED
    client.force_login(press)
    return release


def test_every_step_of_a_release_says_what_happens_now_and_who_acts(client, press, press2):
    release, response = create(client, press)
    assert "Guardado. Ahora su autor o autora debe enviarlo a revisión." in said(response)
    response = act(client, release, "enviar")
    assert "Comunicado enviado a revisión. Ahora quien aprueba comunicados debe aprobarlo" in said(response)
    client.force_login(press2)
    response = act(client, release, "devolver", comment="Cambie el título")
    assert "Comunicado devuelto al autor con su comentario. Ahora su autor o autora debe corregirlo" in said(response)
    client.force_login(press)
    response = edit(client, release, title="Operativo de limpieza en el sector La Chimba")
    assert "Guardado. Ahora su autor o autora debe corregirlo" in said(response)  # still returned
    response = act(client, release, "enviar", reply="Título cambiado")
    assert "Comunicado enviado a revisión." in said(response)
    client.force_login(press2)
    response = act(client, release, "aprobar")
    assert "Comunicado aprobado. Ahora el equipo de prensa debe publicarlo." in said(response)
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = act(client, release, "publicar", publish_at=later)
    assert "Comunicado programado" in said(response) and "a la hora programada" in said(response)
    response = act(client, release, "desprogramar")
    assert "Publicación programada cancelada" in said(response) and "debe publicarlo" in said(response)
    response = act(client, release, "publicar")
    assert "Comunicado publicado en la página de noticias. Queda en la página de noticias" in said(response)
    response = act(client, release, "retirar", comment="Información desactualizada")
    assert "Comunicado retirado de la página de noticias. Retirado: no requiere más pasos." in said(response)


def test_a_returned_release_cannot_be_sent_again_unchanged(client, press, press2):
    release = returned(client, press, press2)
    response = act(client, release, "enviar", reply="Revisado")
    assert "Nada cambió desde que se devolvió" in response.text
    release.refresh_from_db()
    assert release.status == ReleaseStatus.RETURNED


def test_a_returned_release_cannot_be_sent_again_without_a_reply(client, press, press2):
    release = returned(client, press, press2)
    edit(client, release, title="Operativo de limpieza en el sector La Chimba")
    response = act(client, release, "enviar")
    assert "Responda a las observaciones antes de enviarlo de nuevo" in response.text
    release.refresh_from_db()
    assert release.status == ReleaseStatus.RETURNED
    with pytest.raises(MissingRequirement):
        services.release_submit(release=release, by=press)


def test_the_approver_sees_the_comment_the_reply_and_the_change(client, press, press2):
    release = returned(client, press, press2)
    assert 'name="reply"' in client.get(release.get_absolute_url()).text
    edit(client, release, title="Operativo de limpieza en el sector La Chimba")
    act(client, release, "enviar", reply="El título ahora nombra el sector")
    client.force_login(press2)
    page = client.get(release.get_absolute_url()).text
    start = page.index('data-testid="return-exchange"')
    exchange = page[start : page.index("</section>", start)]  # the exchange only, not the timeline
    assert "Observaciones respondidas" in exchange
    assert "El título debe nombrar el sector" in exchange
    assert "El título ahora nombra el sector" in exchange
    assert (
        "<del>Operativo de limpieza en La Chimba</del> → <ins>Operativo de limpieza en el sector La Chimba</ins>"
        in exchange
    )


def test_every_step_of_a_support_request_says_what_happens_now(client, liaison, press, directorates):
    client.force_login(liaison)
    response = client.post(
        reverse("communications:support-create"),
        {
            "directorate": directorates["aseo"].pk,
            "kind": "cobertura",
            "title": "Cobertura del operativo",
            "needed_by": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "contact_name": "Camila",
        },
        follow=True,
    )
    assert "Solicitud enviada a Gabinete. Ahora Gabinete debe aceptarla o rechazarla." in said(response)
    support = SupportRequest.objects.get()
    client.force_login(press)
    response = client.post(
        reverse("communications:support-action", args=[support.pk, "accept"]),
        {"version": support.version},
        follow=True,
    )
    assert "Solicitud aceptada. Ahora Gabinete debe realizar el apoyo" in said(response)
    assert 'data-testid="workflow-path"' in response.text
    support.refresh_from_db()
    response = client.post(
        reverse("communications:support-action", args=[support.pk, "done"]), {"version": support.version}, follow=True
    )
    assert "Solicitud marcada realizada. Realizada: no requiere más pasos." in said(response)
