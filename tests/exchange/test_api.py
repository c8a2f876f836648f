"""The bourse's API: published offers and needs only, the same for everyone, filters, and
bad parameters refused in French."""

import pytest
from django.urls import reverse

from territoires.exchange.enums import AgreementStatus
from tests.exchange.factories import AgreementFactory, NeedFactory, OfferFactory
from tests.geo.factories import DepartementFactory, TerritoryFactory

pytestmark = pytest.mark.django_db
OFFERS, NEEDS = "/api/v1/bourse/offres", "/api/v1/bourse/besoins"


def titles(response):
    return [item["title"] for item in response.json()["results"]]


@pytest.mark.parametrize("who", ["anonymous", "outsider", "requester_member", "staff"])
def test_only_published_offers_and_needs_whoever_asks(client, world, who):
    OfferFactory(title="Brouillon", draft=True)
    NeedFactory(organisation=world["requester"], description="Privé")
    NeedFactory(organisation=world["requester"], description="Public", published=True)
    AgreementFactory(offer=world["offer"], status=AgreementStatus.ACTIVE)
    if who != "anonymous":
        client.force_login(world[who])

    offers = client.get(OFFERS).json()
    needs = client.get(NEEDS).json()

    assert [o["title"] for o in offers["results"]] == ["DPO mutualisé"]
    [offer] = offers["results"]
    assert (offer["capacity"], offer["places_left"], offer["provider"]["siren"]) == (
        2,
        1,
        "200067387",
    )
    assert offer["legal_reference"] == "Code de la commande publique, article L2511-6"
    assert offer["page_url"] == reverse("exchange:offer", args=[world["offer"].pk])
    assert [n["description"] for n in needs["results"]] == ["Public"]
    assert needs["results"][0]["territory_code"] == world["village"].code


def test_filters_by_skill_and_by_departement_served(client, world):
    nievre = DepartementFactory()
    elsewhere = TerritoryFactory(kind="departement", code="21", name="Côte-d’Or")
    OfferFactory(title="SIG de la Nièvre", skill="sig", national=False, area=[nievre])
    OfferFactory(title="SIG de Bourgogne", skill="sig", national=False, area=[nievre.region])
    OfferFactory(title="SIG de Côte-d’Or", skill="sig", national=False, area=[elsewhere])

    response = client.get(OFFERS, {"skill": "sig", "departement": "58"})

    assert sorted(titles(response)) == ["SIG de Bourgogne", "SIG de la Nièvre"]
    assert sorted(titles(client.get(OFFERS, {"departement": "58"}))) == [
        "DPO mutualisé",
        "SIG de Bourgogne",
        "SIG de la Nièvre",
    ]


@pytest.mark.parametrize(
    ("params", "status", "detail"),
    [
        ({"skill": "astrologie"}, 400, "Paramètres invalides."),
        ({"departement": "99"}, 404, "Département inconnu : « 99 »."),
        ({"page": "9"}, 404, "La page 9 n’existe pas (1 page)."),
    ],
)
def test_bad_parameters_are_refused_in_french(client, world, params, status, detail):
    for url in (OFFERS, NEEDS):
        response = client.get(url, params)
        assert (response.status_code, response.json()["detail"]) == (status, detail)


def test_an_unknown_skill_is_named_with_the_admitted_ones(client, world):
    [error] = client.get(OFFERS, {"skill": "astrologie"}).json()["errors"]
    assert error["field"] == "skill"
    assert error["message"].startswith("valeur non admise ; valeurs admises : 'dpo-mutualise', ")
