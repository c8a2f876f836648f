"""The API's documentation page in a real browser: the site's frame, French, accessible."""

import pytest

from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_documentation_is_accessible(site, page):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(site + "/api/v1/docs")

    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("h1").inner_text() == "Documentation de l’API"
    assert page.locator("footer#pied-de-page").count() == 1
    assert page.locator("table").count() >= 10
    assert serious_violations(page) == []
    # Not in the main menu: the footer and the open data page link it.
    assert page.locator("#navigation-principale a[href='/api/v1/docs']").count() == 0
    assert page.locator("footer a[href='/api/v1/docs']").count() == 1
