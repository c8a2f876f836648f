"""The sitemap lists every public page, and never a collectivité that keeps its results private;
the embeddable widget has the site's favicon."""

import xml.etree.ElementTree as ET

from django.urls import reverse

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return [element.text for element in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_the_sitemap_lists_public_pages_and_only_public_dashboards(client, published):
    sections = locations(client, "/sitemap.xml")
    pages = [url for section in sections for url in locations(client, section)]

    assert "http://testserver/" in pages
    assert "http://testserver/contact/" in pages
    assert "http://testserver/observatoire/" in pages
    assert "http://testserver/observatoire/france/" in pages
    assert "http://testserver" + published.commune(0).get_absolute_url() in pages
    dashboards = {url for url in pages if "/observatoire/collectivites/" in url}
    # Communes 0, 1, 3 and 5 and Basse-Terre publish their scores (2024's demo: Challuy);
    # 2 and 4 chose anonymous aggregates only, 6 is a draft: never listed.
    expected = [published.commune(n) for n in (0, 1, 3, 5)] + [
        published.basse_terre,
        published.challuy,
    ]
    assert dashboards == {
        f"http://testserver/observatoire/collectivites/communes/{territory.code}/"
        for territory in expected
    }
    for private in (2, 4, 6):
        assert not any(published.commune(private).code in url for url in dashboards)
    for url in dashboards:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_the_widget_has_the_favicon_too(client, published):
    commune = published.commune(0)
    response = client.get(reverse("observatory_public:widget", args=["commune", commune.code]))

    assert 'rel="icon"' in response.content.decode()


def test_a_departement_page_links_the_dashboards_of_its_publishing_collectivites(client, published):
    nievre = client.get("/territoires/departements/58/").content.decode()

    listed = {
        n
        for n in range(7)
        if f"/observatoire/collectivites/communes/{published.commune(n).code}/" in nievre
    }
    # Communes 0, 1, 3 and 5 publish their scores; 2 and 4 chose anonymous aggregates only,
    # 6 is a draft.
    assert listed == {0, 1, 3, 5}
    assert "Collectivités qui publient leurs résultats de l’Observatoire" in nievre
