"""Every key page fits its width, on a phone (375 px) and on a laptop (1280 px), its buttons
show their whole label.

A page wider than the window hides what sits beyond its right edge (a table's last columns,
download links); wide content scrolls inside its own container, reachable with the keyboard.
"""

import pytest

from territoires.accounts.models import Organisation
from territoires.observatory.enums import Publication
from territoires.observatory.results import campaign_recompute
from tests.browser.conftest import serious_violations, sign_in_browser
from tests.geo.factories import TerritoryFactory
from tests.observatory.conftest import start, url, world  # noqa: F401  (fixture)
from tests.observatory.factories import AssessmentFactory
from tests.observatory.public_results import build_published_results

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [375, 1280]
# How many pixels the page is wider than the window, and the elements that stick out first
# (their parent fits): where to look.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const out = element =>
    element.getBoundingClientRect().right > width + 1 && !element.closest(".fr-table__container");
  const first = [...document.body.querySelectorAll("*")]
    .filter(element => out(element) && !out(element.parentElement))
    .slice(0, 3)
    .map(element => element.tagName.toLowerCase() + "." + [...element.classList].join("."));
  return [document.documentElement.scrollWidth - width, first];
}"""
# The buttons whose label is cut (a DSFR button group shows its icon buttons as icons only).
CUT_BUTTONS = """() => [...document.querySelectorAll("main .fr-btn")]
  .filter(button => button.offsetParent && button.scrollWidth > button.clientWidth + 1)
  .map(button => button.textContent.trim())"""


def overflows(page, site: str, paths: list[str], screenshots) -> list[str]:
    """The pages of ``paths`` wider than the window, at each width, with how many pixels."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(site + path)
            name = path.strip("/").replace("/", "-").replace("?", "-") or "accueil"
            page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
            excess, first = page.evaluate(OVERFLOW)
            if excess > 0:
                found.append(f"{path} à {width} px : {excess} px de trop ({', '.join(first)})")
            found += [
                f"{path} à {width} px : bouton coupé « {label} »"
                for label in page.evaluate(CUT_BUTTONS)
            ]
    return found


def test_public_pages_fit_their_width(site, page, tmp_path):
    results = build_published_results()
    village = results.commune(0)
    paths = [
        "/",
        "/observatoire/",
        "/observatoire/france/",
        f"/observatoire/collectivites/communes/{village.code}/?campagne=2026",
        f"/observatoire/collectivites/communes/{village.code}/?campagne=2026&groupe=departement",
        "/observatoire/collectivites/regions/27/?campagne=2026",
        "/observatoire/methodologie/",
        "/observatoire/donnees-ouvertes/",
    ]

    found = overflows(page, site, paths, tmp_path)
    assert not found, "\n".join(found)
    # At 1280 px, the open data files are downloaded without scrolling sideways.
    page.goto(site + "/observatoire/donnees-ouvertes/")
    links = page.locator("main a.fr-link--download")
    assert links.count() > 0
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] + box["width"] <= 1280


def test_signed_in_pages_fit_their_width(site, page, world, tmp_path):  # noqa: F811
    assessment = start(world)
    nevers = Organisation.objects.get(territory=world["nevers"])
    sign_in_browser(page, site, world["referent"])
    paths = [
        f"/organisations/{nevers.pk}/",
        url("assessment", assessment),
        url("assessment_axis", assessment, "LAB"),
        "/compte/",
    ]
    found = overflows(page, site, paths, tmp_path)
    sign_in_browser(page, site, world["staff"])
    staff_paths = [f"/observatoire/equipe/campagnes/{world['campaign'].pk}/"]

    found += overflows(page, site, staff_paths, tmp_path)
    assert not found, "\n".join(found)


# The texts of the bar charts that stick out of their drawing, and the smallest font size on
# screen (the drawing scales with the page).
CHART_TEXTS = """() => {
  const texts = [...document.querySelectorAll("svg.bar-chart__svg text")];
  const clipped = texts.filter(text => {
    const box = text.getBBox(), width = text.ownerSVGElement.viewBox.baseVal.width;
    return box.x < 0 || box.x + box.width > width;
  }).map(text => text.textContent);
  const sizes = texts.map(text => text.getBoundingClientRect().height);
  return [clipped, Math.min(...sizes)];
}"""


def test_chart_labels_are_whole_and_readable_on_a_phone(site, page):
    results = build_published_results()
    # Five more published collectivités, outside the villages' stratum and département: the
    # national group then differs from the stratum by more than the minimum group, and the
    # statistical secrecy lets the comparison (and its chart) be shown.
    for n in range(5):
        AssessmentFactory(
            campaign=results.campaign,
            territory=TerritoryFactory(population=5000 + n),
            light=True,
            submitted=True,
            publication=Publication.SCORES,
            answers="best",
        )
    campaign_recompute(campaign=results.campaign)
    dashboard = f"/observatoire/collectivites/communes/{results.commune(0).code}/?campagne=2026"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site + dashboard)
        assert "Aménagement numérique du territoire" in (
            page.locator("svg.bar-chart__svg").first.inner_html()
        )

        clipped, smallest = page.evaluate(CHART_TEXTS)
        assert clipped == []
        assert smallest >= 11


def test_methodology_shows_its_example_whole_and_levels_from_0(site, page):
    page.goto(site + "/observatoire/methodologie/")

    example = page.locator(".fr-table__container").first
    assert example.evaluate("element => element.scrollWidth <= element.clientWidth")
    assert "Pondération" in example.inner_text()
    levels = page.locator("main td ol").first.locator("li")
    assert levels.first.inner_text().startswith("0 : ")
    assert levels.last.inner_text().startswith("4 : ")
    assert serious_violations(page) == []


def _rgb_luminance(rgb: str) -> float:
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : -1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_maps_fill_a_phone_and_keep_their_labels_in_dark_mode(site, page):
    build_published_results()
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(site + "/observatoire/france/")
    page.evaluate("document.documentElement.setAttribute('data-fr-theme', 'dark')")
    svg = page.locator("figure.choropleth svg").first
    label = svg.locator("text.choropleth__tile-label").first

    assert svg.bounding_box()["width"] >= 300
    background = svg.evaluate("element => getComputedStyle(element).backgroundColor")
    fill = label.evaluate("element => getComputedStyle(element).fill")
    darker, lighter = sorted([_rgb_luminance(background), _rgb_luminance(fill)])
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5, (fill, background)
