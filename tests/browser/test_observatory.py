"""The observatory's public pages in a real browser: what a visitor sees, accessibility scans."""

import pytest

from territoires.observatory.enums import AssessmentStatus, Publication
from tests.browser.conftest import serious_violations
from tests.geo.factories import CommuneFactory
from tests.observatory.factories import CampaignFactory, light_assessments, publish
from tests.observatory.public_results import build_published_results

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def results(site):
    build_published_results()
    return site


def test_national_view_and_its_maps(results, page):
    page.goto(results + "/observatoire/france/")

    maps = page.locator("figure.choropleth")
    assert maps.count() == 2
    # Each area is painted in the colour the legend gives its median: the Nièvre and its
    # région (median 100) in the swatch of « Exemplaire (indice de 80 à 100) »; the
    # Guadeloupe (Basse-Terre alone) hatched, as « Donnée indisponible ».
    for figure, area in zip(maps.all(), ["Nièvre", "Bourgogne-Franche-Comté"], strict=True):
        areas = figure.locator("svg a")
        assert areas.evaluate_all("links => links.map(a => a.getAttribute('aria-label'))") == [
            f"{area} : médiane 100",
            "Guadeloupe : médiane donnée indisponible",
        ]
        assert figure.locator("svg").is_visible()
        swatches = figure.locator(".choropleth__legend li")
        colours = [
            swatches.nth(n).locator("span").evaluate("s => getComputedStyle(s).backgroundColor")
            for n in range(6)
        ]
        assert len(set(colours[:5])) == 5  # five classes, five colours
        exemplary = swatches.filter(has_text="Exemplaire (indice de 80 à 100)").locator("span")
        fill = "e => getComputedStyle(e).fill"
        assert areas.nth(0).locator("path").evaluate(fill) == exemplary.evaluate(
            "s => getComputedStyle(s).backgroundColor"
        )
        assert areas.nth(1).locator("rect").evaluate(fill).startswith("url(")
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


@pytest.fixture
def compared(site):
    """Village-0's public dashboard, with two groups to compare with: five villages (0 to 499
    inhabitants; the best answers three times, the worst twice: index 100, 100, 100, 0, 0),
    which publish their scores, and five bourgs (500 to 1,999; the worst answers: 0), which
    keep them private, all in the Nièvre. The statistical secrecy (ADR 0009) lets both groups
    be published: the villages' stratum hides no score, the communes of the Nièvre hide the
    five of the bourgs, five more than the stratum."""
    campaign = CampaignFactory(year=2026)
    villages = CommuneFactory.create_batch(5)
    bourgs = [
        CommuneFactory(
            code=f"{58950 + n}",
            name=f"Bourg-{n}",
            stratum="commune-500-1999",
            population=600 + n,
            departement=villages[0].departement,
        )
        for n in range(5)
    ]
    submitted = AssessmentStatus.SUBMITTED
    light_assessments(
        campaign,
        villages,
        [(Publication.SCORES, submitted, "best")] * 3
        + [(Publication.SCORES, submitted, "worst")] * 2,
    )
    light_assessments(campaign, bourgs, [(Publication.AGGREGATES, submitted, "worst")] * 5)
    publish(campaign)
    return f"{site}/observatoire/collectivites/communes/{villages[0].code}/"


def index_row(page) -> str:
    """The index's row in the table beside the chart, as the visitor reads it."""
    row = page.locator("main table tr").filter(has=page.locator("th", has_text="Indice de"))
    return " ".join(row.first.inner_text().split())


def index_median_x(page) -> float:
    """Where the chart draws the peers' median of the index (its first bar)."""
    return float(page.locator("main svg .bar-chart__median").first.get_attribute("x1"))


def test_public_dashboard(compared, page):
    page.goto(compared + "?campagne=2026")

    assert page.locator("h1").inner_text().startswith("Village-0")
    assert "Indice de maturité : 100,0 sur 100" in page.locator("main").inner_text()
    # The stratum, by default: 0, 0, 100, 100, 100: median 100, quartiles 0 and 100; the chart
    # puts the median at the end of its 0-100 axis (x from 12 to 352), its table says it.
    assert "Pairs : les collectivités de la strate « Communes de moins de 500 hab. »" in (
        page.locator("main").inner_text()
    )
    assert page.locator("main svg.bar-chart__svg").is_visible()
    assert index_median_x(page) == 352
    assert index_row(page) == "Indice de maturité 100,0 0,0 100,0 100,0 5"
    assert serious_violations(page) == []


def test_comparison_with_a_chosen_group(compared, page):
    page.goto(compared + "?campagne=2026")

    page.click("label[for=groupe-departement]")
    page.get_by_role("button", name="Comparer").click()
    page.wait_for_url("**groupe=departement**")

    # The communes of the Nièvre: the villages' 100, 100, 100, 0, 0 and the bourgs' five 0:
    # median 0 (positions 4 and 5 of 0..9 are both 0), quartiles at positions 2.25 and 6.75:
    # 0 and 75. The chart's median moves to the start of its axis.
    assert "Pairs : les communes de la Nièvre" in page.locator("main").inner_text()
    assert index_row(page) == "Indice de maturité 100,0 0,0 0,0 75,0 10"
    assert index_median_x(page) == 12
    assert page.locator("#groupe-departement").is_checked()
    assert serious_violations(page) == []
    page.goto(compared + "questions/?campagne=2026&groupe=departement")
    assert serious_violations(page) == []
