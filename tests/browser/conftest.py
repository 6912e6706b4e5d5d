"""Real-browser tests: Playwright for Python driving Debian's Chromium (never `playwright install`).

Use the `page` fixture with pytest-django's `live_server`, log in through the real form with
`login(page, live_server, user)`, and end each journey with `screenshot(page, "name")` (files land in
var/screenshots/). The suite runs these tests on SQLite and on PostgreSQL like any other test.

Every page a test opens is checked without the test asking (`PageChecks`): each time a page has
loaded (a `goto`, a click that follows a link or submits a form, a redirect) and again at every
`screenshot`, the page must not scroll sideways at the width it is shown at (1280 or 390 px), on a
desktop no box inside it may hide content behind a sideways scroll, and axe-core must find no
serious or critical WCAG 2.1 A/AA violation. Offenders are collected and the
test fails at teardown with their URL and width.
"""

import os
import shutil
from pathlib import Path

import greenlet
import pytest
from playwright._impl._sync_base import SyncBase
from playwright.sync_api import Browser, expect

from gabinete.directorates import ensure_directorates
from tests.gabinete.factories import PASSWORD
from tests.gabinete.job_helpers import manage

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium no está instalado: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# The width the page's content needs, in CSS pixels, and the outermost elements that stick out.
OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const needed = Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0);
  const sticksOut = (el) => el.getBoundingClientRect().right > width + 1;
  const culprits = needed <= width ? [] : [...document.querySelectorAll("body *")]
    .filter((el) => sticksOut(el) && !(el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement)))
    .slice(0, 3)
    .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(el.getBoundingClientRect().right)} px`);
  return {needed, culprits};
}"""
# Boxes that scroll sideways inside the page and need to (their content is wider than the box): on a
# desktop nothing may hide behind such a scroll (a table cutting off the current month); on a phone
# a wide data table may scroll inside its `.table-responsive` box, the page itself never.
CLIPPING_BOXES_SCRIPT = """() => [...document.querySelectorAll("body *")].filter((el) => {
  const overflow = getComputedStyle(el).overflowX;
  return (overflow === "auto" || overflow === "scroll") && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1;
}).map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> ${el.scrollWidth} px in ${el.clientWidth} px`)"""
DESKTOP = 1200
# An axe result only depends on the page as it is: the same URL with the same markup needs no second run.
_axe_seen: dict[tuple, list[str]] = {}


class PageChecks:
    """The checks every loaded page passes: no sideways scroll, no serious or critical axe finding.

    A page's `load` event only notes the page (event handlers run in their own greenlet, alongside
    the test, and could find the page already gone); the checks run in the test's own greenlet just
    before the test's next call to Playwright, when the loaded page is exactly as it loaded, and once
    more at teardown for the last page.
    """

    def __init__(self, test_greenlet: greenlet.greenlet):
        self.test_greenlet = test_greenlet
        self.pending: list = []
        self.running = False
        self.offenders: list[str] = []

    def watch(self, page) -> None:
        if getattr(page, "page_checks", None) is self:
            return
        page.page_checks = self
        page.on("load", lambda: self.pending.append(page))

    def watch_context(self, context) -> None:
        context.on("page", self.watch)
        for page in context.pages:
            self.watch(page)

    def before_call(self) -> None:
        if self.pending and not self.running and greenlet.getcurrent() is self.test_greenlet:
            self.run_pending()

    def run_pending(self, *, wait: bool = False) -> None:
        pages, self.pending = list(dict.fromkeys(self.pending)), []
        for page in pages:
            self.check(page, wait=wait)

    def check(self, page, *, wait: bool = False) -> None:
        """Check the page as it is now. A document still loading (the test already moved on to the
        next page) is left to its own `load` event; `wait` waits for it instead (teardown)."""
        if page.is_closed() or not page.url.startswith("http"):
            return
        self.running = True
        try:
            if wait:
                page.wait_for_load_state()
            if page.evaluate("document.readyState") != "complete":
                return
            width = page.viewport_size["width"]
            url = page.url
            overflow = page.evaluate(OVERFLOW_SCRIPT)
            if overflow["needed"] > width:
                self.offenders.append(
                    f"{url} at {width} px: scrolls sideways (content {overflow['needed']} px wide: "
                    + ", ".join(overflow["culprits"])
                    + ")"
                )
            if width >= DESKTOP:
                self.offenders.extend(
                    f"{url} at {width} px: a box cuts off its content, {box}"
                    for box in page.evaluate(CLIPPING_BOXES_SCRIPT)
                )
            markup = page.evaluate('document.documentElement.outerHTML.replace(/value="[^"]*"/g, \'\').length')
            key = (url.split("#")[0], width, markup)
            if key not in _axe_seen:
                _axe_seen[key] = [
                    f"{v['id']} ({v['impact']}): {len(v['nodes'])}× "
                    + " | ".join(n["html"][:160] for n in v["nodes"][:4])
                    + " — "
                    + v["nodes"][0].get("failureSummary", "").replace("\n", " ")[:240]
                    for v in axe_violations(page)
                ]
            self.offenders.extend(f"{url} at {width} px: axe {found}" for found in _axe_seen[key])
        except Exception as error:  # the page navigated away while being checked: it is checked on its next load
            if "context was destroyed" not in str(error) and "navigation" not in str(error).lower():
                raise
        finally:
            self.running = False


@pytest.fixture(autouse=True)
def page_checks():
    """Checks every page of every browser context the test opens (also contexts it makes itself)."""
    checks = PageChecks(greenlet.getcurrent())
    original_sync = SyncBase._sync
    original_new_context = Browser.new_context

    def checked_sync(self, awaitable):
        __tracebackhide__ = True
        checks.before_call()
        return original_sync(self, awaitable)

    def watched_new_context(self, *args, **kwargs):
        context = original_new_context(self, *args, **kwargs)
        checks.watch_context(context)
        return context

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SyncBase, "_sync", checked_sync)
        patch.setattr(Browser, "new_context", watched_new_context)
        yield checks
        checks.run_pending(wait=True)
    if checks.offenders:
        pytest.fail(
            "Páginas que no pasan los controles de ancho y accesibilidad:\n"
            + "\n".join(dict.fromkeys(checks.offenders))
        )


def _new_page(browser, checks: PageChecks, **context_options):
    # Reduced motion: no CSS transitions, so axe reads a hovered button's colours as they end, not
    # halfway through a fade (Bootstrap drops its transitions under prefers-reduced-motion).
    context = browser.new_context(
        locale="es-CL", timezone_id="America/Santiago", reduced_motion="reduce", **context_options
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    # expect() waits for the page like every action does (a bare is_visible() right after a click raced the
    # navigation on a loaded CI machine).
    expect.set_options(timeout=15_000)
    checks.watch(page)
    return context, page


@pytest.fixture
def page(browser, live_server, transactional_db, page_checks):
    ensure_directorates()
    context, page = _new_page(browser, page_checks, viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    page_checks.run_pending(wait=True)
    context.close()


@pytest.fixture
def phone_page(browser, live_server, transactional_db, page_checks):
    ensure_directorates()
    context, page = _new_page(
        browser, page_checks, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield page
    page_checks.run_pending(wait=True)
    context.close()


@pytest.fixture
def worker(live_server):
    """A real queue worker on the test's database, for journeys whose documents, imports and tables are
    prepared in the background."""
    process = manage("db_worker", "--no-startup-delay", "--interval", "0.3")
    yield process
    process.terminate()
    try:
        process.wait(timeout=15)
    except Exception:
        process.kill()
        raise


def login(page, live_server, user, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/cuenta/ingresar/")
    page.get_by_label("Nombre de usuario").fill(user.username)
    page.get_by_label("Contraseña").fill(password)
    # Mi escritorio of a person who sees every app is the slowest page with demo data (a known
    # performance follow-up): on a loaded CI machine it took longer than the click's 15 s to load.
    page.get_by_role("button", name="Ingresar").click(no_wait_after=True)
    page.wait_for_url(f"{live_server.url}/", timeout=60_000)


def logout(page) -> None:
    page.locator(".user-menu .dropdown-toggle").click()
    page.get_by_role("button", name="Cerrar sesión").click()


# Resolves once the page has handled a window resize: the `resize` event (sent at the next frame, so
# after set_viewport_size returns), two more frames for the layout, and 100 ms for handlers that
# throttle their repositioning (CKEditor moves its balloons at most every 50 ms).
_AWAIT_RESIZE = """() => { window.__resized = new Promise((done) => window.addEventListener("resize", () =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100))), {once: true})); }"""


def set_width(page, width: int) -> None:
    """Show the page at another width (1280 or 390 px) and wait until its scripts have laid it out
    again: a check run any sooner sees boxes still placed for the old width."""
    height = 900 if width >= DESKTOP else 844
    if page.viewport_size == {"width": width, "height": height}:
        return
    page.evaluate(_AWAIT_RESIZE)
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate("() => window.__resized")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    checks = getattr(page, "page_checks", None)
    if checks is not None:  # what a test shows is checked as shown, also after changes without a load
        checks.run_pending(wait=True)
        checks.check(page, wait=True)
    path = SCREENSHOTS / f"{name}.png"
    # Written aside and renamed: tests run in parallel (pytest-xdist), and a reader never sees half a file.
    partial = SCREENSHOTS / f".{name}.{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.png"
    page.screenshot(path=str(partial), full_page=True)
    partial.replace(path)
    return path


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the page; return the violations of the given impacts."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]
