"""Mi escritorio made for each role: what comes first for the Alcalde, the Administrador Municipal,
the Jefa de Gabinete, enlaces and directors, and everyone else (gabinete.desk.layout_for)."""

import re
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communications.models import SupportStatus
from gabinete import desk
from gabinete.models import Job, JobState
from gabinete.office import services as office_services
from indicators.jobs import REPORT
from indicators.models import MeasurementStatus
from protocol.models import EventStatus
from tests.archive.factories import ClippingFactory, ForwardingFactory
from tests.communications.factories import SupportRequestFactory
from tests.conftest import SANTIAGO
from tests.indicators.factories import IndicatorFactory, IndicatorYearFactory, measurement, open_period
from tests.office.factories import make_matter
from tests.protocol.factories import EventFactory, TaskFactory

pytestmark = pytest.mark.date_sensitive

# An ordinary Wednesday, half past nine in the morning.
MORNING = datetime(2026, 11, 18, 9, 30, tzinfo=SANTIAGO)


def at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    return (MORNING + timedelta(days=day_offset)).replace(hour=hour, minute=minute)


def sections_on(page: str) -> list[str]:
    """The keys of the sections in the order the page shows them."""
    return re.findall(r'data-section="([^"]+)"', page)


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("gabinete:home"))
    assert response.status_code == 200
    return response.text


def in_order(page: str, *texts: str) -> bool:
    positions = [page.index(t) for t in texts]
    return positions == sorted(positions)


@pytest.fixture
def alcalde(user_factory):
    return user_factory("alcalde", "gabinete-de-alcaldia", username="alcalde")


@pytest.fixture
def jefa(user_factory):
    return user_factory("gabinete", "gabinete-de-alcaldia", team="jefatura", username="jefa.gabinete")


# --- the Alcalde ----------------------------------------------------------------------------------


def test_alcalde_sees_agenda_then_briefing_then_matters_to_decide(client, clock, alcalde, user_factory, directorates):
    clock.move_to(MORNING)
    EventFactory(title="Desayuno con dirigentes", start=at(0, 8), end=at(0, 9))  # already over
    EventFactory(title="Inauguración Plaza Sotomayor", start=at(0, 10), end=at(0, 11), place_name="Plaza Sotomayor")
    EventFactory(title="Concejo Municipal", start=at(0, 15), end=at(0, 17), place_name="Sala de Concejo")
    EventFactory(title="Visita suspendida", start=at(0, 12), end=at(0, 13), status=EventStatus.CANCELLED)
    EventFactory(title="Punto de prensa", start=at(1, 9), end=at(1, 10), place_name="Edificio consistorial")
    EventFactory(title="Actividad de pasado mañana", start=at(2, 9), end=at(2, 10))
    EventFactory(title="Solo una propuesta", start=at(0, 16), end=at(0, 17), status=EventStatus.PROPOSED)
    ClippingFactory(tone="negativo")
    ClippingFactory(tone="positivo")
    gabinete = user_factory("gabinete", "gabinete-de-alcaldia")
    matter = make_matter(directorates["aseo"], user_factory("enlace", "aseo"), subject="Horario de ferias")
    office_services.matter_schedule(matter=matter, meeting_date=timezone.localdate(), by=gabinete)
    SupportRequestFactory(directorate=directorates["aseo"], needed_by=timezone.localdate(), title="Cobertura feria")

    page = home(client, alcalde)

    assert sections_on(page)[:4] == [
        "protocol.mayor_agenda",
        "archive.todays_briefing",
        "office.matters_waiting",
        "communications.support_requests_due",
    ]
    assert in_order(
        page,
        "Próxima actividad",
        "10:00–11:00",
        "Inauguración Plaza Sotomayor",
        "Plaza Sotomayor",
        "Hoy",
        "Concejo Municipal",
        "Mañana",
        "Punto de prensa",
        "Síntesis de hoy: 2 recortes",
        "1 negativo",
        "Por decidir: Horario de ferias",
    )
    for absent in ("Desayuno con dirigentes", "Visita suspendida", "pasado mañana", "Solo una propuesta"):
        assert absent not in page
    assert reverse("archive:briefing-day", kwargs={"day": "2026-11-18"}) in page
    assert "desk-compact" in page


