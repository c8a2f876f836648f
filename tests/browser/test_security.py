"""The Content-Security-Policy in a real browser: what it refuses is seen, what the site needs
still runs."""

import pytest

from tests.browser.conftest import csp_violations
from tests.observatory.public_results import build_published_results

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_inline_script_or_style_is_refused_and_reported(site, browser):
    context = browser.new_context()
    violations = csp_violations(context)
    page = context.new_page()
    page.goto(site + "/")

    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
          const style = document.createElement("style");
          style.textContent = "body { color: red; }";
          document.head.append(style);
        }"""
    )

    assert page.evaluate("window.injected") is None
    page.wait_for_timeout(200)
    assert any("script-src" in violation for violation in violations), violations
    assert any("style-src" in violation for violation in violations), violations
    assert page.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"
    context.close()


def test_the_dsfr_htmx_and_the_print_button_run_under_the_policy(site, page):
    build_published_results()
    page.add_init_script("window.print = () => { window.printed = true; };")
    # Village-0 (58900) published its scores in 2026.
    page.goto(site + "/observatoire/collectivites/communes/58900/synthese/?campagne=2026")

    assert page.evaluate("document.documentElement.dataset.frJs") == "true"
    page.get_by_role("button", name="Imprimer").click()
    assert page.evaluate("window.printed") is True
    page.locator("#recherche-territoire").fill("nevers")
    assert page.locator("#suggestions-entete a").first.inner_text() != ""
