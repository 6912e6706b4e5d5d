"""Issue 13 in the browser, as the demo users: the release list shows its «Estado» badges, the
editor uploads an image that then loads, four eyes, a correction and a withdrawal."""

import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from PIL import Image

from communications.models import PressRelease, ReleaseStatus
from gabinete.demo import DEMO_PASSWORD
from tests.browser.conftest import login, logout, screenshot, set_width


def _both_widths(page, name: str) -> None:
    screenshot(page, f"{name}_1280")
    set_width(page, 390)
    screenshot(page, f"{name}_390")
    set_width(page, 1280)


def _step(page, button: str, done: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.get_by_text(done).first.wait_for()


def test_release_journey_with_demo_users(page, live_server, tmp_path):
    call_command("seed_demo", "--i-know-this-is-not-production", verbosity=0)
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith=("prensa"))}
    users |= {"jefa.gabinete": get_user_model().objects.get(username="jefa.gabinete")}
    base = live_server.url

    # The list: every «Estado» badge has the colour of its tone in the one scheme of the core
    # stylesheet (gabinete.workflow: publicado = success, en revisión = warning).
    login(page, live_server, users["prensa"], DEMO_PASSWORD)
    page.goto(f"{base}/comunicaciones/comunicados/")
    badge = page.locator('.status-badge[data-status="publicado"]').first
    assert badge.inner_text() == "Publicado"
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(20, 108, 67)"
    assert (
        page.locator('.status-badge[data-status="revision"]').first.evaluate("e => getComputedStyle(e).backgroundColor")
        == "rgb(138, 70, 0)"
    )
    _both_widths(page, "communications_trust_release_list")

    # The editor: a press officer without is_staff uploads an image; its URL answers 200.
    page.goto(f"{base}/comunicaciones/comunicados/nuevo/")
    page.get_by_label("Título").fill("Operativo de limpieza en La Chimba")
    page.get_by_label("Bajada").fill("Sábado 21 de noviembre, de 9:00 a 14:00.")
    editable = page.locator(".ck-editor__editable")
    editable.wait_for()
    editable.click()
    page.keyboard.type("Cuadrillas municipales recorrerán el sector.")
    png = tmp_path / "plaza.png"
    Image.new("RGB", (320, 180), (0, 60, 113)).save(png)
    page.locator(".ck-toolbar input[type=file]").set_input_files(str(png))
    image = page.locator(".ck-editor__editable img")
    image.wait_for()
    page.wait_for_function(
        "() => /^\\/noticias\\/imagenes\\//.test(document.querySelector('.ck-editor__editable img').getAttribute('src'))"
    )
    src = image.get_attribute("src")
    loaded = page.request.get(f"{base}{src}")
    assert loaded.status == 200 and loaded.headers["content-type"] == "image/png"
    # The editor's <img> is lazy: wait for it to decode (it never does if its URL fails).
    page.wait_for_function(
        "() => { const i = document.querySelector('.ck-editor__editable img'); return i.complete && i.naturalWidth > 0; }"
    )
    assert image.evaluate("e => e.naturalWidth") == 320
    # The press officer describes the photo for screen readers (the image's own toolbar).
    image.click()
    page.locator(".ck-balloon-panel_visible button", has_text="texto alternativo").or_(
        page.locator(".ck-balloon-panel_visible button[data-cke-tooltip-text*='alternativ']")
    ).first.click()
    page.locator(".ck-balloon-panel_visible input").fill("Cuadrilla municipal en La Chimba")
    page.keyboard.press("Enter")
    assert image.get_attribute("alt") == "Cuadrilla municipal en La Chimba"
    _both_widths(page, "communications_trust_editor")
    _step(page, "Guardar borrador", "Guardado. Ahora su autor o autora debe enviarlo a revisión.")
    _step(page, "Enviar a revisión", "Comunicado enviado a revisión.")
    assert page.get_by_role("button", name="Aprobar").count() == 0
    logout(page)

    # The editor named to approve approves and publishes.
    release = PressRelease.objects.get(title="Operativo de limpieza en La Chimba")
    login(page, live_server, users["prensa.editora"], DEMO_PASSWORD)
    page.goto(f"{base}{release.get_absolute_url()}")
    _step(page, "Aprobar", "Comunicado aprobado.")
    _step(page, "Publicar", "Comunicado publicado en la página de noticias.")
    release.refresh_from_db()
    public_url = release.get_public_url()
    assert page.request.get(f"{base}{public_url}").status == 200

    # She corrects it: a new draft; the published text stays public meanwhile.
    page.get_by_label("Qué se corrige").fill("Se corrigió el día del operativo.")
    page.get_by_role("button", name="Corregir").click()
    page.get_by_text("El texto publicado sigue visible").wait_for()
    page.get_by_label("Bajada").fill("Domingo 22 de noviembre, de 9:00 a 14:00.")
    _step(page, "Guardar borrador", "Guardado. Ahora")
    _step(page, "Enviar a revisión", "Comunicado enviado a revisión.")
    # Four eyes: she changed the text and sent it, so she may not approve it.
    assert page.get_by_role("button", name="Aprobar").count() == 0
    page.get_by_text("Usted hizo el último cambio del texto").wait_for()
    assert "Sábado 21" in page.request.get(f"{base}{public_url}").text()
    logout(page)

    login(page, live_server, users["jefa.gabinete"], DEMO_PASSWORD)
    correction = PressRelease.objects.get(corrects=release)
    page.goto(f"{base}{correction.get_absolute_url()}")
    _step(page, "Aprobar", "Comunicado aprobado.")
    _step(page, "Publicar corrección", "Comunicado publicado en la página de noticias.")
    page.goto(f"{base}{public_url}")
    note = page.locator(".news-correction")
    assert re.match(r"Corregido el \d\d-\d\d-\d{4}: Se corrigió el día del operativo\.", note.inner_text())
    assert "Domingo 22 de noviembre" in page.locator(".lead").inner_text()
    assert page.locator(".news-body img").evaluate("e => e.complete && e.naturalWidth") == 320
    _both_widths(page, "communications_trust_corrected")

    # She withdraws it: the address answers 410 with the reason, and it leaves the list.
    page.goto(f"{base}{correction.get_absolute_url()}")
    page.get_by_label("Motivo del retiro (se muestra al público)").fill("La actividad fue suspendida por el viento.")
    _step(page, "Retirar de la publicación", "Comunicado retirado")
    logout(page)
    response = page.goto(f"{base}{public_url}")
    assert response.status == 410
    page.get_by_role("heading", name="Comunicado retirado").wait_for()
    assert "La actividad fue suspendida por el viento." in page.content()
    _both_widths(page, "communications_trust_withdrawn")
    page.goto(f"{base}/noticias/")
    assert page.get_by_text("Operativo de limpieza en La Chimba").count() == 0
    correction.refresh_from_db()
    release.refresh_from_db()
    assert (release.status, correction.status) == (ReleaseStatus.SUPERSEDED, ReleaseStatus.WITHDRAWN)
