"""A walk through the whole site from its home page, on the demo data of ``make run``, signed
out, as an agent and as staff: no internal link answers with an error, and every public page
(the sitemap's) is at most three clicks away from the home page."""

import xml.etree.ElementTree as ET

import pytest

from tests.crawl import demo_site, walk

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def site(imported):
    return demo_site()


def sitemap_pages(client) -> set[str]:
    def locations(url):
        tree = ET.fromstring(client.get(url).content)
        return [
            element.text.removeprefix("http://testserver") for element in tree.iter(f"{SITEMAP}loc")
        ]

    return {page for section in locations("/sitemap.xml") for page in locations(section)}


@pytest.mark.parametrize("who", ["anonymous", "agent", "staff"])
def test_every_internal_link_answers_without_error(client, site, who):
    if who != "anonymous":
        client.force_login(site[who])

    result = walk(client)

    errors = {
        url: f"{status} (lien sur {result.found_on.get(url)})"
        for url, status in result.status.items()
        if status >= 400
    }
    assert errors == {}
    assert len(result.status) > 50  # the walk went through the site, not one page


def test_every_public_page_is_three_clicks_from_the_home_page(client, site):
    result = walk(client)
    public = sitemap_pages(client)

    too_far = {page: result.depth.get(page) for page in public if result.depth.get(page, 99) > 3}

    assert len(public) > 20
    assert too_far == {}
