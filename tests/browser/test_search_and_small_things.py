"""Issue 21 points 5 and 6 in a real browser: the archive's «Ordenar por» and whole-word marks, the
public news search, the nómina's contacts, a support request with its file and its assignee, and the
desk rows. Every page is checked (sideways scroll, axe) by the fixtures; screenshots at 1280 and
390 px."""

from __future__ import annotations

import os
import shutil
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from communications.models import SupportAttachment
from gabinete.models import Directorate, Membership
from tests.archive.factories import ClippingFactory
from tests.browser.conftest import login, screenshot, set_width
from tests.communications.factories import PressReleaseFactory, PublishedReleaseFactory, SupportRequestFactory
from tests.gabinete.factories import make_user
from tests.office.factories import pdf_upload

#: Where the lead looks at the screenshots of this task (also kept in var/screenshots/).
SHOTS = Path(os.environ.get("ISSUE21_SHOTS", "/work/notes/shots/search"))


def _both(page, name: str) -> None:
    for width, suffix in ((1280, ""), (390, "-phone")):
        set_width(page, width)
        path = screenshot(page, f"{name}{suffix}")
        if SHOTS.parent.exists():
            SHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, SHOTS / path.name)
    set_width(page, 1280)


def test_archive_order_and_whole_word_marks(page, live_server):
    staff = make_user("gabinete", "gabinete-de-alcaldia", username="prensa.b", team="prensa")
    ClippingFactory(
        headline="Vecinos de Corvallis",
        body="Comenzó la repavimentación de calles y siguió la pavimentación de avenida Grecia.",
        published_on=date(2026, 11, 10),
    )
    ClippingFactory(headline="Pavimentación en La Chimba", body="Obras.", published_on=date(2026, 11, 1))
    login(page, live_server, staff)
    page.goto(f"{live_server.url}/archivo/?q=pavimentacion")
    first = page.locator(".clipping-result h2").first
    assert "Pavimentación en La Chimba" in first.inner_text()
    assert page.locator("#id_orden").input_value() == "relevancia"
    assert page.locator(".passage mark", has_text="repavimentación").count() == 0
    _both(page, "archive-order-relevance")
    page.goto(f"{live_server.url}/archivo/?q=pavimentacion&orden=recientes")
    assert "Vecinos de Corvallis" in page.locator(".clipping-result h2").first.inner_text()
    _both(page, "archive-order-newest")


def test_public_news_search(page, live_server):
    PublishedReleaseFactory(title="Pavimentación en La Chimba", lead="Comienzan las obras en el sector norte.")
    PublishedReleaseFactory(title="Festival de teatro", lead="En el Parque Brasil.")
    PressReleaseFactory(title="Borrador de pavimentación")
    page.goto(f"{live_server.url}/noticias/")
    page.get_by_label("Buscar en las noticias").fill("pavimentacion")
    page.get_by_role("button", name="Buscar").click()
    page.get_by_text("1 noticia con «pavimentacion»").wait_for()
    assert page.get_by_text("Borrador de pavimentación").count() == 0
    _both(page, "news-search")
    page.goto(f"{live_server.url}/noticias/?q=inexistente")
    page.get_by_text("No encontramos noticias con «inexistente»", exact=False).wait_for()
    _both(page, "news-search-empty")


def test_directory_support_request_and_desk(page, live_server):
    chief = make_user(
        "gabinete", "gabinete-de-alcaldia", username="jefa.b", team="jefatura", first_name="Paula", last_name="Soto"
    )
    press = make_user(
        "gabinete",
        "gabinete-de-alcaldia",
        username="prensa.c",
        team="prensa",
        first_name="Tomás",
        last_name="Vera",
        email="tvera@municipalidad.example",
    )
    Membership.objects.filter(user=press).update(phone="55 2 654 321", position="Periodista")
    Directorate.objects.filter(slug="aseo").update(email="aseo@municipalidad.example")
    liaison = make_user("enlace", "aseo", username="enlace.b", first_name="Camila", last_name="Rojas")
    support = SupportRequestFactory(
        directorate=Directorate.objects.get(slug="aseo"),
        requested_by=liaison,
        title="Cobertura del operativo de limpieza",
        needed_by=timezone.localdate() + timedelta(days=2),
    )
    SupportAttachment.objects.create(
        request=support, file=pdf_upload("programa.pdf"), original_name="programa.pdf", uploaded_by=liaison
    )

    login(page, live_server, chief)
    page.goto(f"{live_server.url}/nomina/")
    expect(page.get_by_role("link", name="tvera@municipalidad.example")).to_be_visible()
    _both(page, "directory-contacts")

    page.goto(f"{live_server.url}{support.get_absolute_url()}")
    page.get_by_label("A cargo de").select_option(label="Tomás Vera")
    page.get_by_role("button", name="Asignar").click()
    page.get_by_text("Solicitud asignada: ahora").wait_for()
    assert "Tomás Vera" in page.locator("#support-assignee").inner_text()
    expect(page.get_by_role("link", name="programa.pdf")).to_be_visible()
    _both(page, "support-detail-assignee-files")

    page.goto(f"{live_server.url}/comunicaciones/solicitudes/")
    _both(page, "support-list-assignee")

    page.goto(f"{live_server.url}/")
    row = page.locator(".desk-item", has_text="Cobertura del operativo de limpieza")
    assert "a cargo de Tomás Vera" in row.inner_text()
    _both(page, "desk-support-row")
