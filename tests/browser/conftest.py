"""Browser tests: Debian's Chromium driven by Playwright against the app on a real HTTP server.

The app runs under pytest-django's ``live_server`` (loopback); no browser is
downloaded, Playwright drives ``/usr/bin/chromium``, which ``make test``
installs. Pages are scanned with axe-core from the npm packages. A test fails on any
Content-Security-Policy violation that Chromium reports.
"""

import io
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), f"{CHROMIUM} est absent : « make test » installe chromium."
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API runs an event loop in this thread; the ORM calls of
        # the tests themselves stay synchronous.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# Every page reports the violations of its Content-Security-Policy to the test; the script is
# the browser's own (an init script), which the policy does not govern.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} refused ${event.blockedURI || "inline"} `
    + `(${event.sourceFile}:${event.lineNumber}) on ${document.location.href}`
  );
});
"""


def csp_violations(context) -> list[str]:
    """The Content-Security-Policy violations of ``context``'s pages, as they happen: the
    ``securitypolicyviolation`` events and the console messages of Chromium about the CSP."""
    violations = []
    context.expose_function("reportCspViolation", lambda violation: violations.append(violation))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    context.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


@pytest.fixture
def page(browser):
    """A page whose test fails if the browser refuses anything under the site's CSP."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    violations = csp_violations(context)
    yield context.new_page()
    context.close()
    if violations:
        pytest.fail("Violations de la Content-Security-Policy :\n" + "\n".join(violations))


class OneRequestAtATime:
    """The live server's application taking one request at a time, its response read whole.

    On SQLite the tests' database lives in memory: every request thread of the live server
    shares its one connection, and two requests in flight at once (a save as one types, then a
    click) interleave their statements on it and break each other's transactions (« cannot
    release savepoint »). On PostgreSQL each thread has its own connection and nothing waits.
    """

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            response = self.app(environ, start_response)
            try:
                return list(response)
            finally:
                response.close()


@pytest.fixture
def site(live_server, transactional_db, small_data_dir):
    """The app on a real HTTP server, with the small référentiel imported."""
    server = live_server.thread.httpd
    if live_server.thread.connections_override and not isinstance(
        server.get_app(), OneRequestAtATime
    ):
        server.set_app(OneRequestAtATime(server.get_app()))
    call_command("import_referentiel", data_dir=small_data_dir, stdout=io.StringIO())
    return live_server.url


def sign_in_browser(page, site: str, user) -> None:
    """Sign the browser in as ``user``: the session cookie of a test client signed in."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": urlsplit(site).hostname,
                "path": "/",
            }
        ]
    )


def serious_violations(page) -> list[str]:
    """The serious and critical axe-core violations of the current page."""
    # Evaluated through the browser's debugging protocol, not as an inline script of the page,
    # which the site's Content-Security-Policy refuses.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