def test_alcalde_is_told_when_the_days_briefing_has_no_clippings_yet(client, clock, alcalde):
    clock.move_to(MORNING)
    page = home(client, alcalde)
    assert sections_on(page)[0] == "archive.todays_briefing"
    assert "Aún no hay recortes de hoy" in page


def test_an_activity_under_way_is_shown_as_such(client, clock, alcalde):
    clock.move_to(MORNING)
    EventFactory(title="Reunión en curso", start=at(0, 9), end=at(0, 10))
    page = home(client, alcalde)
    assert in_order(page, "En curso", "Reunión en curso")
    assert "Próxima actividad" not in page


def test_the_agenda_and_briefing_blocks_are_the_alcaldes_alone(client, clock, jefa, user_factory):
    clock.move_to(MORNING)
    EventFactory(title="Inauguración Plaza Sotomayor", start=at(0, 10), end=at(0, 11))
    ClippingFactory()
    for person in (jefa, user_factory("administrador", "administracion-municipal")):
        keys = sections_on(home(client, person))
        assert "protocol.mayor_agenda" not in keys and "archive.todays_briefing" not in keys


# --- the Administrador Municipal ------------------------------------------------------------------


def test_administrator_sees_his_reports_first_with_state_and_last_issue(client, clock, user_factory, directorates):
    clock.move_to(MORNING)
    admin = user_factory("administrador", "administracion-municipal")
    IndicatorYearFactory(indicator=IndicatorFactory(directorate=directorates["obras-municipales"]))
    Job.objects.create(
        owner=admin,
        kind=REPORT,
        title="Informe de Gestión 2026",
        state=JobState.DONE,
        finished_at=at(-6, 12),
    )
    page = home(client, admin)
    assert sections_on(page)[:3] == [
        "indicators.management_report",
        "transparency.compliance_report",
        "office.manuals_and_descriptors",
    ]
    assert in_order(
        page,
        "Informe de Gestión 2026",
        "valores atrasados en 1 dirección",
        "Último emitido el 12-11-2026",
        "Ver el último informe",
        "Cumplimiento de la actualización de noviembre 2026",
        "plazo del mes",
        "Aún no lo ha pedido",
        "Manuales de procedimientos",
        "Descriptores de cargo",
    )
    assert reverse("indicators:report") in page and reverse("transparency:board") in page


def test_administrator_sees_only_his_own_last_report(client, clock, user_factory):
    clock.move_to(MORNING)
    admin = user_factory("administrador", "administracion-municipal")
    other = user_factory("gabinete", "gabinete-de-alcaldia")
    Job.objects.create(owner=other, kind=REPORT, title="x", state=JobState.DONE, finished_at=at(-1, 12))
    Job.objects.create(owner=admin, kind=REPORT, title="x", state=JobState.FAILED, finished_at=at(-1, 12))
    item = next(s for s in desk.sections_for(admin) if s.key == "indicators.management_report").items[0]
    assert "Aún no lo ha pedido" in item.detail and not item.links


# --- the Jefa de Gabinete -------------------------------------------------------------------------


def overdue_forwardings(directorate, n: int) -> None:
    for _ in range(n):
        ForwardingFactory(directorate=directorate, due_on=timezone.localdate() - timedelta(days=2))


def test_jefa_sees_overdue_items_grouped_by_app_and_directorate(client, clock, jefa, directorates):
    clock.move_to(MORNING)
    overdue_forwardings(directorates["obras-municipales"], 3)
    overdue_forwardings(directorates["aseo"], 2)
    SupportRequestFactory(directorate=directorates["aseo"], needed_by=timezone.localdate() - timedelta(days=1))
    SupportRequestFactory(
        directorate=directorates["aseo"], needed_by=timezone.localdate(), status=SupportStatus.REQUESTED
    )

    layout = desk.layout_for(jefa)
    assert layout.role == desk.DeskRole.HEAD
    summary = [(a.name, a.count, [(d.name, d.count) for d in a.directorates]) for a in layout.overdue]
    assert summary == [
        ("Archivo de prensa", 5, [("Obras Municipales", 3), ("Aseo", 2)]),
        ("Comunicaciones", 1, [("Aseo", 1)]),
    ]
    page = home(client, jefa)
    assert sections_on(page)[0] == "overdue"
    block = page[page.index('data-section="overdue"') :]
    assert in_order(block, "<summary>", "Archivo de prensa", "5 vencidos", "Obras Municipales (3)", "Aseo (2)")
    assert page.count('<details class="list-group-item desk-app"') == 2
    # What is overdue is in the block, not repeated in its section; what is only due soon stays there.
    support = next(s for s in layout.rest if s.key == "communications.support_requests_due")
    assert [i.urgency for i in support.items] == [desk.Urgency.DUE_SOON]
    assert not any(s.key == "archive.overdue_forwardings" for s in layout.rest)


