"""A staff member signs in through the real form with her municipal directory account (a real slapd,
tests/gabinete/ldap_server.py), and the form says so in Spanish when the directory does not answer."""

from types import SimpleNamespace

from playwright.sync_api import expect

from gabinete.models import Directorate, DirectoryGroup, Role
from tests.browser.conftest import login, logout, screenshot
from tests.gabinete.ldap_server import (  # noqa: F401 — the two fixtures
    configure_directory,
    directory_fixture,
    free_port,
    ldap_server_fixture,
    person,
)


def test_a_liaison_signs_in_with_her_directory_account_and_the_form_tells_when_it_is_down(
    page, live_server, directory, settings
):
    DirectoryGroup.objects.create(
        group="enlaces-aseo", directorate=Directorate.objects.get(slug="aseo"), role=Role.LIAISON
    )
    ana = SimpleNamespace(username="ana.rojas")

    page.goto(f"{live_server.url}/cuenta/ingresar/")
    page.get_by_label("Nombre de usuario").fill(ana.username)
    page.get_by_label("Contraseña").fill("no-es-la-clave")
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("alert")).to_contain_text("El nombre de usuario o la contraseña no son correctos")

    login(page, live_server, ana, person("ana.rojas").password)
    expect(page.get_by_role("heading", name="Mi escritorio")).to_be_visible()
    page.locator(".user-menu .dropdown-toggle").click()
    menu = page.locator(".user-menu").inner_text()
    assert "Ana Rojas" in menu and "Enlace · Aseo" in menu, menu
    page.keyboard.press("Escape")
    screenshot(page, "directory-signin-mi-escritorio")

    logout(page)
    page.wait_for_url(f"{live_server.url}/cuenta/ingresar/")
    configure_directory(settings, f"ldap://127.0.0.1:{free_port()}")  # the directory goes down
    page.get_by_label("Nombre de usuario").fill(ana.username)
    page.get_by_label("Contraseña").fill(person("ana.rojas").password)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("alert")).to_contain_text("El directorio municipal no responde")
    expect(page.get_by_role("alert")).to_contain_text("Las cuentas locales siguen funcionando")
    screenshot(page, "directory-signin-down")
