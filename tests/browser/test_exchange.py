"""The bourse in a real browser: a village expresses a need, reads the offers ranked with the
breakdown of their scores, asks for the best one and lands on the agreement page; axe finds
no serious or critical violation on any of these pages."""

import pytest

from territoires.exchange.models import Agreement, Need
from tests.browser.conftest import serious_violations, sign_in_browser
from tests.exchange.conftest import world  # noqa: F401  (fixture)
from tests.exchange.factories import OfferFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_need_its_ranked_offers_and_the_agreement_page(site, page, world):  # noqa: F811
    OfferFactory(title="DPO de l’OPSN", provider__name="OPSN du Centre", provider__kind="opsn")
    sign_in_browser(page, site, world["requester_member"])

    page.goto(site + "/bourse/besoins/nouveau/")
    assert serious_violations(page) == []
    page.get_by_label("Compétence").select_option("dpo-mutualise")
    page.get_by_label("Description du besoin").fill("Un DPO pour nos traitements.")
    page.get_by_label("Urgence").select_option("forte")
    page.get_by_label("Budget").select_option("aucun")
    page.get_by_role("button", name="Enregistrer le besoin").press("Enter")
    page.get_by_role("heading", name="Offres qui peuvent y répondre").wait_for(timeout=10_000)

    need = Need.objects.get()
    assert (need.organisation, need.is_published) == (world["requester"], False)
    assert serious_violations(page) == []
    first = page.get_by_role("table", name="Détail du score de l’offre « DPO mutualisé »")
    assert first.get_by_role("row").count() == 6  # the header and the five parts
    assert page.get_by_text("Hors de votre intercommunalité").count() == 1  # the OPSN's

    page.get_by_role("link", name="Demander cette offre").first.click()
    page.get_by_label("Votre message à l’offreur").fill("Bonjour, pouvez-vous nous aider ?")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.get_by_role("table", name="Historique de l’accord").wait_for(timeout=10_000)

    agreement = Agreement.objects.get()
    assert (agreement.offer, agreement.requester) == (world["offer"], world["requester"])
    assert serious_violations(page) == []


def test_the_public_pages_of_the_bourse(site, page, world):  # noqa: F811
    for path in ("/bourse/", "/bourse/besoins/", "/bourse/donnees-ouvertes/"):
        page.goto(site + path)
        assert serious_violations(page) == [], path
    assert page.get_by_role("table", name="Offres publiées par département desservi").count() == 1
