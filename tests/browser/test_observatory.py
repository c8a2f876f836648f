"""The observatory's public pages in a real browser: screenshots and accessibility scans."""

import pytest

from tests.browser.conftest import serious_violations
from tests.observatory.public_results import build_published_results

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def results(site):
    build_published_results()
    return site


def test_national_view_and_its_maps(results, page, tmp_path):
    page.goto(results + "/observatoire/france/")
    page.screenshot(path=tmp_path / "france.png", full_page=True)

    assert (tmp_path / "france.png").read_bytes().startswith(b"\x89PNG")
    maps = page.locator("figure.choropleth")
    assert maps.count() == 2
    assert page.locator("figure.choropleth svg a").count() == 2 * 2  # Nièvre and Guadeloupe
    assert serious_violations(page) == []


def test_map_areas_are_reached_and_followed_with_the_keyboard(results, page):
    page.goto(results + "/observatoire/france/")
    area = page.locator('figure.choropleth a[aria-label="Nièvre : médiane 100"]')

    area.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Nièvre : médiane 100"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/observatoire/collectivites/departements/58/")
    assert "Nièvre" in page.locator("h1").inner_text()


def test_choosing_an_axis_redraws_the_maps(results, page):
    page.goto(results + "/observatoire/france/")

    page.select_option("#axe", "DATA")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**axe=DATA**")

    assert "Données d’intérêt général : médiane par département" in page.content()
    assert serious_violations(page) == []


def test_public_dashboard(results, page, tmp_path):
    # Village-0 (58900) published its scores in 2026.
    page.goto(results + "/observatoire/collectivites/communes/58900/?campagne=2026")
    page.screenshot(path=tmp_path / "tableau-de-bord.png", full_page=True)

    assert (tmp_path / "tableau-de-bord.png").read_bytes().startswith(b"\x89PNG")
    assert page.locator("h1").inner_text().startswith("Village-0")
    assert page.locator("svg").count() >= 1
    assert page.locator("table caption").count() >= page.locator("main svg").count() - 1
    assert serious_violations(page) == []


def test_comparison_with_a_chosen_group(results, page, tmp_path):
    page.goto(results + "/observatoire/collectivites/communes/58900/?campagne=2026")

    page.click("label[for=groupe-departement]")
    page.get_by_role("button", name="Comparer").click()
    page.wait_for_url("**groupe=departement**")
    page.screenshot(path=tmp_path / "comparaison.png", full_page=True)

    assert "Pairs : " in page.content()
    assert serious_violations(page) == []
    page.goto(results + "/observatoire/collectivites/communes/58900/questions/?campagne=2026")
    assert serious_violations(page) == []
