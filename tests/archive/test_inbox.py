"""The press inbox: what the fetcher found waits for a press officer, who accepts it into the archive
(one clipping per outlet of the story) or discards it (kept with who and why)."""

import pytest
from django.urls import reverse

from archive import ingest, selectors, services
from archive.models import Article, ArticleState, Clipping, MatchRule
from gabinete.concurrency import StaleObjectError
from tests.gabinete.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def fetched(press_sources, press_rules, site):
    ingest.fetch_source(press_sources["faro"].pk)
    ingest.fetch_source(press_sources["radio"].pk)
    return press_sources


def _article(part: str) -> Article:
    return Article.objects.get(url__contains=part)


def test_the_inbox_shows_one_row_per_story_with_its_outlets(client, gabinete_user, fetched):
    client.force_login(gabinete_user)
    page = client.get(reverse("archive:inbox")).content.decode()
    assert page.count("remodelada plaza Sotomayor</a>") == 1, "the two outlets' plaza story is one row"
    assert "y 1 medio más:" in page and "Radio Costa" in page
    assert "Vecinos denuncian microbasural en La Chimba" in page
    assert "Club local gana el clásico" not in page, "no rule chose it"


def test_the_inbox_filters_by_rule_outlet_and_directorate(client, gabinete_user, fetched, press_rules):
    client.force_login(gabinete_user)
    aseo = client.get(reverse("archive:inbox"), {"regla": press_rules["aseo"].pk}).content.decode()
    assert "microbasural" in aseo and "plaza Sotomayor" not in aseo
    by_directorate = client.get(reverse("archive:inbox"), {"direccion": "aseo"}).content.decode()
    assert "microbasural" in by_directorate and "plaza Sotomayor" not in by_directorate
    only_priority = client.get(reverse("archive:inbox"), {"prioritarias": "1"}).content.decode()
    assert "microbasural" in only_priority and "plaza Sotomayor" not in only_priority


def test_accepting_a_story_files_one_clipping_per_outlet_with_the_suggestions(gabinete_user, fetched):
    plaza = _article("/faro/plaza-sotomayor")
    clippings = services.story_accept(article=plaza, by=gabinete_user, tone="positivo", expected_version=plaza.version)
    assert sorted(c.outlet.name for c in clippings) == ["Diario El Faro", "Radio Costa"]
    faro = Clipping.objects.get(outlet__name="Diario El Faro")
    assert faro.headline == "Alcalde inaugura la remodelada plaza Sotomayor"
    assert faro.url == plaza.url and "480 millones" in faro.body
    assert faro.tone == "positivo" and faro.medium == "prensa"
    assert Clipping.objects.get(outlet__name="Radio Costa").medium == "radio"
    assert set(Article.objects.filter(story=plaza.story).values_list("state", flat=True)) == {ArticleState.ACCEPTED}

    basural = _article("microbasural")
    [clipping] = services.story_accept(article=basural, by=gabinete_user, expected_version=basural.version)
    assert [d.slug for d in clipping.directorates.all()] == ["aseo"], "the rule's suggestion"
    assert [t.slug for t in clipping.topics.all()] == ["recoleccion-de-basura"]


def test_an_accepted_clipping_repeating_a_release_shows_in_its_media_coverage(
    gabinete_user, press_sources, press_rules, site
):
    from archive.public import coverage_of_release
    from tests.archive import media_site as pages
    from tests.communications.factories import PublishedReleaseFactory

    release = PublishedReleaseFactory(title=pages.RELEASE_TITLE, lead="Operativo.", body=f"<p>{pages.RELEASE_TEXT}</p>")
    MatchRule.objects.create(name="Vacunación", query="vacunacion", created_by=gabinete_user)
    ingest.fetch_source(press_sources["radio"].pk)
    reprint = _article("/radio/vacunacion")
    assert coverage_of_release(release.pk) == [], "not in the archive until accepted"
    services.story_accept(article=reprint, by=gabinete_user, expected_version=reprint.version)
    [item] = coverage_of_release(release.pk)
    assert item.outlet == "Radio Costa" and item.headline == reprint.title


