"""The Observatoire's front page (/observatoire/) and the ways to it from every page."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from territoires.observatory.enums import CampaignStatus
from territoires.observatory.models import Assessment, Campaign
from tests.accounts.factories import IdentityFactory, UserFactory
from tests.core.test_home import pillar_text
from tests.observatory.conftest import start, visible_text

LANDING = "/observatoire/"


@pytest.mark.django_db
def test_landing_without_any_campaign_says_so_and_offers_every_way_in(client):
    response = client.get(LANDING)

    assert response.status_code == 200
    text = visible_text(response)
    assert "Aucune campagne n’est ouverte en ce moment" in text
    assert "Résultats de la campagne" not in text
    for name in (
        "observatory:my_assessments",
        "observatory_public:national",
        "observatory:methodology",
        "observatory_public:opendata",
    ):
        assert f'href="{reverse(name)}"' in response.content.decode()


def test_landing_shows_the_open_campaign_and_how_many_started(client, world):
    start(world)
    start(world, territory="saint_eloi")

    text = visible_text(client.get(LANDING))

    assert "Observatoire 2026 est ouverte : 2 collectivités l’ont commencée." in text


def test_counts_of_none_and_one_are_said_in_words(client, world):
    # « 0 collectivités l’ont commencée » is not French: « aucune collectivité ne l’a ».
    text = visible_text(client.get(LANDING))
    assert "Observatoire 2026 est ouverte : aucune collectivité ne l’a encore commencée." in text
    assert "Observatoire 2026 : ouverte, aucune collectivité engagée" in pillar_text(
        client.get("/"), "Mesurer"
    )

    start(world)
    cache.clear()  # the public page lives its PUBLIC_PAGE_CACHE_SECONDS
    text = visible_text(client.get(LANDING))
    assert "Observatoire 2026 est ouverte : 1 collectivité l’a commencée." in text
    assert "Observatoire 2026 : ouverte, 1 collectivité engagée" in pillar_text(
        client.get("/"), "Mesurer"
    )


def test_landing_shows_the_national_figures_and_map_of_the_last_published_campaign(
    client, published
):
    response = client.get(LANDING)
    national = client.get(reverse("observatory_public:national"))

    text = visible_text(response)
    assert "Résultats de la campagne 2026" in text
    # The same national figure as the national view: 9 published indexes (0, 0, 0 and six
    # 100).
    assert "Indice de maturité médian des 9 collectivités qui ont publié un score : 100,0" in text
    assert "100,0" in visible_text(national)
    # The participation subtotal of communes, and the régions map with its data table.
    assert "Communes" in text
    assert 'id="carte-regions"' in response.content.decode()
    assert (
        "Indice de maturité : médiane par région, campagne 2026 (tableau des données de la carte)"
        in (response.content.decode())
    )
    assert "Bourgogne-Franche-Comté" in text


def test_the_menu_and_breadcrumbs_lead_to_the_landing(client, world):
    home = client.get("/").content.decode()
    methodology = client.get(reverse("observatory:methodology")).content.decode()
    national = client.get(reverse("observatory_public:national")).content.decode()

    assert f'href="{LANDING}"' in home
    assert f'<a class="fr-breadcrumb__link" href="{LANDING}">Observatoire</a>' in methodology
    assert f'<a class="fr-breadcrumb__link" href="{LANDING}">Observatoire</a>' in national
    assert reverse("observatory_public:opendata") in national


def test_an_agent_reaches_my_assessment_in_one_click_a_citizen_is_offered_no_organisation(
    client, world
):
    citizen = IdentityFactory(
        franceconnect=True, user=UserFactory(email="citoyen@exemple.fr"), sub="fc-1"
    ).user

    client.force_login(world["member"])
    agent_page = client.get("/").content.decode()
    client.force_login(citizen)
    citizen_page = client.get("/").content.decode()

    assert f'href="{reverse("observatory:my_assessments")}">Mon évaluation</a>' in agent_page
    assert "Mon organisation" in agent_page
    assert "Mon organisation" not in citizen_page
    assert "Mon évaluation" not in citizen_page
    assert "Mon compte" in citizen_page


def test_landing_counts_no_campaign_that_is_not_open(client, world):
    Campaign.objects.filter(pk=world["campaign"].pk).update(status=CampaignStatus.CLOSED)

    assert "Aucune campagne n’est ouverte en ce moment" in visible_text(client.get(LANDING))


def test_the_home_pillar_shows_the_observatorys_real_figures_and_ways_in(client, published):
    campaign = Campaign.objects.create(
        year=2027, edition=2026, title="Observatoire 2027", status=CampaignStatus.OPEN
    )
    Assessment.objects.create(campaign=campaign, territory=published.saint_eloi)
    response = client.get("/")

    mesurer = pillar_text(response, "Mesurer")
    assert "Bientôt disponible" not in mesurer
    # 2027 is open, one assessment started; 2026's published results: ten published
    # assessments, nine with a score (0, 0, 0 and six 100: median 100).
    assert "Observatoire 2027 : ouverte, 1 collectivité engagée" in mesurer
    assert "10 collectivités ont publié leurs résultats, indice médian 100,0 sur 100" in mesurer
    html = response.content.decode()
    for name in ("observatory_public:landing", "observatory:my_assessments"):
        assert f'href="{reverse(name)}"' in html
