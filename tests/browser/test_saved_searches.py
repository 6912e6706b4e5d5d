"""A liaison searches the archive, saves the search with a name, and reopens it from «Búsquedas guardadas»."""

from playwright.sync_api import expect

from tests.archive.factories import ClippingFactory
from tests.browser.conftest import login, screenshot, set_width
from tests.gabinete.factories import make_user


def test_a_liaison_saves_a_search_and_reopens_it(page, live_server):
    liaison = make_user("enlace", "aseo", username="enlace.aseo", first_name="Camila", last_name="Rojas")
    ClippingFactory(
        headline="Aguas Antofagasta corta el suministro en La Chimba", tone="negativo", directorates=["aseo"]
    )
    ClippingFactory(headline="Aguas Antofagasta anuncia inversiones", tone="positivo", directorates=["aseo"])

    login(page, live_server, liaison)
    page.goto(f"{live_server.url}/archivo/")
    page.get_by_label("Buscar en titulares, resúmenes y textos").fill("aguas antofagasta")
    page.get_by_label("Tono").select_option(label="Negativo")
    page.get_by_role("button", name="Buscar").click()
    page.get_by_text("1 recorte", exact=False).first.wait_for()
    # The filters also refresh the results by htmx as they change, and a late swap would close the box
    # it carries again: open the same search as a page of its own (the address the results keep).
    page.goto(f"{live_server.url}/archivo/?q=aguas+antofagasta&tono=negativo")
    page.locator("details.save-search > summary").click()
    page.get_by_label("Nombre de la búsqueda").fill("Aguas Antofagasta")
    screenshot(page, "archive-saved-search-save")
    set_width(page, 390)
    screenshot(page, "archive-saved-search-save-phone")
    set_width(page, 1280)
    page.get_by_role("button", name="Guardar búsqueda").click()
    expect(page.get_by_text("Búsqueda «Aguas Antofagasta» guardada.")).to_be_visible()

    page.get_by_role("link", name="Búsquedas guardadas").click()
    row = page.locator(".saved-search", has_text="Aguas Antofagasta")
    expect(row.get_by_text("Siguiendo")).to_be_visible()
    expect(row.get_by_text("Tono: Negativo")).to_be_visible()
    screenshot(page, "archive-saved-search-list")
    set_width(page, 390)
    screenshot(page, "archive-saved-search-list-phone")
    set_width(page, 1280)

    row.get_by_role("link", name="Abrir").click()
    assert page.get_by_label("Buscar en titulares, resúmenes y textos").input_value() == "aguas antofagasta"
    assert page.get_by_label("Tono").input_value() == "negativo"
    expect(page.get_by_role("link", name="Aguas Antofagasta corta el suministro en La Chimba")).to_be_visible()
    assert page.get_by_role("link", name="Aguas Antofagasta anuncia inversiones").count() == 0

    page.get_by_role("link", name="Búsquedas guardadas").click()
    page.locator(".saved-search", has_text="Aguas Antofagasta").get_by_role("button", name="Dejar de seguir").click()
    expect(page.get_by_text("Ya no sigue «Aguas Antofagasta».")).to_be_visible()
    assert not page.console_errors, page.console_errors
