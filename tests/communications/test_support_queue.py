"""The support requests on the core's queue pattern (communications/queues.py), and Gabinete's bulk
«Asignar a …» (gabinete/bulk.py through services.support_request_assign)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from communications import services
from communications.models import SupportKind, SupportStatus
from communications.queues import SUPPORT_QUEUE
from gabinete.bulk import token_of
from gabinete.models import Activity
from tests.communications.factories import SupportRequestFactory

LIST = reverse("communications:support-list")
BULK = reverse("communications:support-bulk")


def _name(user):
    return user.get_full_name() or user.username


@pytest.mark.date_sensitive
def test_the_queue_filters_sorts_counts_and_pages_keeping_the_filters(client, chief, press, directorates):
    today = timezone.localdate()
    aseo, transito = directorates["aseo"], directorates["transito-y-transporte-publico"]
    late = SupportRequestFactory(directorate=aseo, title="Atrasada de Aseo", needed_by=today - timedelta(days=2))
    SupportRequestFactory(directorate=aseo, title="Pieza de Aseo", kind=SupportKind.GRAPHIC, assignee=press)
    SupportRequestFactory(directorate=transito, title="Redes de Tránsito", kind=SupportKind.SOCIAL)
    SupportRequestFactory(
        directorate=transito, title="Hecha y vencida", status=SupportStatus.DONE, needed_by=today - timedelta(days=9)
    )
    client.force_login(chief)
    text = client.get(LIST).text  # opens on the open ones
    assert "3 solicitudes con estos filtros" in text and "Hecha y vencida" not in text
    assert "Abiertas (solicitadas o aceptadas) (3)" in text and "Realizada (1)" in text
    assert "Sin asignar (2)" in text and f"{_name(press)} (1)" in text
    assert "Solo vencidas (1)" in text and "Pieza gráfica (1)" in text
    table = text[text.index("queue-table") :]
    assert table.index("Atrasada de Aseo") < table.index("Pieza de Aseo")  # needed-by, soonest first
    assert "Vencida" in table[table.index("Atrasada de Aseo") :][:2000]

    everything = client.get(LIST, {"estado": ""}).text
    assert "4 solicitudes con estos filtros" in everything and "Hecha y vencida" in everything
    assert "4 solicitudes" in client.get(LIST, {"estado": "todas"}).text  # the old address still works
    overdue = client.get(LIST, {"vencidas": "1"}).text
    assert "1 solicitud con estos filtros" in overdue and "Atrasada de Aseo" in overdue
    assert "Hecha y vencida" not in client.get(LIST, {"estado": "", "vencidas": "1"}).text  # done is not overdue
    nobody = client.get(LIST, {"asignada": "ninguno", "direccion": "aseo"}).text
    assert "1 solicitud con estos filtros" in nobody and late.title in nobody
    dated = client.get(LIST, {"necesita_hasta": today.isoformat()}).text
    assert "1 solicitud con estos filtros" in dated
    by_request = client.get(LIST, {"orden": "-solicitada"}).text
    assert by_request.index("Redes de Tránsito") < by_request.index("Atrasada de Aseo")  # newest request first
    wrong = client.get(LIST, {"necesita_desde": "ayer", "asignada": "quien"}).text
    assert "no es válida" in wrong and "no es una opción" in wrong and "3 solicitudes" in wrong

    SUPPORT_QUEUE.per_page, saved = 1, SUPPORT_QUEUE.per_page
    try:
        paged = client.get(LIST, {"orden": "-necesita", "tipo": "cobertura", "estado": ""})
    finally:
        SUPPORT_QUEUE.per_page = saved
    pager = paged.text[paged.text.index('id="pager-next"') :][:300]
    assert "orden=-necesita" in pager and "tipo=cobertura" in pager and "pagina=2" in pager


def test_a_directorate_sees_only_its_own_and_no_bulk(client, liaison, directorates):
    SupportRequestFactory(directorate=directorates["aseo"], title="Propia de Aseo")
    SupportRequestFactory(directorate=directorates["transito-y-transporte-publico"], title="De Tránsito")
    client.force_login(liaison)
    text = client.get(LIST).text
    assert "Propia de Aseo" in text and "De Tránsito" not in text
    assert 'id="queue-bulk"' not in text
    assert client.post(BULK, {"accion": "asignar-nadie", "seleccion": ["1"]}).status_code == 403


@pytest.mark.parametrize("rows", [1, 20])
def test_the_queue_costs_the_same_for_1_and_20_rows(client, chief, directorates, django_assert_num_queries, rows):
    for i in range(rows):
        SupportRequestFactory(directorate=directorates["aseo" if i % 2 else "transito-y-transporte-publico"])
    client.force_login(chief)
    client.get(LIST)  # warm the session
    with django_assert_num_queries(11):
        assert client.get(LIST, {"orden": "-solicitada"}).status_code == 200


def _confirm(client, rows, action, tokens=None):
    data = {"accion": action, "seleccion": [r.pk for r in rows], "confirmar": "1", "volver": LIST}
    for r in rows:
        data[f"token-{r.pk}"] = (tokens or {}).get(r.pk, token_of(r))
    return client.post(BULK, data)


def test_the_list_offers_one_assign_action_per_person_of_gabinete(client, chief, press, liaison, directorates):
    SupportRequestFactory(directorate=directorates["aseo"])
    client.force_login(chief)
    text = client.get(LIST).text
    bulk = text[text.index('id="queue-bulk"') :][:2000]
    assert f"Asignar a {_name(press)}" in bulk and f"Asignar a {_name(chief)}" in bulk
    assert "Dejar sin asignar" in bulk and _name(liaison) not in bulk


def test_the_confirmation_lists_what_will_change_and_changes_nothing(client, chief, press, directorates):
    one = SupportRequestFactory(directorate=directorates["aseo"], title="Cobertura feria")
    two = SupportRequestFactory(directorate=directorates["aseo"], title="Afiche", assignee=press)
    client.force_login(chief)
    page = client.post(BULK, {"accion": f"asignar-{press.pk}", "seleccion": [one.pk, two.pk], "volver": LIST}).text
    assert "Cobertura feria" in page and f"Sin asignar → {_name(press)}" in page
    assert f"ya está a cargo de {_name(press)}" in page
    one.refresh_from_db()
    assert one.assignee is None


def test_bulk_assign_goes_through_the_service_each_row_logged_and_a_stale_one_reported(
    client, chief, press, directorates
):
    rows = [SupportRequestFactory(directorate=directorates["aseo"], title=f"Pedido {i}") for i in range(3)]
    stale = rows[2]
    client.force_login(chief)
    tokens = {stale.pk: token_of(stale)}
    services.support_request_assign(request=stale, by=chief, assignee=chief, expected_version=stale.version)
    response = _confirm(client, rows, f"asignar-{press.pk}", tokens)
    assert response.status_code == 302 and response.url == LIST
    for r in rows:
        r.refresh_from_db()
    assert rows[0].assignee == press and rows[1].assignee == press and stale.assignee == chief
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("aplicada a 2" in t for t in texts) and any("Pedido 2" in t and "Cambió" in t for t in texts)
    logged = Activity.objects.filter(verb=services.SUPPORT_ASSIGNED.code, actor=chief)
    assert logged.count() == 3  # two by the bulk action, one by hand before it


def test_bulk_unassign_and_a_request_of_another_scope_is_not_found(client, chief, press, directorates):
    mine = SupportRequestFactory(directorate=directorates["aseo"], assignee=press)
    client.force_login(chief)
    _confirm(client, [mine], "asignar-nadie")
    mine.refresh_from_db()
    assert mine.assignee is None
    assert client.post(BULK, {"accion": "asignar-999999", "seleccion": [mine.pk]}).status_code == 302
