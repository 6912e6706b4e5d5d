"""The forwardings awaiting an answer (archive/queues.py) on the core's queue pattern: Gabinete sees
them all, a directorate only its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.models import ForwardingStatus
from archive.queues import FORWARDING_QUEUE
from tests.archive.factories import ClippingFactory, ForwardingFactory

LIST = reverse("archive:forwarding-list")


def _forward(directorate, headline, *, due=5, answered_by=None, days_ago=0):
    fields = {}
    if answered_by is not None:
        fields = {
            "status": ForwardingStatus.ANSWERED,
            "answer": "Se limpió el sector.",
            "answered_by": answered_by,
            "answered_at": timezone.now(),
        }
    return ForwardingFactory(
        clipping=ClippingFactory(headline=headline),
        directorate=directorate,
        due_on=timezone.localdate() + timedelta(days=due),
        created_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


@pytest.fixture
def aseo_liaison(user_factory):
    return user_factory("enlace", "aseo", username="enlace.aseo")


@pytest.mark.date_sensitive
def test_the_queue_filters_sorts_counts_and_pages_keeping_the_filters(
    client, gabinete_user, aseo_liaison, directorates
):
    aseo, transito = directorates["aseo"], directorates["transito-y-transporte-publico"]
    _forward(aseo, "Microbasural en La Chimba", due=-2, days_ago=10)
    _forward(aseo, "Poda pendiente", due=3, days_ago=1)
    _forward(transito, "Semáforo apagado", due=1, days_ago=4)
    _forward(aseo, "Respondida de Aseo", due=-5, answered_by=aseo_liaison, days_ago=20)
    client.force_login(gabinete_user)
    text = client.get(LIST).text  # opens on those without an answer
    assert "3 derivaciones con estos filtros" in text and "Respondida de Aseo" not in text
    assert "Sin responder (3)" in text and "Respondidas (1)" in text
    assert "Solo fuera de plazo (1)" in text and "Fuera de plazo</span>" in text
    table = text[text.index("queue-table") :]
    assert table.index("Microbasural") < table.index("Semáforo") < table.index("Poda")  # due date first
    everything = client.get(LIST, {"estado": ""}).text
    assert "4 derivaciones" in everything and "Se limpió el sector." in everything
    overdue = client.get(LIST, {"estado": "", "vencidas": "1"}).text
    assert "1 derivación con estos filtros" in overdue and "Microbasural" in overdue  # an answered one is not late
    one = client.get(LIST, {"direccion": "transito-y-transporte-publico"}).text
    assert "1 derivación con estos filtros" in one and "Semáforo apagado" in one
    since = (timezone.localdate() - timedelta(days=5)).isoformat()
    recent = client.get(LIST, {"derivada_desde": since, "orden": "-derivada"}).text
    assert "2 derivaciones" in recent and recent.index("Poda") < recent.index("Semáforo")
    FORWARDING_QUEUE.per_page, saved = 1, FORWARDING_QUEUE.per_page
    try:
        paged = client.get(LIST, {"orden": "-plazo", "direccion": "aseo"})
    finally:
        FORWARDING_QUEUE.per_page = saved
    pager = paged.text[paged.text.index('id="pager-next"') :][:300]
    assert "orden=-plazo" in pager and "direccion=aseo" in pager
    assert "pagina=2" in pager


def test_a_directorate_sees_only_its_own_forwardings(client, aseo_liaison, directorates):
    _forward(directorates["aseo"], "Microbasural en La Chimba")
    _forward(directorates["transito-y-transporte-publico"], "Semáforo apagado")
    client.force_login(aseo_liaison)
    text = client.get(LIST).text
    assert "Microbasural en La Chimba" in text and "Semáforo apagado" not in text
    assert "1 derivación con estos filtros" in text
    asked = client.get(LIST, {"direccion": "transito-y-transporte-publico"}).text
    assert "Semáforo apagado" not in asked


def test_the_archive_nav_links_the_queue(client, aseo_liaison):
    client.force_login(aseo_liaison)
    assert f'href="{LIST}"' in client.get(reverse("archive:index")).text


@pytest.mark.parametrize("rows", [1, 20])
def test_the_queue_costs_the_same_for_1_and_20_rows(
    client, gabinete_user, directorates, django_assert_num_queries, rows
):
    for i in range(rows):
        _forward(directorates["aseo" if i % 2 else "transito-y-transporte-publico"], f"Recorte {i}", due=i - 3)
    client.force_login(gabinete_user)
    client.get(LIST)
    with django_assert_num_queries(8):
        assert client.get(LIST, {"orden": "-derivada"}).status_code == 200
