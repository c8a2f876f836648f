"""The embeddable widget in a real browser, at the size of the embed code offered."""

import pytest

from territoires.geo.models import Territory
from territoires.observatory.public.views import WIDGET_HEIGHT, WIDGET_WIDTH
from tests.browser.conftest import serious_violations
from tests.observatory.public_results import build_published_results

pytestmark = pytest.mark.django_db(transaction=True)

# The longest name of a French commune.
LONGEST_NAME = "Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson"


@pytest.mark.parametrize("code", ["58900", "58050"], ids=["indice", "démonstration"])
def test_the_embed_code_shows_the_whole_widget(site, page, code):
    build_published_results()
    # The demo campaign's widget has one more line; the longest name wraps the most.
    Territory.objects.filter(kind="commune", code=code).update(name=LONGEST_NAME)
    page.set_viewport_size({"width": WIDGET_WIDTH, "height": WIDGET_HEIGHT})

    page.goto(f"{site}/observatoire/vignette/commune/{code}/")

    assert LONGEST_NAME in page.locator("h1").inner_text()
    size = page.evaluate(
        "({height: document.documentElement.scrollHeight,"
        " width: document.documentElement.scrollWidth})"
    )
    assert size["height"] <= WIDGET_HEIGHT
    assert size["width"] <= WIDGET_WIDTH
    assert serious_violations(page) == []
