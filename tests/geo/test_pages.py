"""Territory pages, the territories index and the search pages, as a visitor sees them."""

import copy
import io

import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains, assertNotContains

from tests.referentiel import SMALL_REFERENTIEL, write_referentiel

pytestmark = pytest.mark.django_db


def test_commune_page_shows_its_facts_and_hierarchy(client, imported):
    response = client.get("/territoires/communes/58194/")

    assertContains(response, "<h1>Nevers</h1>", html=True)
    assertContains(response, "33\u202f085 habitants")
    assertContains(response, "215801945")
    assertContains(response, "58000")
    assertContains(response, "Communes de 20\u202f000 à 49\u202f999 hab.")
    breadcrumb = response.content.decode().split('class="fr-breadcrumb__list"')[1].split("</ol>")[0]
    positions = [
        breadcrumb.index(name) for name in ("Bourgogne-Franche-Comté", "Nièvre", "CA de Nevers")
    ]
    assert positions == sorted(positions)
    assertContains(response, 'href="/territoires/epci/245804406/"')
    assertContains(response, 'href="/territoires/departements/58/"')


def test_epci_page_lists_its_communes(client, imported):
    response = client.get("/territoires/epci/245804406/")

    assertContains(response, "Communauté d’agglomération")
    assertContains(response, "Communes membres (2)")
    assertContains(response, 'href="/territoires/communes/58194/"')
    assertContains(response, 'href="/territoires/communes/58050/"')
    assertNotContains(response, 'href="/territoires/communes/58238/"')


def test_departement_page_lists_epci_and_communes_paginated(client, imported, monkeypatch):
    monkeypatch.setattr("territoires.geo.views.MEMBERS_PER_PAGE", 2)

    first = client.get("/territoires/departements/58/")
    assertContains(first, "EPCI à fiscalité propre (2)")
    assertContains(first, "Communes (5)")
    assertContains(first, 'href="/territoires/communes/58194/"')
    assertNotContains(first, 'href="/territoires/communes/58011/"')
    assertContains(first, 'href="?page-commune=3"')

    last = client.get("/territoires/departements/58/", {"page-commune": 3})
    assertContains(last, 'href="/territoires/communes/58011/"')
    assertNotContains(last, 'href="/territoires/communes/58194/"')


def test_region_page_lists_departements(client, imported):
    response = client.get("/territoires/regions/27/")

    assertContains(response, "Départements (1)")
    assertContains(response, 'href="/territoires/departements/58/"')


def test_collectivite_d_outre_mer_page(client, imported):
    response = client.get("/territoires/collectivites-outre-mer/975/")

    assertContains(response, "Collectivité d’outre-mer")
    assertContains(response, 'href="/territoires/communes/97502/"')


def test_commune_without_population_says_so(client, imported):
    response = client.get("/territoires/communes/97199/")

    assertContains(response, "Inconnue")


def test_corsican_codes_are_case_insensitive_in_urls(client, tmp_path):
    corsica = copy.deepcopy(SMALL_REFERENTIEL)
    corsica["regions.json"].append(
        {"code": "94", "chefLieu": "2A004", "nom": "Corse", "zone": "metro"}
    )
    corsica["departements.json"].append(
        {"code": "2A", "region": "94", "chefLieu": "2A004", "nom": "Corse-du-Sud", "zone": "metro"}
    )
    corsica["communes.json"].append(
        {
            "code": "2A004",
            "nom": "Ajaccio",
            "type": "commune-actuelle",
            "zone": "metro",
            "departement": "2A",
            "region": "94",
            "codesPostaux": ["20000"],
        }
    )
    call_command(
        "import_referentiel",
        data_dir=write_referentiel(tmp_path / "corse", corsica),
        stdout=io.StringIO(),
    )

    for code in ("2A004", "2a004"):
        assertContains(client.get(f"/territoires/communes/{code}/"), "Ajaccio")
    for code in ("2A", "2a"):
        assertContains(client.get(f"/territoires/departements/{code}/"), "Corse-du-Sud")
    assert client.get("/territoires/regions/999/").status_code == 404
    assert client.get("/territoires/pays/58/").status_code == 404


def test_unknown_territory_is_a_404_in_the_site_frame(client, imported):
    response = client.get("/territoires/communes/00000/")

    assertContains(response, "Page introuvable", status_code=404)
    assertContains(response, 'lang="fr"', status_code=404)
    assertContains(response, "fr-footer", status_code=404)


def test_retired_commune_links_to_its_successor(client, imported):
    from territoires.geo.models import Territory

    Territory.objects.filter(code="58011", kind="commune").update(
        is_current=False, successor=Territory.objects.get(kind="commune", code="58010")
    )
    response = client.get("/territoires/communes/58011/")

    assertContains(response, "Territoire disparu")
    assertContains(response, 'href="/territoires/communes/58010/"')


def test_index_lists_regions_departements_and_outre_mer(client, imported):
    response = client.get("/territoires/")

    assertContains(response, 'href="/territoires/regions/27/"')
    assertContains(response, "58 — Nièvre")
    assertContains(response, 'href="/territoires/collectivites-outre-mer/975/"')


def test_search_page_works_without_javascript(client, imported):
    response = client.get("/territoires/recherche/", {"q": "st eloi"})

    assertContains(response, "1 territoire trouvé pour « st eloi ».")
    assertContains(response, 'href="/territoires/communes/58238/"')


def test_search_page_with_no_result_explains(client, imported):
    response = client.get("/territoires/recherche/", {"q": "zzzz"})

    assertContains(response, "Aucun territoire ne correspond à « zzzz ».")


def test_search_page_paginates(client, imported, monkeypatch):
    monkeypatch.setattr("territoires.geo.views.SEARCH_RESULTS_PER_PAGE", 1)

    response = client.get("/territoires/recherche/", {"q": "58000", "page": 2})

    assertContains(response, "3 territoires trouvés")
    assertContains(response, 'href="/territoires/communes/58050/"')
    assertContains(response, 'href="?q=58000&amp;page=3"')


def test_suggestions_as_one_types(client, imported):
    response = client.get("/territoires/suggestions/", {"q": "nev"}, HTTP_HX_REQUEST="true")

    assertContains(response, "2 suggestions")
    assertContains(response, 'href="/territoires/communes/58194/"')
    assertNotContains(response, "<html")


def test_no_suggestion_under_two_characters(client, imported):
    response = client.get("/territoires/suggestions/", {"q": "n"})

    assertNotContains(response, "<li")
