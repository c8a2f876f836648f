"""From a gap to help: on a collectivité's results page, for each weak axis, the bourse's
offers that can close it (ranked as for a need) and the peers that score well on it and
offer help, with a link that starts a prefilled request. A small campaign worked by hand."""

from urllib.parse import quote_plus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from territoires.observatory.dashboard.views import dashboard_url
from territoires.observatory.enums import AssessmentStatus, Publication
from territoires.observatory.models import AssessmentScore
from tests.accounts.factories import OrganisationFactory
from tests.exchange.factories import OfferFactory
from tests.geo.factories import CommuneFactory, TerritoryFactory
from tests.observatory.factories import AssessmentFactory, CampaignFactory

pytestmark = pytest.mark.django_db


def scored(campaign, territory, axis_scores, publication=Publication.SCORES):
    assessment = AssessmentFactory(
        campaign=campaign,
        territory=territory,
        status=AssessmentStatus.SUBMITTED,
        publication=publication,
    )
    AssessmentScore.objects.create(
        assessment=assessment, index=50, level=3, completeness=100, axis_scores=axis_scores
    )
    return assessment


@pytest.fixture
def campaign(world):
    """The village scores 25 on RGPD and 30 on ARCH (level 2: gaps) and 90 on CYBR (not a
    gap; no peer median under 5 assessments). Its EPCI, which offers a shared DPO, scores 80
    on RGPD and publishes it; another provider of a DPO scores 50 (not « well »); a third
    scores 90 but keeps its scores private."""
    campaign = CampaignFactory(published=True)
    village = scored(campaign, world["village"], {"RGPD": 25.0, "ARCH": 30.0, "CYBR": 90.0})
    scored(campaign, world["epci"], {"RGPD": 80.0})
    average = OrganisationFactory(
        name="Commune moyenne", territory=CommuneFactory(siren="215800005")
    )
    OfferFactory(provider=average, title="DPO moyen", contact_email="x@moyenne.fr")
    scored(campaign, average.territory, {"RGPD": 50.0})
    private = OrganisationFactory(
        name="Commune discrète", territory=CommuneFactory(siren="215800006")
    )
    OfferFactory(provider=private, title="DPO discret", draft=True)
    scored(campaign, private.territory, {"RGPD": 90.0}, publication=Publication.AGGREGATES)
    # An OPSN with no territory: archives and a DPO for all France.
    opsn = OrganisationFactory(name="OPSN du Centre", kind="opsn")
    OfferFactory(provider=opsn, title="Archivage partagé", skill="archivage")
    OfferFactory(provider=opsn, title="DPO de l’OPSN")
    # Out of the village's area: not shown.
    elsewhere = TerritoryFactory(kind="departement", code="21", name="Côte-d’Or")
    OfferFactory(provider=opsn, title="Archives de Côte-d’Or", skill="archivage", national=False,
                 area=[elsewhere])  # fmt: skip
    return village


def test_each_weak_axis_shows_the_offers_ranked_and_the_peers_that_score_well(
    client, world, campaign
):
    client.force_login(world["requester_member"])

    page = client.get(reverse("observatory:assessment_results", args=[campaign.pk]))

    assertContains(page, "Bourse d’échange de compétences")
    text = page.content.decode()
    help_ = text[text.index("Bourse d’échange de compétences") :]
    rgpd = help_[
        help_.index("Protection des données personnelles") : help_.index("Archivage électronique")
    ]
    archives = help_[help_.index("Archivage électronique") :]
    offers, peers = rgpd.split("Des pairs avancés sur cet axe proposent leur aide")
    # RGPD: the EPCI's DPO, 40 + 25 (same EPCI) + 15 (13 times larger, capped) + 10 (2 places
    # of 2) + 5 (no history) = 95; the average commune's (Village-2, 102 inhabitants, in no
    # EPCI), 40 + 20 (same département) + 15 × log10(102 / 100) (0.13) + 10 + 5 = 75.13; the
    # OPSN's, 40 + 5 (no territory) + 7.5 (size unknown) + 10 + 5 = 67.5.
    positions = [offers.index(title) for title in ("DPO mutualisé", "DPO moyen", "DPO de l’OPSN")]
    assert positions == sorted(positions)
    for score in ("95,0", "75,1", "67,5"):
        assert f"score {score} sur 100" in offers
    assert "DPO discret" not in offers  # a draft
    # Peers: the EPCI (80), not the average commune (50) nor the private one (90).
    assert "CC Amognes (80,0 sur 100)" in peers
    assert "Commune moyenne" not in peers and "Commune discrète" not in peers
    # Archives: the OPSN's national offer, not the one out of the area; CYBR is no gap.
    assert "Archivage partagé" in archives and "Côte-d’Or" not in archives
    assertNotContains(page, '<h4 class="fr-h6 fr-mb-1w">Cybersécurité</h4>', html=True)
    # One click starts a request, its message prefilled with the gap.
    offer = world["offer"]
    message = (
        "Notre score sur l’axe « Protection des données personnelles » de l’Observatoire est "
        "de 25,0 sur 100 : nous souhaitons être accompagnés sur ce point."
    )
    link = (
        reverse("exchange:agreement_request", args=[offer.pk]) + "?message=" + quote_plus(message)
    )
    assertContains(page, link.replace("&", "&amp;"))
    assertContains(client.get(link), f"{message}</textarea>")
    # On its public dashboard, a visitor sees the help, without the link that asks in the
    # collectivité's name.
    client.logout()
    public = client.get(dashboard_url(world["village"]))
    assertContains(public, "score 95,0 sur 100")
    assertNotContains(public, "demander cette offre")


def test_no_panel_without_gaps(client, world):
    campaign = CampaignFactory(published=True)
    assessment = scored(campaign, world["village"], {"RGPD": 95.0})
    client.force_login(world["requester_member"])
    page = client.get(reverse("observatory:assessment_results", args=[assessment.pk]))
    assertNotContains(page, "Bourse d’échange de compétences")
