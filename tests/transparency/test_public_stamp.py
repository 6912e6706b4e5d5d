"""The public stamps of Transparencia Activa and of the lobby register live in the shared cache
(`gabinete.conditional.shared_stamp`): a cached page asks no query, and a publication or a checked
lobby record changes the page at the next request (the services forget the stamp)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from protocol.public import LOBBY_STAMP_KEY
from transparency.services import PUBLIC_STAMP_KEY

from .factories import published
from .test_public import last_month

SANTIAGO = ZoneInfo("America/Santiago")


@pytest.mark.date_sensitive
@pytest.mark.parametrize(
    "path",
    [
        "/transparencia-activa/",
        "/transparencia-activa/d/",
        "month",
        "/transparencia-activa/lobby/",
        "/transparencia-activa/lobby/audiencias.csv",
        "/transparencia-activa/lobby/audiencias.json",
    ],
)
def test_a_public_page_already_cached_asks_no_query(client, catalogue, people, path, django_assert_num_queries):
    period = last_month()
    published(catalogue[("d", "planta")], period, people)
    if path == "month":
        path = f"/transparencia-activa/d/{period.year}/{period.month}/"
    assert client.get(path).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200


@pytest.mark.date_sensitive
def test_the_transparency_stamp_is_kept_in_the_shared_cache_and_a_publication_forgets_it(client, catalogue, people):
    client.get("/transparencia-activa/d/")
    assert cache.get(PUBLIC_STAMP_KEY) is not None
    published(catalogue[("d", "planta")], last_month(), people)
    assert cache.get(PUBLIC_STAMP_KEY) is None
    assert "González" in client.get("/transparencia-activa/d/").text


def test_an_item_saved_outside_the_services_forgets_the_stamp(client, catalogue):
    client.get("/transparencia-activa/")
    item = catalogue[("d", "planta")].item
    item.name = "Personal de planta y contrata"
    item.save()
    assert cache.get(PUBLIC_STAMP_KEY) is None
    assert "Personal de planta y contrata" in client.get("/transparencia-activa/").text


def test_a_checked_lobby_record_reaches_the_cached_public_register_at_the_next_request(client, gabinete_user, clock):
    from protocol import services
    from tests.protocol import factories

    clock.move_to(datetime(2026, 11, 10, 9, 0, tzinfo=SANTIAGO))
    client.get("/transparencia-activa/lobby/")
    assert cache.get(LOBBY_STAMP_KEY) is not None
    gift = factories.LobbyGiftFactory(description="Cuadro de la Portada")
    services.lobby_record_check(record=gift, by=gabinete_user)
    assert cache.get(LOBBY_STAMP_KEY) is None
    assert "Cuadro de la Portada" in client.get("/transparencia-activa/lobby/").text
