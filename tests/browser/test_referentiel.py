"""The référentiel pages in a real browser: search as one types, keyboard, accessibility."""

import pytest

from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/", "La transformation numérique des collectivités, ensemble"),
        ("/territoires/", "Les territoires"),
        ("/territoires/communes/58194/", "Nevers"),
        ("/territoires/departements/58/", "Nièvre"),
        ("/territoires/recherche/?q=58000", "Rechercher un territoire"),
        ("/accessibilite/", "Déclaration d’accessibilité"),
        ("/page-inexistante/", "Page introuvable"),
    ],
)
def test_pages_have_no_serious_accessibility_violation(site, page, path, title):
    page.goto(site + path)

    # The page's own title is what the visitor sees first, styled and in view, below the header.
    heading = page.locator("main h1")
    assert heading.inner_text() == title
    assert heading.is_visible()
    header_box = page.locator("header.fr-header").bounding_box()
    assert heading.bounding_box()["y"] >= header_box["y"] + header_box["height"]
    assert serious_violations(page) == []


def test_the_accessibility_scan_can_fail(page):
    page.set_content('<html lang="fr"><body><main><img src="carte.png"></main></body></html>')

    assert any(v.startswith("image-alt (critical)") for v in serious_violations(page))


def test_header_search_suggests_as_one_types_and_works_with_the_keyboard(site, page):
    page.goto(site + "/")

    page.fill("#recherche-territoire", "")
    page.type("#recherche-territoire", "nev", delay=50)
    suggestion = page.locator("#suggestions-entete a", has_text="Nevers").first
    suggestion.wait_for(timeout=5000)
    assert page.locator("#suggestions-entete-statut").inner_text().strip() == "2 suggestions"

    page.keyboard.press("Tab")  # the submit button
    page.keyboard.press("Tab")  # the first suggestion
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        "/territoires/communes/58194/"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/territoires/communes/58194/")
    assert page.locator("h1").inner_text() == "Nevers"


def test_search_form_submits_to_the_results_page(site, page):
    page.goto(site + "/territoires/recherche/")

    page.fill("#recherche-page", "st eloi")
    page.keyboard.press("Enter")
    page.wait_for_url("**/territoires/recherche/?q=st+eloi")

    assert "1 territoire trouvé" in page.locator("[role=status]").inner_text()
    page.get_by_role("link", name="Saint-Éloi").click()
    assert page.locator("h1").inner_text() == "Saint-Éloi"
