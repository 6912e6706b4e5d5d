"""The open data API documents itself on a public page built from its OpenAPI description, and a page
on another web site reads it from the browser (CORS for GET), as a newspaper's or a civic site would."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, set_width
from transparency.catalogue import ensure_catalogue


@pytest.mark.parametrize("width", [1280, 390])
def test_the_api_documentation_lists_every_endpoint_with_its_parameters_and_fields(page, live_server, width):
    set_width(page, width)
    page.goto(f"{live_server.url}/transparencia-activa/")
    page.get_by_role("link", name="Ver la API de datos abiertos").click()
    expect(page.get_by_role("heading", name="Datos abiertos: la API de transparencia")).to_be_visible()
    endpoints = page.locator("section[id^=ep-]")
    assert endpoints.count() == 13
    lobby = endpoints.filter(has_text="/api/v1/lobby/audiencias/")
    expect(lobby.get_by_text("sujeto_pasivo", exact=True)).to_be_visible()
    lobby.get_by_text("Campos de cada fila").click()
    expect(lobby.get_by_text("A nombre de quién se gestionan intereses.", exact=True)).to_be_visible()
    screenshot(page, f"api-docs-{width}")
    schema = page.get_by_role("link", name="JSON").get_attribute("href")
    assert page.request.get(f"{live_server.url}{schema}").json()["openapi"] == "3.0.3"


class _CivicSite(BaseHTTPRequestHandler):
    """Another origin's page that fetches the municipality's API and writes what it got."""

    api = ""

    def do_GET(self):  # noqa: N802 (http.server's name)
        body = f"""<!doctype html><html lang="es"><head><title>Sitio cívico</title></head><body><p id="out">…</p>
<script>fetch("{self.api}catalogo/?por_pagina=1").then(r => r.json())
  .then(d => {{ document.getElementById("out").textContent = "Ítems: " + d.count + " — " + d.results[0].nombre; }})
  .catch(e => {{ document.getElementById("out").textContent = "Error: " + e; }});</script></body></html>"""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


def test_a_page_on_another_web_site_reads_the_catalogue(page, live_server, directorates):
    ensure_catalogue()  # after a transactional test emptied the database
    _CivicSite.api = f"{live_server.url}/api/v1/"
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CivicSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        expect(page.locator("#out")).to_contain_text("Ítems: ")
        expect(page.locator("#out")).not_to_contain_text("Error")
    finally:
        server.shutdown()
