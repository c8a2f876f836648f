"""The catalogue of communs in a real browser: a fiche with its users and map, and the search
with its suggestions as one types; axe finds no serious or critical violation."""

import pytest

from territoires.geo.models import Territory
from tests.accounts.factories import OrganisationFactory
from tests.browser.conftest import serious_violations
from tests.commons.factories import CommunFactory, ExperienceReportFactory, UsageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue(site):
    nevers = Territory.objects.get(kind="commune", code="58194")
    parapheur = CommunFactory(
        name="Parapheur libre",
        slug="parapheur-libre",
        summary="Faire circuler et signer les documents des élus.",
        description="## Pour qui\n\nLes **groupements**.\n\n- signature\n- circuit",
        axes=["EADM", "ARCH"],
        licence="AGPL-3.0-or-later",
    )
    UsageFactory(
        commun=parapheur, organisation=OrganisationFactory(territory=nevers, name="Nevers")
    )
    CommunFactory(
        name="Portail de données", slug="donnees", summary="Publier ses données ouvertes."
    )
    ExperienceReportFactory(title="Un parapheur pour douze communes", communs=[parapheur])
    return site


def test_the_page_of_a_commun(catalogue, page):
    page.goto(catalogue + "/communs/parapheur-libre/")
    assert page.locator("h1").inner_text() == "Parapheur libre"
    assert page.locator("figure.choropleth svg").count() == 1
    assert "Nevers" in page.locator("table").first.inner_text()
    assert serious_violations(page) == []


def test_the_search_suggests_as_one_types_and_lists_results(catalogue, page):
    page.goto(catalogue + "/communs/")
    page.locator("#recherche-communs").press_sequentially("parap", delay=40)
    suggestion = page.locator("#suggestions-communs a", has_text="Parapheur libre")
    suggestion.wait_for()
    assert serious_violations(page) == []
    suggestion.click()
    page.wait_for_url("**/communs/parapheur-libre/")
    # The full results page, without JavaScript's help: plural and accents ignored.
    page.goto(catalogue + "/communs/")
    page.locator("#recherche-communs").fill("SIGNATURES élus")
    page.get_by_role("button", name="Rechercher").last.click()
    page.wait_for_url("**/communs/?q=SIGNATURES**")
    assert "1 commun pour « SIGNATURES élus »" in page.locator("main").inner_text()
    assert serious_violations(page) == []
