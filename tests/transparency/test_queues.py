"""The review queues of Transparencia Activa (transparency/queues.py) on the core's list pattern, their
bulk actions, and the compliance board's «solo vencidas»."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from gabinete.bulk import token_of
from gabinete.models import Activity
from tests.transparency.factories import planta_content
from transparency import services
from transparency.models import Action, Publication, Status

JURIDICA = reverse("transparency:review-queue", args=["juridica"])
GABINETE = reverse("transparency:review-queue", args=["gabinete"])


def sent(section, month: int, people) -> Publication:
    pub = services.publication_prepare(
        section=section, period=date(2026, month, 1), content=planta_content(section=section), by=people["enlace"]
    )
    return services.publication_transition(
        action=Action.SEND, publication=pub, by=people["director"], late_reason="Atraso de prueba"
    )


@pytest.fixture
def planta(catalogue):
    return catalogue[("d", "planta")]


@pytest.mark.date_sensitive
def test_the_legal_queue_filters_sorts_counts_and_pages_keeping_the_filters(client, people, planta):
    for month in range(1, 11):
        sent(planta, month, people)
    services.publication_prepare(
        section=planta, period=date(2026, 11, 1), content=planta_content(section=planta), by=people["enlace"]
    )  # a draft: not in the queue
    client.force_login(people["juridica"])
    response = client.get(JURIDICA, {"orden": "-mes"})
    text = response.text
    assert "10 cargas esperando revisión jurídica" in text
    assert "Gestión de Personas (10)" in text or "Dirección de Gestión de Personas (10)" in text
    assert "Solo vencidas (plazo del mes pasado) (10)" in text
    table = text[text.index("queue-table") :]
    # newest update month first, each row with its «información al»
    assert table.index("Actualización de octubre de 2026 — información al 30-09-2026") < table.index(
        "Actualización de enero de 2026 — información al 31-12-2025"
    )
    one = client.get(JURIDICA, {"mes": "2026-03-01"})
    assert "1 carga esperando revisión jurídica" in one.text and "Actualización de marzo de 2026 (1)" in one.text
    from transparency.queues import QUEUES

    queue = QUEUES["juridica"].queue
    queue.per_page, saved = 4, queue.per_page
    try:
        paged = client.get(JURIDICA, {"orden": "mes", "vencidas": "1"})
    finally:
        queue.per_page = saved
    pager = paged.text[paged.text.index('id="pager-next"') :][:300]
    assert "orden=mes" in pager and "vencidas=1" in pager and "pagina=2" in pager


def test_jurídica_approves_in_bulk_and_gabinete_publishes_in_bulk(client, people, planta):
    pubs = [sent(planta, month, people) for month in (8, 9, 10)]
    client.force_login(people["juridica"])
    listing = client.get(JURIDICA)
    assert 'id="queue-bulk"' in listing.text and "Aprobar" in listing.text
    chosen = pubs[:2]
    confirm = client.post(
        reverse("transparency:review-bulk", args=["juridica"]),
        {"accion": "aprobar", "seleccion": [p.pk for p in chosen]},
    )
    assert confirm.text.count("En revisión jurídica → Aprobada, por publicar") == 2
    data = {"accion": "aprobar", "seleccion": [p.pk for p in chosen], "confirmar": "1"}
    data.update({f"token-{p.pk}": token_of(p) for p in chosen})
    response = client.post(reverse("transparency:review-bulk", args=["juridica"]), data)
    assert response.status_code == 302
    statuses = dict(Publication.objects.values_list("pk", "status"))
    assert [statuses[p.pk] for p in pubs] == [Status.APPROVED, Status.APPROVED, Status.SENT]
    assert Activity.objects.filter(verb="publication.aprobar").count() == 2
    # Gabinete publishes the two approved ones at once.
    client.force_login(people["gabinete"])
    listing = client.get(GABINETE)
    assert "2 cargas aprobadas por publicar" in listing.text
    approved = list(Publication.objects.filter(status=Status.APPROVED))
    data = {"accion": "publicar", "seleccion": [p.pk for p in approved], "confirmar": "1"}
    data.update({f"token-{p.pk}": token_of(p) for p in approved})
    client.post(reverse("transparency:review-bulk", args=["gabinete"]), data)
    assert Publication.objects.filter(status=Status.PUBLISHED).count() == 2


def test_gabinete_cannot_approve_in_bulk_for_jurídica(client, people, planta):
    pub = sent(planta, 10, people)
    client.force_login(people["gabinete"])
    assert 'id="queue-bulk"' not in client.get(JURIDICA).text
    data = {"accion": "aprobar", "seleccion": [pub.pk], "confirmar": "1", f"token-{pub.pk}": token_of(pub)}
    assert client.post(reverse("transparency:review-bulk", args=["juridica"]), data).status_code == 403
    assert Publication.objects.get(pk=pub.pk).status == Status.SENT


def test_a_directorate_does_not_see_the_review_queues(client, people, planta):
    client.force_login(people["enlace"])
    assert client.get(JURIDICA).status_code == 403
    assert "Por revisar" not in client.get(reverse("transparency:board")).text
    client.force_login(people["juridica"])
    assert client.get(reverse("transparency:review-queue", args=["otra"])).status_code == 404


@pytest.mark.parametrize("months", [1, 10])
def test_the_legal_queue_costs_the_same_queries_however_many_uploads(
    client, people, planta, django_assert_max_num_queries, months
):
    for month in range(1, months + 1):
        sent(planta, month, people)
    client.force_login(people["juridica"])
    client.get(JURIDICA)
    # Session, user, memberships, navigation and bell; the chosen directorate checked; four grouped
    # counts and one aggregate; the page of rows with their sections, items and people.
    with django_assert_max_num_queries(14):
        assert client.get(JURIDICA, {"direccion": "gestion-de-personas", "orden": "item"}).status_code == 200


@pytest.mark.date_sensitive
def test_the_compliance_board_can_show_only_what_is_overdue(client, people, catalogue):
    client.force_login(people["director"])
    everything = client.get(reverse("transparency:board")).text
    only = client.get(reverse("transparency:board"), {"vencidas": "1"})
    assert only.status_code == 200 and 'name="vencidas" value="1" checked' in only.text
    assert only.text.count("<tr") <= everything.count("<tr")
    assert [str(m) for m in get_messages(only.wsgi_request)] == []
