"""The office's review queues (gabinete/office/queues.py) on the core's list pattern: the matters waiting
for the Alcalde with Gabinete's bulk grouping for the next dispatch meeting, and the job descriptors'
versions under review."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gabinete.bulk import token_of
from gabinete.models import Activity
from gabinete.office import queues as office_queues
from gabinete.office import services
from gabinete.office.models import DocumentStatus, JobDescriptorVersion, Matter, MatterStatus
from tests.office.factories import DESCRIPTOR_DATA, make_descriptor, make_matter, pdf_upload

MATTERS = reverse("office:matter-list")
BULK = reverse("office:matter-bulk")
REVIEW = reverse("office:descriptor-review-queue")


def _table(text: str) -> str:
    return text[text.index("queue-table") :]


@pytest.mark.date_sensitive
def test_the_matters_queue_filters_sorts_counts_and_pages_keeping_the_filters(client, people, directorates):
    for i in range(6):
        make_matter(directorates["aseo"], people["aseo"], subject=f"Aseo {i}", urgency=3)
    make_matter(
        directorates["aseo"],
        people["aseo"],
        subject="Basural urgente",
        urgency=1,
        attachments=[(pdf_upload(), "Informe")],
    )
    make_matter(directorates["transito-y-transporte-publico"], people["transito"], subject="Semáforo", urgency=2)
    scheduled = make_matter(directorates["aseo"], people["aseo"], subject="Contenedores", urgency=3)
    services.matter_schedule(
        matter=scheduled, meeting_date=timezone.localdate() + timedelta(days=3), by=people["gabinete"]
    )
    client.force_login(people["gabinete"])
    text = client.get(MATTERS).text
    assert "9 asuntos pendientes" in text
    assert "Aseo (8)" in text or "Dirección de Aseo (8)" in text
    assert "Urgente (1)" in text and "Alta (1)" in text and "Normal (7)" in text
    assert "Preparado para despacho (1)" in text
    assert "Solo sin reunión de despacho (8)" in text
    table = _table(text)
    assert table.index("Basural urgente") < table.index("Semáforo") < table.index("Aseo 0")  # urgency first
    assert "1 antecedente adjunto" in table and "0 días esperando" in table
    # Sorting by the date raised, newest first.
    newest = _table(client.get(MATTERS, {"orden": "-presentado"}).text)
    assert newest.index("Contenedores") < newest.index("Aseo 0")
    # A filter narrows the rows and the other filters' counts.
    urgent = client.get(MATTERS, {"urgencia": "1"}).text
    assert "1 asunto pendiente" in urgent and "Semáforo" not in _table(urgent)
    flag = client.get(MATTERS, {"sin_despacho": "1"}).text
    assert "8 asuntos pendientes" in flag and "Contenedores" not in _table(flag)
    # Pagination keeps the filters and the sort.
    queue = office_queues.PENDING_MATTER_QUEUE
    queue.per_page, saved = 3, queue.per_page
    try:
        paged = client.get(MATTERS, {"orden": "presentado", "sin_despacho": "1", "urgencia": "3"}).text
    finally:
        queue.per_page = saved
    pager = paged[paged.index('id="pager-next"') :][:300]
    assert "orden=presentado" in pager and "sin_despacho=1" in pager and "urgencia=3" in pager
    assert "pagina=2" in pager


def test_the_decided_tab_keeps_its_tab_when_filtering(client, people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"], subject="Feria resuelta")
    services.matter_decide(matter=matter, decision="aprobado", by=people["alcalde"])
    make_matter(directorates["aseo"], people["aseo"], subject="Todavía pendiente")
    client.force_login(people["gabinete"])
    text = client.get(MATTERS, {"estado": "resueltos"}).text
    assert "1 asunto resuelto" in text and "Feria resuelta" in text and "Todavía pendiente" not in _table(text)
    form = text[text.index('class="queue-filters') :]
    form = form[: form.index("</form>")]
    assert '<input type="hidden" name="estado" value="resueltos">' in form
    assert 'id="queue-bulk"' not in text  # nothing to group among decided matters


def _count_queries(client, url, **params) -> int:
    client.get(url, params)  # the first request of a session warms its caches (session, menus)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_the_matters_queue_costs_the_same_with_1_or_20_rows(client, people, directorates):
    make_matter(directorates["aseo"], people["aseo"], subject="Uno", attachments=[(pdf_upload(), "")])
    client.force_login(people["gabinete"])
    one = _count_queries(client, MATTERS, sin_despacho="1")
    for i in range(19):
        make_matter(
            directorates["aseo"] if i % 2 else directorates["transito-y-transporte-publico"],
            people["aseo"] if i % 2 else people["transito"],
            subject=f"Asunto {i}",
            urgency=1 + i % 3,
            attachments=[(pdf_upload(), "")] if i % 4 == 0 else None,
        )
    assert _count_queries(client, MATTERS, sin_despacho="1") == one


def test_gabinete_groups_several_matters_for_the_next_meeting_and_a_refused_row_is_reported(
    client, people, directorates
):
    matters = [make_matter(directorates["aseo"], people["aseo"], subject=f"Asunto {i}") for i in range(3)]
    asked = services.matter_request_info(matter=matters[2], question="¿Presupuesto?", by=people["gabinete"])
    client.force_login(people["gabinete"])
    listing = client.get(MATTERS).text
    assert 'id="queue-bulk"' in listing and "Agrupar para la próxima reunión de despacho" in listing
    chosen = [matters[0], matters[1], asked]
    confirm = client.post(BULK, {"accion": "agrupar", "seleccion": [m.pk for m in chosen]})
    next_date = services.next_meeting_date()
    assert confirm.text.count("→ Preparado para despacho, para el despacho del") == 3
    assert f"{next_date:%d-%m-%Y}" in confirm.text
    assert "el asunto está" in confirm.text  # the one asked for more is refused by the workflow
    before = Activity.objects.count()
    data = {"accion": "agrupar", "seleccion": [m.pk for m in chosen], "confirmar": "1"}
    data.update({f"token-{m.pk}": token_of(Matter.objects.get(pk=m.pk)) for m in chosen})
    response = client.post(BULK, data)
    assert response.status_code == 302
    statuses = dict(Matter.objects.values_list("pk", "status"))
    assert [statuses[m.pk] for m in chosen] == [MatterStatus.READY, MatterStatus.READY, MatterStatus.INFO_REQUESTED]
    assert set(
        Matter.objects.filter(pk__in=[matters[0].pk, matters[1].pk]).values_list("meeting__date", flat=True)
    ) == {next_date}
    assert Activity.objects.count() - before >= 2  # each grouped matter logged by its service
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "aplicada a 2" in text and "«Asunto 2»" in text


def test_a_directorate_cannot_group_matters_in_bulk(client, people, directorates):
    matter = make_matter(directorates["aseo"], people["aseo"])
    client.force_login(people["aseo"])
    assert 'id="queue-bulk"' not in client.get(MATTERS).text
    assert client.post(BULK, {"accion": "agrupar", "seleccion": [matter.pk]}).status_code == 403
    assert Matter.objects.get(pk=matter.pk).status == MatterStatus.SUBMITTED


def _version(people, *, position: str, unit: str = "Protocolo", overdue: bool = False, submit: bool = True):
    due = timezone.localdate() + timedelta(days=-5 if overdue else 200)
    descriptor = make_descriptor(people["gabinete"], position=position, unit=unit, review_due_on=due)
    version = services.descriptor_version_create(
        descriptor=descriptor,
        data={**DESCRIPTOR_DATA, "change_summary": f"Cambios de {position}"},
        by=people["gabinete"],
    )
    if submit:
        version = services.descriptor_version_submit(version=version, by=people["protocolo"])
    return version


@pytest.mark.date_sensitive
def test_the_descriptor_review_queue_filters_sorts_counts_and_pages_keeping_the_filters(client, people):
    _version(people, position="Encargado/a de Protocolo")
    late = _version(people, position="Periodista", unit="Prensa", overdue=True)
    returned = _version(people, position="Secretaria", unit="Secretaría")
    services.descriptor_version_review(
        version=returned,
        accepted=False,
        observations="Faltan funciones",
        by=people["personas"],
    )
    _version(people, position="Borrador", submit=False)  # a draft: not in the queue
    client.force_login(people["gabinete"])
    text = client.get(REVIEW).text
    assert "3 versiones en revisión" in text and "Borrador" not in _table(text)
    assert "Protocolo (1)" in text and "Prensa (1)" in text
    assert "En revisión de Gestión de Personas (2)" in text and "Observada por Gestión de Personas (1)" in text
    assert "Matías Fuentes (3)" in text  # who sent them
    assert "Solo con la revisión anual vencida (1)" in text
    table = _table(text)
    assert "Cambios de Periodista" in table and "v1" in table and "días en este estado" in table
    assert "Faltan funciones" in table
    flag = client.get(REVIEW, {"vencidas": "1"}).text
    assert "1 versión en revisión" in flag and "Periodista" in _table(flag)
    by_post = _table(client.get(REVIEW, {"orden": "-cargo"}).text)
    assert by_post.index("Secretaria") < by_post.index("Periodista") < by_post.index("Encargado/a")
    today = timezone.localdate().isoformat()
    dated = client.get(REVIEW, {"enviada_desde": today, "estado": DocumentStatus.IN_REVIEW}).text
    assert "2 versiones en revisión" in dated
    queue = office_queues.DESCRIPTOR_REVIEW_QUEUE
    queue.per_page, saved = 1, queue.per_page
    try:
        paged = client.get(REVIEW, {"orden": "cargo", "estado": DocumentStatus.IN_REVIEW}).text
    finally:
        queue.per_page = saved
    pager = paged[paged.index('id="pager-next"') :][:300]
    assert "orden=cargo" in pager and "estado=en_revision" in pager and "pagina=2" in pager
    assert late.pk in JobDescriptorVersion.objects.values_list("pk", flat=True)


def test_the_descriptor_review_queue_costs_the_same_with_1_or_20_rows(client, people):
    _version(people, position="Cargo 0", overdue=True)  # one row the flag keeps
    client.force_login(people["gabinete"])
    one = _count_queries(client, REVIEW, vencidas="1")
    for i in range(1, 20):
        _version(people, position=f"Cargo {i}", unit=f"Unidad {i % 3}", overdue=i % 2 == 0)
    assert _count_queries(client, REVIEW, vencidas="1") == one


def test_the_descriptor_list_links_its_review_queue(client, people):
    _version(people, position="Encargado/a de Protocolo")
    client.force_login(people["gabinete"])
    text = client.get(reverse("office:descriptor-list")).text
    assert REVIEW in text and "1 versión en revisión de Gestión de Personas" in text
