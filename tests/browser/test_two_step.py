"""A lawyer of Asesoría Jurídica (a role that must use the second step) signs in for the first time, sets up an authenticator app from the QR page
(the test reads the secret shown beside the QR code and computes the app's codes), keeps the recovery
codes, signs out, signs in again with a fresh code and looks at «Mis sesiones»."""

from datetime import timedelta

from playwright.sync_api import expect

from tests.accounts.helpers import PRODUCTION_REQUIRED_ROLES, code_for
from tests.browser.conftest import logout, screenshot, set_width
from tests.gabinete.factories import PASSWORD, make_user


def _password_step(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/cuenta/ingresar/")
    page.get_by_label("Nombre de usuario").fill(user.username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()


def _secret_shown(page) -> str:
    import base64

    shown = page.locator("#totp-secret").inner_text().replace(" ", "")
    return base64.b32decode(shown + "=" * (-len(shown) % 8)).hex()


def test_a_lawyer_sets_up_the_app_and_signs_in_with_a_code(page, live_server, settings, clock):
    settings.TWO_FACTOR_REQUIRED_ROLES = PRODUCTION_REQUIRED_ROLES
    user = make_user("juridica", "asesoria-juridica", username="paula", first_name="Paula", last_name="Araya")

    _password_step(page, live_server, user)
    page.wait_for_url("**/cuenta/seguridad/activar/**")
    expect(page.get_by_role("heading", name="Activar el segundo paso de ingreso")).to_be_visible()
    expect(page.locator("figure.enrol-qr svg")).to_be_visible()
    screenshot(page, "two-step-enrol")
    set_width(page, 390)
    screenshot(page, "two-step-enrol-phone")
    set_width(page, 1280)

    secret = _secret_shown(page)
    page.get_by_label("Código de 6 dígitos").fill(code_for(secret))
    page.get_by_role("button", name="Confirmar y activar").click()
    page.wait_for_url("**/cuenta/seguridad/codigos/**")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    screenshot(page, "two-step-recovery-codes")
    page.get_by_role("link", name="Ya los guardé, continuar").click()
    page.wait_for_url(f"{live_server.url}/", timeout=60_000)
    expect(page.get_by_role("heading", name="Mi escritorio")).to_be_visible()

    logout(page)
    page.wait_for_url(f"{live_server.url}/cuenta/ingresar/")
    clock.shift(timedelta(seconds=31))  # a new code: the confirming one may not be used twice
    _password_step(page, live_server, user)
    page.wait_for_url("**/cuenta/seguridad/verificar/**")
    screenshot(page, "two-step-verify")
    set_width(page, 390)
    screenshot(page, "two-step-verify-phone")
    set_width(page, 1280)
    page.locator("#id_code").fill(code_for(secret))
    page.get_by_role("button", name="Verificar").click()
    page.wait_for_url(f"{live_server.url}/", timeout=60_000)

    page.locator(".user-menu .dropdown-toggle").click()
    page.get_by_role("link", name="Mis sesiones").click()
    expect(page.get_by_role("heading", name="Mis sesiones")).to_be_visible()
    expect(page.locator(".session-list")).to_contain_text("Esta sesión")
    screenshot(page, "two-step-sessions")
    set_width(page, 390)
    screenshot(page, "two-step-sessions-phone")
    set_width(page, 1280)
    page.goto(f"{live_server.url}/cuenta/seguridad/")
    expect(page.get_by_text("Activado", exact=True)).to_be_visible()
    screenshot(page, "two-step-security")
    assert not page.console_errors, page.console_errors