def test_a_discarded_story_keeps_who_and_why_and_is_not_proposed_again(gabinete_user, fetched):
    basural = _article("microbasural")
    with pytest.raises(Exception, match="Diga por qué"):
        services.story_discard(article=basural, by=gabinete_user, reason="  ", expected_version=basural.version)
    services.story_discard(
        article=basural, by=gabinete_user, reason="Ya informado ayer", expected_version=basural.version
    )
    basural.refresh_from_db()
    assert (basural.state, basural.discard_reason, basural.decided_by) == (
        ArticleState.DISCARDED,
        "Ya informado ayer",
        gabinete_user,
    )
    fetched["faro"].__class__.objects.filter(pk=fetched["faro"].pk).update(etag="", next_fetch_at="2000-01-01T00:00Z")
    ingest.fetch_source(fetched["faro"].pk)
    assert Article.objects.filter(url__contains="microbasural").count() == 1
    assert not Article.objects.pending().filter(url__contains="microbasural").exists()


def test_a_stale_copy_is_refused(gabinete_user, fetched):
    plaza = _article("/faro/plaza-sotomayor")
    with pytest.raises(StaleObjectError):
        services.story_accept(article=plaza, by=gabinete_user, expected_version=plaza.version - 1)


def test_only_gabinete_reviews_the_inbox(client, directorates, fetched):
    director = make_user("director", "aseo")
    client.force_login(director)
    for name in ("archive:inbox", "archive:source-list", "archive:rule-list"):
        assert client.get(reverse(name)).status_code == 403, name
    basural = _article("microbasural")
    assert client.post(reverse("archive:article-accept", args=[basural.pk]), {"tone": "neutro"}).status_code == 403


def test_bulk_accept_and_discard_go_through_the_same_services(client, gabinete_user, fetched):
    client.force_login(gabinete_user)
    plaza, basural = _article("/faro/plaza-sotomayor"), _article("microbasural")
    data = {"accion": "aceptar", "seleccion": [plaza.pk, basural.pk], "confirmar": "1"}
    data.update({f"token-{a.pk}": f"{a.state}:{a.version}" for a in (plaza, basural)})
    assert client.post(reverse("archive:inbox-bulk"), data).status_code == 302
    assert Clipping.objects.count() == 3, "two outlets for the plaza, one for the rubbish dump"
    error = _article("/faro/error")
    data = {
        "accion": "descartar",
        "seleccion": [error.pk],
        "confirmar": "1",
        f"token-{error.pk}": f"pendiente:{error.version}",
    }
    client.post(reverse("archive:inbox-bulk"), data)
    error.refresh_from_db()
    assert error.state == ArticleState.DISCARDED and error.discard_reason


def test_a_rule_is_tried_on_the_last_30_days_before_saving(client, gabinete_user, fetched, clock):
    from datetime import timedelta

    from django.utils import timezone

    Article.objects.filter(url__contains="futbol").update(fetched_at=timezone.now() - timedelta(days=31))
    assert selectors.rule_trial("plaza").count == 2
    assert selectors.rule_trial("PLAZA NOT radio").count == 2, "NOT looks at the words, not the outlet"
    assert selectors.rule_trial('"plaza sotomayor" NOT inauguran').count == 1
    assert selectors.rule_trial("club").count == 0, "the football story is older than 30 days"
    client.force_login(gabinete_user)
    response = client.post(
        reverse("archive:rule-create"),
        {"name": "Plazas", "query": "plaza OR áreas verdes", "to_inbox": "on", "probar": "1"},
    )
    assert "Esta regla habría coincidido con 2 publicaciones de los últimos 30 días." in response.content.decode()
    assert not MatchRule.objects.filter(name="Plazas").exists(), "trying does not save"


def test_a_rule_without_words_is_refused_in_spanish(client, gabinete_user, directorates):
    client.force_login(gabinete_user)
    response = client.post(reverse("archive:rule-create"), {"name": "Nada", "query": "NOT alcalde", "to_inbox": "on"})
    assert response.status_code == 400
    assert "no tiene ninguna palabra que buscar" in response.content.decode()
