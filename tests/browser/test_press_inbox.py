"""The press officer's morning with the archive that fills itself, in a real browser and with a real
worker: register a source, write and try a rule, read the source now, review the inbox (a story told
by two outlets is one row), accept with a tone, discard with a reason, discard in bulk, and see the
reprinted press release's «repercusión en medios»."""

import re
import shutil
from pathlib import Path

from playwright.sync_api import expect

from archive.models import Article, ArticleState, Clipping, FeedSource, SourceKind
from communications.models import Outlet
from tests.archive import media_site as pages
from tests.archive.conftest import media_site, site  # noqa: F401  (the local media outlets' server)
from tests.browser.conftest import login, screenshot, set_width
from tests.communications.factories import PublishedReleaseFactory
from tests.gabinete.factories import make_user

NOTES = Path("/work/notes/shots/ingest")


def keep(path: Path, name: str) -> None:
    if NOTES.parent.exists():
        NOTES.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, NOTES / f"{name}.png")


def _shoot(page, name: str) -> None:
    for width in (1280, 390):
        set_width(page, width)
        keep(screenshot(page, f"ingest-{name}-{width}"), f"{name}-{width}")
    set_width(page, 1280)


def _read_now_and_wait(page, source: FeedSource) -> None:
    page.get_by_role("button", name="Leer ahora").click()
    expect(page.get_by_role("status").or_(page.locator(".alert-success")).first).to_contain_text("quedó en la cola")
    for _ in range(120):
        source.refresh_from_db()
        if source.last_success_at or source.failing_since:
            break
        page.wait_for_timeout(250)
    page.reload()


def test_the_press_officer_fills_the_archive_from_the_inbox(page, live_server, site, worker, directorates):  # noqa: F811
    officer = make_user("gabinete", "gabinete-de-alcaldia", team="prensa", username="valentina", first_name="Valentina")
    faro = Outlet.objects.create(name="Diario El Faro", kind="prensa", website=site.url("/"))
    radio = Outlet.objects.create(name="Radio Costa", kind="radio", website=site.url("/"))
    release = PublishedReleaseFactory(title=pages.RELEASE_TITLE, lead="Operativo.", body=f"<p>{pages.RELEASE_TEXT}</p>")
    login(page, live_server, officer)

    # A source, registered in the page (its address refused first when it is not a web address).
    page.goto(f"{live_server.url}/archivo/fuentes/nueva/")
    page.get_by_label("Medio").select_option(label="Diario El Faro")
    page.get_by_label("Dirección del feed o sitemap").fill("no es una dirección")
    page.get_by_role("button", name="Guardar fuente").click()
    expect(page.locator(".invalid-feedback, .errorlist, .text-danger").first).to_be_visible()
    page.get_by_label("Dirección del feed o sitemap").fill(site.url("/faro/rss.xml"))
    page.get_by_role("button", name="Guardar fuente").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Diario El Faro")
    source = FeedSource.objects.get(outlet=faro)

    # A rule, then the rubbish rule with its directorate.
    page.goto(f"{live_server.url}/archivo/reglas/nueva/")
    page.get_by_label("Nombre").fill("Administración")
    page.get_by_label("Búsqueda").fill('alcalde OR "municipalidad de antofagasta"')
    page.get_by_role("button", name="Guardar regla").click()
    expect(page.get_by_text("Regla «Administración» guardada.")).to_be_visible()

    # Read now, through the worker.
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    _read_now_and_wait(page, source)
    expect(page.get_by_text("Activa", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Alcalde inaugura la remodelada plaza Sotomayor")).to_be_visible()
    _shoot(page, "source")
    FeedSource.objects.create(
        outlet=radio, kind=SourceKind.NEWS_SITEMAP, url=site.url("/radio/noticias.xml"), created_by=officer
    )
    page.goto(f"{live_server.url}{FeedSource.objects.get(outlet=radio).get_absolute_url()}")
    _read_now_and_wait(page, FeedSource.objects.get(outlet=radio))

    # A new rule is tried on what was fetched before it is saved.
    page.goto(f"{live_server.url}/archivo/reglas/nueva/")
    page.get_by_label("Nombre").fill("Aseo")
    page.get_by_label("Búsqueda").fill("basura OR microbasural")
    page.get_by_label("Marcar como prioritaria").check()
    page.get_by_role("button", name="Probar con los últimos 30 días").click()
    expect(page.locator("#rule-trial")).to_contain_text("Esta regla habría coincidido con 1 publicación")
    expect(page.locator("#rule-trial")).to_contain_text("Vecinos denuncian microbasural en La Chimba")
    _shoot(page, "rule-trial")
    page.get_by_role("button", name="Guardar regla").click()
    expect(page.get_by_text("Regla «Aseo» guardada.")).to_be_visible()

    # The inbox: the plaza story is one row with its two outlets.
    page.goto(f"{live_server.url}/archivo/bandeja/")
    plaza_row = page.locator("tr", has_text="Alcalde inaugura la remodelada plaza Sotomayor")
    expect(plaza_row).to_have_count(1)
    expect(plaza_row).to_contain_text("y 1 medio más: Radio Costa")
    expect(page.locator("tr", has_text="Vacunación antirrábica")).to_contain_text("Repite el comunicado")
    _shoot(page, "inbox")

    # Accept the plaza story with its tone: two clippings, one per outlet.
    plaza_row.get_by_role("link", name="Alcalde inaugura la remodelada plaza Sotomayor").click()
    expect(page.get_by_text("La misma historia en otros medios")).to_be_visible()
    _shoot(page, "article")
    page.get_by_label("Tono").select_option(label="Positivo")
    page.get_by_role("button", name="Aceptar", exact=True).click()
    expect(page.get_by_text("quedaron 2 recortes en el archivo")).to_be_visible()
    assert sorted(Clipping.objects.filter(tone="positivo").values_list("outlet__name", flat=True)) == [
        "Diario El Faro",
        "Radio Costa",
    ]

    # Accept the release's reprint; discard one with its reason; discard two in bulk.
    page.get_by_role("link", name=re.compile("Vacunación antirrábica")).click()
    page.get_by_role("button", name="Aceptar", exact=True).click()
    expect(page.get_by_text("quedó 1 recorte en el archivo")).to_be_visible()
    page.get_by_role("link", name="Alcalde en nota reservada").click()
    page.get_by_label("Motivo del descarte").fill("Nota de opinión, no informa")
    page.get_by_role("button", name="Descartar").click()
    expect(page.get_by_text("Publicación descartada")).to_be_visible()
    discarded = Article.objects.get(url__contains="alcalde-reservado")
    assert (discarded.state, discarded.discard_reason, discarded.decided_by) == (
        ArticleState.DISCARDED,
        "Nota de opinión, no informa",
        officer,
    )
    for title in ("Alcalde visita obras del nuevo cesfam", "Alcalde presenta cuenta pública"):
        page.get_by_role("checkbox", name=f"Marcar {title}").check()
    page.get_by_label("Con las marcadas").select_option("descartar")
    page.get_by_role("button", name="Revisar y confirmar").click()
    page.get_by_role("button", name=re.compile("Confirmar|Aplicar")).click()
    expect(page.get_by_text("«Descartar» aplicada a 2")).to_be_visible()

    # The release's page shows its coverage.
    page.goto(f"{live_server.url}/comunicaciones/comunicados/{release.pk}/")
    coverage = page.locator("section", has=page.get_by_role("heading", name="Repercusión en medios"))
    expect(coverage).to_contain_text("Radio Costa: Vacunación antirrábica gratis este sábado en sedes vecinales")
    _shoot(page, "release-coverage")
