"""Published releases are corrected (a new reviewed version) and withdrawn (410 with the reason);
scheduled ones can be unscheduled. Nothing is deleted: the history stays."""

from datetime import timedelta

import feedparser
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from communications import services
from communications.models import PressRelease, ReleaseStatus


def published(author, approver, **fields):
    defaults = {
        "title": "Operativo de limpieza en La Chimba",
        "lead": "Sábado 21 de noviembre.",
        "body": "<p>Texto</p>",
    }
    release = services.release_create(by=author, **{**defaults, **fields})
    services.release_submit(release=release, by=author)
    services.release_approve(release=release, by=approver)
    return services.release_publish(release=release, by=approver)


def test_a_correction_is_reviewed_again_and_the_published_text_stays_until_it_is_published(
    client, press, press2, chief
):
    original = published(press, press2)
    url = original.get_public_url()
    correction = services.release_correct(release=original, by=press, note="Se corrigió la fecha del operativo.")
    assert (correction.status, correction.corrects, correction.slug) == (ReleaseStatus.DRAFT, original, original.slug)
    services.release_update(
        release=correction, by=press, expected_version=correction.version, lead="Domingo 22 de noviembre."
    )
    services.release_submit(release=correction, by=press)
    # Under review: the public still reads the published text.
    assert "Sábado 21 de noviembre." in client.get(url).text
    services.release_approve(release=correction, by=chief)
    assert "Sábado 21 de noviembre." in client.get(url).text
    services.release_publish(release=correction, by=chief)

    page = client.get(url)
    assert page.status_code == 200
    assert "Domingo 22 de noviembre." in page.text and "Sábado 21" not in page.text
    today = timezone.localdate().strftime("%d-%m-%Y")
    assert f"Corregido el {today}" in page.text and "Se corrigió la fecha del operativo." in page.text
    original.refresh_from_db()
    correction.refresh_from_db()
    assert original.status == ReleaseStatus.SUPERSEDED  # kept, not deleted
    assert correction.published_at == original.published_at and correction.get_public_url() == url
    assert PressRelease.objects.public().filter(slug=original.slug).count() == 1
    assert [s.to_status for s in original.steps.all()][-1] == ReleaseStatus.SUPERSEDED
    # The intranet page of either version lists both.
    client.force_login(press)
    detail = client.get(original.get_absolute_url()).text
    assert "Versiones en esta dirección" in detail and correction.get_absolute_url() in detail


def test_a_correction_follows_the_four_eyes_rule_and_publishes_at_once(press, press2):
    original = published(press, press2)
    correction = services.release_correct(release=original, by=press2, note="Errata en el título.")
    services.release_submit(release=correction, by=press2)
    with pytest.raises(PermissionDenied, match="último cambio del texto"):
        services.release_approve(release=correction, by=press2)
    correction = services.release_approve(release=correction, by=_chief())
    with pytest.raises(ValidationError, match="se publica de inmediato"):
        services.release_publish(release=correction, by=press, publish_at=timezone.now() + timedelta(days=1))


def _chief():
    from tests.gabinete.factories import make_user

    return make_user("gabinete", "gabinete-de-alcaldia", team="jefatura", username="jefa.dos")


def test_correction_needs_a_note_and_only_one_is_open_at_a_time(client, press, press2):
    original = published(press, press2)
    with pytest.raises(ValidationError, match="Indique qué se corrige"):
        services.release_correct(release=original, by=press, note=" ")
    first = services.release_correct(release=original, by=press, note="Hora")
    with pytest.raises(ValidationError, match="corrección en curso"):
        services.release_correct(release=original, by=press, note="Otra")
    client.force_login(press)
    response = client.post(reverse("communications:release-correct", args=[original.pk]), {"note": "Otra"})
    assert response["Location"] == first.get_absolute_url()


def test_only_published_releases_are_corrected(client, press):
    draft = services.release_create(by=press, title="Borrador", lead="x")
    with pytest.raises(PermissionDenied):
        services.release_correct(release=draft, by=press, note="x")


