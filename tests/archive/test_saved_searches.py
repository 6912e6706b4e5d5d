"""Saved searches of the press archive: kept under a name, reopened, shared with a directorate,
followed; and the alerts that tell the followers about new clippings that match (issue 16 point 6)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from archive import services, tasks
from archive.forms import search_from_params
from archive.models import SavedSearch
from gabinete.models import Delivery, Membership, Notification, NotificationPreference, OutgoingEmail
from tests.archive.factories import ClippingFactory
from tests.conftest import SANTIAGO
from tests.gabinete import mail_helpers
from tests.gabinete.mail_helpers import deliver_outbox

smtp_server = mail_helpers.smtp_server  # the fixture

AGUAS = {"q": "aguas antofagasta", "tono": "negativo"}


@pytest.fixture
def aseo(user_factory):
    return user_factory("enlace", "aseo", username="enlace.aseo")


@pytest.fixture
def aseo_director(user_factory):
    return user_factory("director", "aseo", username="director.aseo")


@pytest.fixture
def transito(user_factory):
    return user_factory("enlace", "transito-y-transporte-publico", username="enlace.transito")


def _clipping(headline: str, *, tone: str = "negativo", units=("aseo",)):
    return ClippingFactory(headline=headline, tone=tone, directorates=list(units))


def _ids(user, params) -> list[int]:
    return list(search_from_params(user, params).queryset.values_list("pk", flat=True))


def _save(user, name="Aguas Antofagasta", params=AGUAS, **kwargs) -> SavedSearch:
    return services.saved_search_create(by=user, name=name, params=params, **kwargs)


# --- saving and reopening --------------------------------------------------------------------------


def test_a_saved_search_reopens_with_the_same_results_as_the_original(client, aseo):
    wanted = _clipping("Aguas Antofagasta corta el suministro en La Chimba")
    _clipping("Aguas Antofagasta anuncia inversiones", tone="positivo")
    _clipping("Microbasurales en el centro")
    client.force_login(aseo)
    original = client.get(reverse("archive:index"), AGUAS)
    response = client.post(reverse("archive:saved-search-create"), {**AGUAS, "name": "Aguas Antofagasta"})
    search = SavedSearch.objects.get(owner=aseo)
    assert response.status_code == 302 and search.query == AGUAS

    reopened = client.get(reverse("archive:saved-search-open", args=[search.pk]), follow=True)
    assert reopened.status_code == 200
    assert reopened.redirect_chain[-1][0] == search.get_absolute_url()
    found = [c.pk for c in reopened.context["page"].object_list]
    assert found == [c.pk for c in original.context["page"].object_list] == [wanted.pk]
    assert _ids(aseo, search.query) == [wanted.pk]


def test_the_page_number_and_unknown_parameters_are_not_saved(client, aseo):
    client.force_login(aseo)
    client.post(reverse("archive:saved-search-create"), {**AGUAS, "pagina": "3", "otra": "x", "name": "Aguas"})
    assert SavedSearch.objects.get().query == AGUAS


def test_the_search_page_offers_to_save_the_search_with_its_filters(client, aseo):
    client.force_login(aseo)
    page = client.get(reverse("archive:index"), AGUAS).content.decode()
    assert "Guardar esta búsqueda" in page
    assert 'name="q" value="aguas antofagasta"' in page and 'name="tono" value="negativo"' in page


def test_a_name_already_used_by_the_same_owner_is_refused_in_spanish_and_keeps_the_filters(client, aseo, transito):
    _save(aseo)
    _save(transito)  # another person may use the same name
    client.force_login(aseo)
    response = client.post(reverse("archive:saved-search-create"), {**AGUAS, "name": "  aguas   ANTOFAGASTA "})
    assert response.status_code == 400
    assert "Ya tiene una búsqueda guardada llamada «aguas ANTOFAGASTA»" in response.content.decode()
    assert 'name="q" value="aguas antofagasta"' in response.content.decode(), "the search is not lost"
    assert SavedSearch.objects.filter(owner=aseo).count() == 1


def test_an_empty_name_is_refused(client, aseo):
    client.force_login(aseo)
    response = client.post(reverse("archive:saved-search-create"), {**AGUAS, "name": "   "})
    assert response.status_code == 400
    assert not SavedSearch.objects.exists()


def test_renaming_to_a_name_in_use_is_refused(aseo):
    _save(aseo, name="Aguas")
    other = _save(aseo, name="Basura")
    with pytest.raises(ValidationError, match="Ya tiene una búsqueda guardada"):
        services.saved_search_rename(search=other, name="AGUAS", by=aseo)
    services.saved_search_rename(search=other, name="Basura en La Chimba", by=aseo)
    assert SavedSearch.objects.get(pk=other.pk).name == "Basura en La Chimba"


def test_only_the_owner_renames_shares_and_deletes(aseo, aseo_director):
    search = _save(aseo)
    services.saved_search_share(search=search, directorate=aseo.memberships.get().directorate, by=aseo)
    for change in (
        lambda: services.saved_search_rename(search=search, name="Mía", by=aseo_director),
        lambda: services.saved_search_share(search=search, directorate=None, by=aseo_director),
        lambda: services.saved_search_delete(search=search, by=aseo_director),
    ):
        with pytest.raises(PermissionDenied):
            change()
    services.saved_search_delete(search=search, by=aseo)
    assert not SavedSearch.objects.exists()


# --- sharing and who sees what ----------------------------------------------------------------------


def test_a_private_search_is_its_owners_only(client, aseo, aseo_director, gabinete_user):
    search = _save(aseo)
    for person in (aseo_director, gabinete_user):
        client.force_login(person)
        assert client.get(reverse("archive:saved-search-open", args=[search.pk])).status_code == 404
        assert client.post(reverse("archive:saved-search-follow", args=[search.pk])).status_code == 404
        assert "Aguas Antofagasta" not in client.get(reverse("archive:saved-search-list")).content.decode()


def test_shared_with_a_directorate_its_people_see_and_follow_it_and_others_get_404(
    client, aseo, aseo_director, transito, gabinete_user, directorates
):
    search = _save(aseo)
    services.saved_search_share(search=search, directorate=directorates["aseo"], by=aseo)

    client.force_login(aseo_director)
    listed = client.get(reverse("archive:saved-search-list")).content.decode()
    assert "Compartidas con su dirección" in listed and "Aguas Antofagasta" in listed
    assert client.post(reverse("archive:saved-search-follow", args=[search.pk])).status_code == 302
    assert search.followers.filter(pk=aseo_director.pk).exists()
    assert client.get(reverse("archive:saved-search-edit", args=[search.pk])).status_code == 403

    client.logout()  # the previous person's messages go with their session
    client.force_login(transito)
    assert client.get(reverse("archive:saved-search-open", args=[search.pk])).status_code == 404
    assert client.post(reverse("archive:saved-search-follow", args=[search.pk])).status_code == 404
    assert "Aguas Antofagasta" not in client.get(reverse("archive:saved-search-list")).content.decode()

    client.force_login(gabinete_user)  # reads the whole archive: sees every shared search
    assert client.get(reverse("archive:saved-search-open", args=[search.pk])).status_code == 302


def test_a_search_is_shared_only_with_one_of_the_owners_directorates(client, aseo, directorates):
    search = _save(aseo)
    with pytest.raises(ValidationError, match="una dirección a la que usted pertenece"):
        services.saved_search_share(search=search, directorate=directorates["transito-y-transporte-publico"], by=aseo)
    client.force_login(aseo)
    response = client.post(
        reverse("archive:saved-search-share", args=[search.pk]),
        {"shared_with": directorates["transito-y-transporte-publico"].pk},
    )
    assert response.status_code == 400 and "Escoja una opción válida" in response.content.decode()
    assert SavedSearch.objects.get(pk=search.pk).shared_with is None


def test_stopping_sharing_hides_it_again(client, aseo, aseo_director, directorates):
    search = _save(aseo)
    services.saved_search_share(search=search, directorate=directorates["aseo"], by=aseo)
    client.force_login(aseo)
    assert client.post(reverse("archive:saved-search-share", args=[search.pk]), {"shared_with": ""}).status_code == 302
    client.force_login(aseo_director)
    assert client.get(reverse("archive:saved-search-open", args=[search.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, aseo):
    search = _save(aseo)
    for url in (reverse("archive:saved-search-list"), reverse("archive:saved-search-open", args=[search.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- following -------------------------------------------------------------------------------------


def test_follow_and_unfollow_from_the_list(client, aseo):
    search = _save(aseo, follow=False)
    client.force_login(aseo)
    listed = client.get(reverse("archive:saved-search-list")).content.decode()
    assert "Sigue 0 búsquedas" in listed
    client.post(
        reverse("archive:saved-search-follow", args=[search.pk]), {"next": reverse("archive:saved-search-list")}
    )
    assert list(search.followers.all()) == [aseo]
    assert "Sigue 1 búsqueda:" in client.get(reverse("archive:saved-search-list")).content.decode()
    response = client.post(
        reverse("archive:saved-search-unfollow", args=[search.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("archive:saved-search-list"), "no redirect to another site"
    assert not search.followers.exists()


def test_the_list_is_a_fixed_number_of_queries(client, aseo, directorates, django_assert_max_num_queries):
    for n in range(6):
        _save(aseo, name=f"Búsqueda {n}", params={"q": f"palabra{n}", "direccion": str(directorates["aseo"].pk)})
    client.force_login(aseo)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("archive:saved-search-list"))
    assert response.content.decode().count('class="card mb-2 saved-search"') == 6
    assert "Dirección: " in response.content.decode()


# --- the alerts --------------------------------------------------------------------------------------


def _notices(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind="archive.saved_search_match"))


def test_new_matching_clippings_are_announced_once_to_each_follower(clock, aseo, aseo_director, directorates):
    clock.move_to(datetime(2026, 11, 18, 9, 0, tzinfo=SANTIAGO))
    _clipping("Aguas Antofagasta: corte anterior")  # in the archive before saving: never announced
    search = _save(aseo)
    services.saved_search_share(search=search, directorate=directorates["aseo"], by=aseo)
    services.saved_search_follow(search=search, by=aseo_director)

    clock.move_to(datetime(2026, 11, 18, 9, 20, tzinfo=SANTIAGO))
    for n in range(3):
        _clipping(f"Aguas Antofagasta corta el agua en el sector {n}")
    _clipping("Aguas Antofagasta premiada", tone="positivo")  # does not match the tone
    assert services.saved_searches_announce() == 2

    for person in (aseo, aseo_director):
        [notice] = _notices(person)
        assert notice.title == "3 recortes nuevos para «Aguas Antofagasta»"
        assert parse_qs(urlparse(notice.url).query) == {"q": ["aguas antofagasta"], "tono": ["negativo"]}
        assert notice.delivery == Delivery.EMAIL and notice.emailed_at is not None
    assert services.saved_searches_announce() == 0, "running again tells nobody twice"
    assert tasks.announce_saved_searches.call() == 0
    assert len(_notices(aseo)) == 1


def test_a_clipping_that_does_not_match_announces_nothing(aseo):
    search = _save(aseo)
    _clipping("Microbasurales en La Chimba")
    _clipping("Aguas Antofagasta celebra aniversario", tone="positivo")
    assert services.saved_searches_announce() == 0
    assert _notices(aseo) == []
    assert SavedSearch.objects.get(pk=search.pk).announced_up_to > search.announced_up_to, "the mark moves on"


def test_each_follower_is_told_only_about_clippings_they_may_read(aseo, transito, gabinete_user, directorates):
    search = _save(gabinete_user, params={"q": "aguas antofagasta"})
    services.saved_search_share(
        search=search, directorate=directorates["transito-y-transporte-publico"], by=gabinete_user
    )
    services.saved_search_follow(search=search, by=transito)
    _clipping("Aguas Antofagasta rompe matriz en la costanera", units=("aseo",))  # not Tránsito's
    services.saved_searches_announce()
    assert [n.title for n in _notices(gabinete_user)] == ["1 recorte nuevo para «Aguas Antofagasta»"]
    assert _notices(transito) == []


def test_a_follower_who_left_the_directorate_is_not_told(aseo, aseo_director, directorates):
    search = _save(aseo)
    services.saved_search_share(search=search, directorate=directorates["aseo"], by=aseo)
    services.saved_search_follow(search=search, by=aseo_director)
    Membership.objects.filter(user=aseo_director).update(directorate=directorates["transito-y-transporte-publico"])
    _clipping("Aguas Antofagasta corta el agua", units=("aseo", "transito-y-transporte-publico"))
    services.saved_searches_announce()
    assert len(_notices(aseo)) == 1
    assert _notices(aseo_director) == []


def test_a_follower_who_prefers_the_digest_gets_it_there_and_no_email(aseo, mailoutbox):
    NotificationPreference.objects.create(user=aseo, kind="archive.saved_search_match", delivery=Delivery.DIGEST)
    _save(aseo)
    _clipping("Aguas Antofagasta corta el agua")
    services.saved_searches_announce()
    [notice] = _notices(aseo)
    assert notice.delivery == Delivery.DIGEST and notice.emailed_at is None
    assert not OutgoingEmail.objects.exists()


def _queries_to_announce(search, followers, user_factory, prefix: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(followers):
        person = user_factory("enlace", "aseo", username=f"{prefix}{n}")
        NotificationPreference.objects.create(user=person, kind="archive.saved_search_match", delivery=Delivery.WEB)
        services.saved_search_follow(search=search, by=person)
    for n in range(3):
        _clipping(f"Aguas Antofagasta sin agua {prefix} {n}")
    with CaptureQueriesContext(connection) as queries:
        assert services.saved_searches_announce() == search.followers.count()
    return len(queries)


def test_the_alerts_cost_the_same_queries_for_one_follower_or_many(aseo, user_factory, directorates):
    search = _save(aseo, follow=False)
    services.saved_search_share(search=search, directorate=directorates["aseo"], by=aseo)
    one = _queries_to_announce(search, 1, user_factory, "uno")
    many = _queries_to_announce(search, 12, user_factory, "varios")
    assert many == one, "a query per follower crept in"


@pytest.mark.django_db(transaction=True)
def test_the_alert_arrives_by_email_through_a_real_smtp_server(clock, smtp_server, user_factory, settings):
    clock.move_to(datetime(2026, 11, 18, 9, 0, tzinfo=SANTIAGO))
    settings.SITE_URL = "https://intranet.example.invalid"
    person = user_factory("enlace", "aseo", username="enlace.aseo", email="enlace.aseo@example.invalid")
    search = _save(person)
    _clipping("Aguas Antofagasta corta el suministro")
    _clipping("Aguas Antofagasta y un nuevo corte")
    assert tasks.announce_saved_searches.call() == 1
    deliver_outbox()
    [got] = smtp_server.received
    assert got.recipients == ["enlace.aseo@example.invalid"]
    assert got.message["Subject"] == "2 recortes nuevos para «Aguas Antofagasta»"
    [notice] = _notices(person)
    link = f"https://intranet.example.invalid{reverse('gabinete:notification-open', args=[notice.pk])}"
    assert link in got.text
    assert notice.url == search.get_absolute_url()


def test_the_bell_counts_unread_notices_on_every_page(client, aseo, django_assert_max_num_queries):
    # Three notices: Spanish's plural rule computes `n % 1000000` for a number other than one.
    for name in ("Aguas", "Aguas Antofagasta", "Cortes de agua"):
        _save(aseo, name=name)
    _clipping("Aguas Antofagasta sin agua")
    services.saved_searches_announce()
    client.force_login(aseo)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("archive:saved-search-list")).content.decode()
    assert "Notificaciones: 3 sin leer" in page
