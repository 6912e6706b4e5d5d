"""A press release from CKEditor to the public page and the feed, under the production CSP."""

import feedparser

from communications.models import PressRelease
from gabinete.models import Membership
from tests.browser.conftest import login, logout, screenshot
from tests.gabinete.factories import make_user


def _csp_errors(page) -> list[str]:
    return [e for e in page.console_errors if "Content Security Policy" in e or "Refused to" in e]


def test_release_written_in_ckeditor_is_reviewed_published_and_in_the_feed(page, live_server):
    author = make_user("gabinete", "gabinete-de-alcaldia", team="prensa", username="periodista.autora")
    editor = make_user("gabinete", "gabinete-de-alcaldia", team="prensa", username="editora.prensa")
    # Gabinete named her to approve releases (four eyes: the author may not).
    Membership.objects.filter(user=editor).update(approves_press_releases=True)

    login(page, live_server, author)
    page.goto(f"{live_server.url}/comunicaciones/comunicados/nuevo/")
    page.get_by_label("Título").fill("Municipio abre nueva plaza en La Chimba")
    page.get_by_label("Bajada").fill("La plaza tiene juegos inclusivos y áreas verdes.")
    editable = page.locator(".ck-editor__editable")
    editable.wait_for()
    editable.click()
    page.keyboard.type("Vecinas y vecinos celebraron la apertura.")
    page.keyboard.press("Control+b")
    page.keyboard.type(" Una plaza para todos.")
    screenshot(page, "communications_release_editor")
    page.get_by_role("button", name="Guardar borrador").click()
    page.get_by_text("Guardado. Ahora su autor o autora debe enviarlo a revisión.").wait_for()
    page.get_by_role("button", name="Enviar a revisión").click()
    page.get_by_text("Comunicado enviado a revisión.").wait_for()
    # the author cannot approve it
    assert page.get_by_role("button", name="Aprobar").count() == 0
    assert _csp_errors(page) == []
    logout(page)

    login(page, live_server, editor)
    release = PressRelease.objects.get()
    page.goto(f"{live_server.url}{release.get_absolute_url()}")
    page.get_by_role("button", name="Aprobar").click()
    page.get_by_text("Comunicado aprobado.").wait_for()
    page.get_by_role("button", name="Publicar").click()
    page.get_by_text("Comunicado publicado en la página de noticias.").wait_for()
    screenshot(page, "communications_release_detail")
    assert _csp_errors(page) == []
    logout(page)

    release.refresh_from_db()
    assert "<strong>" in release.body_html
    page.goto(f"{live_server.url}/noticias/")
    page.get_by_role("link", name="Municipio abre nueva plaza en La Chimba").click()
    page.get_by_role("heading", name="Municipio abre nueva plaza en La Chimba").wait_for()
    assert page.locator(".news-body strong").inner_text().strip() == "Una plaza para todos."
    assert page.locator('meta[property="og:title"]').get_attribute("content") == release.title
    screenshot(page, "communications_public_release")

    feed = feedparser.parse(page.request.get(f"{live_server.url}/noticias/rss/").body())
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["Municipio abre nueva plaza en La Chimba"]
    atom = feedparser.parse(page.request.get(f"{live_server.url}/noticias/atom/").body())
    assert atom.entries[0].link.endswith(release.get_public_url())
    assert _csp_errors(page) == [], page.console_errors


def test_news_list_and_support_board_screens(page, live_server):
    from django.core.management import call_command

    call_command("seed_demo", "--i-know-this-is-not-production", verbosity=0)
    page.goto(f"{live_server.url}/noticias/")
    screenshot(page, "communications_public_list")
    from django.contrib.auth import get_user_model

    from gabinete.demo import DEMO_PASSWORD

    prensa = get_user_model().objects.get(username="prensa")
    login(page, live_server, prensa, DEMO_PASSWORD)
    for path, name in (
        ("/comunicaciones/comunicados/", "communications_release_list"),
        ("/comunicaciones/solicitudes/tablero/", "communications_support_board"),
        ("/comunicaciones/solicitudes/", "communications_support_list"),
        ("/comunicaciones/medios/", "communications_contacts"),
        ("/", "communications_desk"),
    ):
        page.goto(f"{live_server.url}{path}")
        screenshot(page, name)
    assert _csp_errors(page) == []