def test_jefa_overdue_block_counts_a_directorates_late_values_not_its_rows(jefa, clock, directorates):
    clock.move_to(MORNING)
    for _ in range(3):
        IndicatorYearFactory(indicator=IndicatorFactory(directorate=directorates["aseo"]))
    indicators = next(a for a in desk.layout_for(jefa).overdue if a.app == "indicators")
    (aseo,) = indicators.directorates
    assert aseo.name == "Aseo" and len(aseo.items) == 1 and aseo.count == indicators.count > 3


def test_jefa_home_queries_do_not_grow_with_the_number_of_directorates(
    client, clock, jefa, directorates, django_assert_max_num_queries
):
    clock.move_to(MORNING)
    client.force_login(jefa)
    slugs = sorted(directorates)
    overdue_forwardings(directorates[slugs[0]], 1)
    SupportRequestFactory(directorate=directorates[slugs[0]], needed_by=timezone.localdate() - timedelta(days=1))
    IndicatorYearFactory(indicator=IndicatorFactory(directorate=directorates[slugs[0]]))
    client.get(reverse("gabinete:home"))  # warm the per-session caches (the user's memberships, the site)
    cache.clear()  # both counts below compute the late indicator values afresh
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("gabinete:home"))
    for slug in slugs[1:]:
        overdue_forwardings(directorates[slug], 2)
        SupportRequestFactory(directorate=directorates[slug], needed_by=timezone.localdate() - timedelta(days=1))
        IndicatorYearFactory(indicator=IndicatorFactory(directorate=directorates[slug]))
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("gabinete:home")).text
    # Each directorate has its group in every app (the archive lists its first 30 forwardings).
    assert page.count('class="desk-unit"') >= 2 * (len(slugs) - 1)


# --- enlaces and directors ------------------------------------------------------------------------


def test_liaison_sees_own_pending_work_before_the_rest(client, clock, user_factory, directorates):
    clock.move_to(MORNING)
    enlace = user_factory("enlace", "aseo")
    director = user_factory("director", "aseo")
    year = IndicatorYearFactory(indicator=IndicatorFactory(directorate=directorates["aseo"], name="Toneladas"))
    measurement(year, open_period(), status=MeasurementStatus.RETURNED, by=enlace, observations="Falta respaldo")
    ForwardingFactory(directorate=directorates["aseo"], clipping=ClippingFactory(headline="Basural en La Chimba"))
    TaskFactory(responsible=enlace, due=timezone.localdate(), event=EventFactory(), title="Llevar banderas")
    for person in (enlace, director):
        keys = sections_on(home(client, person))
        assert keys.index("indicators.workflow_items") < keys.index("archive.forwardings_to_answer")
    page = home(client, enlace)
    keys = sections_on(page)
    assert keys.index("archive.forwardings_to_answer") < keys.index("protocol.protocol_tasks")
    assert in_order(page, "Corregir (devuelta): Toneladas", "Basural en La Chimba", "Además", "Llevar banderas")


# --- everyone else --------------------------------------------------------------------------------


def test_other_roles_see_sections_with_overdue_items_first(user_factory):
    today = timezone.localdate()

    def calm(user):
        return [desk.DeskItem("Algo para la semana", "/a", today + timedelta(days=9))]

    def late(user):
        return [desk.DeskItem("Algo atrasado", "/b", today - timedelta(days=1), desk.Urgency.OVERDUE)]

    desk.register("Tranquilo", order=1, key="test.calm")(calm)
    desk.register("Atrasado", order=999, key="test.late")(late)
    try:
        layout = desk.layout_for(user_factory("juridica", "asesoria-juridica"))
        assert layout.role == desk.DeskRole.OTHER
        keys = [s.key for s in layout.rest]
        assert keys.index("test.late") < keys.index("test.calm")
    finally:
        desk._providers[:] = [p for p in desk._providers if p[2] not in (calm, late)]