def test_the_correction_form_starts_from_the_published_text(client, press, press2):
    original = published(press, press2)
    client.force_login(press)
    response = client.post(reverse("communications:release-correct", args=[original.pk]), {"note": "Hora"}, follow=True)
    assert "El texto publicado sigue visible" in response.text
    assert "Sábado 21 de noviembre." in response.text  # the edit form, filled with the published lead


def test_withdrawn_release_answers_410_with_the_reason_and_leaves_lists_and_feeds(client, press, press2, chief):
    release = published(press, press2)
    url = release.get_public_url()
    assert client.get(reverse("news:list")).status_code == 200  # cached list, then withdrawn
    with pytest.raises(ValidationError, match="motivo del retiro"):
        services.release_withdraw(release=release, by=chief, comment="")
    with pytest.raises(PermissionDenied):
        services.release_withdraw(release=release, by=press, comment="x")  # approvers only
    services.release_withdraw(release=release, by=chief, comment="La actividad fue suspendida.")

    page = client.get(url)
    assert page.status_code == 410
    assert "Comunicado retirado" in page.text and "La actividad fue suspendida." in page.text
    assert release.title not in client.get(reverse("news:list")).text.replace("retirado", "")
    assert feedparser.parse(client.get(reverse("news:rss")).content).entries == []
    assert feedparser.parse(client.get(reverse("news:atom")).content).entries == []
    release.refresh_from_db()
    assert release.status == ReleaseStatus.WITHDRAWN and release.withdrawn_at is not None
    assert release.steps.last().comment == "La actividad fue suspendida."


def test_a_withdrawn_release_leaves_a_cached_list_at_once(client, press, press2, chief):
    older = published(press, press2, title="Primera noticia")
    published(press, press2, title="Segunda noticia")
    assert "Primera noticia" in client.get(reverse("news:list")).text
    services.release_withdraw(release=older, by=chief, comment="Error")
    assert "Primera noticia" not in client.get(reverse("news:list")).text


def test_a_correction_of_a_withdrawn_release_is_not_published(press, press2, chief):
    original = published(press, press2)
    correction = services.release_correct(release=original, by=press, note="Hora")
    services.release_submit(release=correction, by=press)
    services.release_approve(release=correction, by=chief)
    services.release_withdraw(release=original, by=chief, comment="Suspendida")
    with pytest.raises(ValidationError, match="ya no está publicado"):
        services.release_publish(release=correction, by=chief)


@pytest.mark.date_sensitive
def test_a_scheduled_release_can_be_unscheduled_back_to_approved(client, press, press2):
    release = services.release_create(by=press, title="Temporada de piscinas", lead="x")
    services.release_submit(release=release, by=press)
    services.release_approve(release=release, by=press2)
    later = timezone.now() + timedelta(days=2)
    release = services.release_publish(release=release, by=press2, publish_at=later)
    assert release.is_scheduled
    client.force_login(press2)
    response = client.post(
        reverse("communications:release-action", args=[release.pk, "desprogramar"]),
        {"version": release.version},
        follow=True,
    )
    assert "Publicación programada cancelada" in response.text
    release.refresh_from_db()
    assert (release.status, release.published_at, release.scheduled_at) == (ReleaseStatus.APPROVED, None, None)
    assert release.steps.last().to_status == ReleaseStatus.APPROVED
    # A public release cannot be "unscheduled": it is corrected or withdrawn.
    public = published(press, press2, title="Ya pública")
    with pytest.raises(PermissionDenied):
        services.release_unschedule(release=public, by=press2)


def test_published_release_page_offers_correct_and_withdraw_to_the_right_people(client, press, press2, chief):
    release = published(press, press2)
    client.force_login(press)
    page = client.get(release.get_absolute_url()).text
    assert "Corregir" in page and "Retirar de la publicación" not in page
    client.force_login(chief)
    assert "Retirar de la publicación" in client.get(release.get_absolute_url()).text
