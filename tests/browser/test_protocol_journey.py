"""Propose (directorate) → confirm (Gabinete) → in the Alcalde's week → in the calendar feed."""

from datetime import datetime, time, timedelta

import icalendar
import pytest
from django.utils import timezone
from pypdf import PdfReader

from gabinete.models import Job, JobState
from protocol.models import CalendarFeed, Event, EventStatus
from tests.browser.conftest import login, logout, screenshot, set_width
from tests.gabinete.factories import make_user
from tests.protocol.factories import EventFactory


@pytest.mark.django_db(transaction=True)
def test_proposal_is_confirmed_and_reaches_the_mayors_week_and_feed(page, phone_page, live_server):
    director = make_user("director", "aseo", username="director.aseo.b")
    staff = make_user("gabinete", "gabinete-de-alcaldia", team="protocolo", username="protocolo.b")
    mayor = make_user("alcalde", "gabinete-de-alcaldia", username="alcalde.b")
    start = timezone.localtime(timezone.now() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)

    login(page, live_server, director)
    page.goto(f"{live_server.url}/agenda/propuestas/nueva/")
    page.get_by_label("Título").fill("Lanzamiento campaña de reciclaje")
    page.get_by_label("Inicio").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Término").fill((start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lugar", exact=True).fill("Colegio República de Chile")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Propuesta enviada a Gabinete").wait_for()
    assert page.locator("#event-status").inner_text() == "Propuesta"
    logout(page)

    login(page, live_server, staff)
    event = Event.objects.get(title="Lanzamiento campaña de reciclaje")
    page.goto(f"{live_server.url}/agenda/actividades/{event.pk}/")
    page.get_by_label("Observación (opcional)").fill("Confirmado con el Alcalde")
    page.get_by_role("button", name="Confirmar").click()
    page.get_by_text("Actividad confirmada. Ahora protocolo la prepara").wait_for()
    assert page.locator("#event-status").inner_text() == "Confirmada"
    screenshot(page, "protocol_event_detail")
    logout(page)

    login(phone_page, live_server, mayor)
    phone_page.goto(f"{live_server.url}/agenda/alcalde/semana/?fecha={start:%Y-%m-%d}")
    phone_page.get_by_role("link", name="Lanzamiento campaña de reciclaje").first.wait_for()
    screenshot(phone_page, "protocol_mayor_week_phone")
    phone_page.goto(f"{live_server.url}/agenda/calendario/")
    phone_page.get_by_role("button", name="Crear mi dirección de suscripción").click()
    url = phone_page.locator("#feed-url").input_value()
    assert CalendarFeed.objects.filter(user=mayor, revoked_at__isnull=True).exists()
    body = phone_page.request.get(url.replace("https://", "http://") if url.startswith("https://") else url).body()
    summaries = [str(e["summary"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]
    assert "Lanzamiento campaña de reciclaje" in summaries
    assert Event.objects.get(pk=event.pk).status == EventStatus.CONFIRMED


@pytest.mark.django_db(transaction=True)
def test_mayor_week_desktop_screenshot(page, live_server):
    from gabinete import demo as core_demo
    from gabinete.demo import DemoContext
    from protocol import demo as protocol_demo

    users = {u: make_user(r, s, username=u) for u, (_f, _l, s, r, _t, _p) in core_demo.DEMO_USERS.items()}
    protocol_demo.seed(DemoContext(today=timezone.localdate(), users=users))
    login(page, live_server, users["alcalde"])
    page.goto(f"{live_server.url}/agenda/alcalde/semana/")
    # "Próxima actividad", or "Ahora" when a demo event is under way at the time the test runs.
    page.locator("#proxima").wait_for()
    screenshot(page, "protocol_mayor_week")
    page.goto(f"{live_server.url}/agenda/alcalde/mes/")
    screenshot(page, "protocol_mayor_month")
    login_staff = users["protocolo"]
    logout(page)
    login(page, live_server, login_staff)
    ceremony = Event.objects.filter(title__startswith="Gala").first()
    page.goto(f"{live_server.url}/agenda/actividades/{ceremony.pk}/")
    screenshot(page, "protocol_ceremony_detail")
    page.goto(f"{live_server.url}/agenda/actividades/{ceremony.pk}/imprimir/")
    screenshot(page, "protocol_ceremony_print")
    page.goto(f"{live_server.url}/agenda/lobby/")
    screenshot(page, "protocol_lobby")
    page.goto(f"{live_server.url}/agenda/actividades/nueva/")
    screenshot(page, "protocol_event_form")


def test_the_weekly_agenda_pdf_is_prepared_in_the_background_and_downloaded(page, live_server, worker):
    staff = make_user("gabinete", "gabinete-de-alcaldia", team="protocolo", username="protocolo.pdf")
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    start = timezone.make_aware(datetime.combine(monday + timedelta(days=2), time(10)))
    EventFactory(title="Firma de convenio con la Universidad", start=start, end=start + timedelta(hours=1))
    login(page, live_server, staff)
    page.goto(f"{live_server.url}/agenda/alcalde/semana/?fecha={monday:%Y-%m-%d}")
    screenshot(page, "protocol-week")
    page.get_by_role("button", name="PDF semanal").click()
    page.wait_for_url("**/documentos/*/")
    assert page.locator("#job-state").inner_text() in ("En cola", "En proceso")
    page.evaluate("window.__notReloaded = true")
    page.locator("#job-state", has_text="Listo").wait_for(timeout=60_000)
    assert page.evaluate("window.__notReloaded === true"), "the page turned «Listo» without a reload"
    screenshot(page, "protocol-week-pdf-job")

    with page.expect_download() as download_info:
        page.locator("#job-download").click(modifiers=["Alt"])
    download = download_info.value
    assert download.suggested_filename == f"agenda-semanal-{monday:%Y-%m-%d}.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(download.path()).pages)
    assert "Firma de convenio con la Universidad" in text
    job = Job.objects.get(owner=staff)
    assert job.state == JobState.DONE and job.kind == "protocol.week_agenda"

    set_width(page, 390)
    screenshot(page, "protocol-week-pdf-job-phone")
    page.goto(f"{live_server.url}/agenda/alcalde/semana/?fecha={monday:%Y-%m-%d}")
    screenshot(page, "protocol-week-phone")
