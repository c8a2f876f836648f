"""The pages of the bourse: the permission matrix of every page (anonymous, outsider, member
of the requester, member of the provider, staff), the ranked offers with their breakdown, the
agreement page, bad input refused in French with nothing changed."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from territoires.exchange.enums import AgreementStatus, OfferStatus
from territoires.exchange.models import Agreement, Need, Offer
from tests.accounts.factories import OrganisationFactory
from tests.exchange.factories import AgreementFactory, NeedFactory, OfferFactory
from tests.geo.factories import CommuneFactory, DepartementFactory, TerritoryFactory

pytestmark = pytest.mark.django_db
WHO = ("anonymous", "outsider", "requester_member", "provider_member", "staff")


def as_(client, world, who):
    if who != "anonymous":
        client.force_login(world[who])
    return client


def statuses(client, world, url, method="get", data=None):
    result = {}
    for who in WHO:
        client.logout()
        response = getattr(as_(client, world, who), method)(url, data or {})
        result[who] = response.status_code
    return result


def test_the_public_pages_answer_everyone(client, world):
    for url in (reverse("exchange:home"), reverse("exchange:needs")):
        assert set(statuses(client, world, url).values()) == {200}
    assert set(
        statuses(client, world, reverse("exchange:offer", args=[world["offer"].pk])).values()
    ) == {200}


def test_a_draft_offer_is_seen_by_its_provider_and_the_staff_only(client, world):
    draft = OfferFactory(provider=world["provider"], draft=True)
    assert statuses(client, world, reverse("exchange:offer", args=[draft.pk])) == {
        "anonymous": 404,
        "outsider": 404,
        "requester_member": 404,
        "provider_member": 200,
        "staff": 200,
    }


def test_only_the_provider_edits_its_offer(client, world):
    url = reverse("exchange:offer_edit", args=[world["offer"].pk])
    assert statuses(client, world, url) == {
        "anonymous": 302,
        "outsider": 403,
        "requester_member": 403,
        "provider_member": 200,
        "staff": 403,
    }
    assertContains(
        client.get(url),
        "Action réservée aux membres de l’organisation qui propose l’offre.",
        status_code=403,
    )


def test_pause_by_staff_and_provider_only(client, world):
    offer = world["offer"]
    url = reverse("exchange:offer_move", args=[offer.pk, "suspendre"])
    for who in ("outsider", "requester_member"):
        client.force_login(world[who])
        assert client.post(url).status_code == 403
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.PUBLISHED
    client.logout()
    assert client.post(url).status_code == 302  # to the sign-in page
    client.force_login(world["staff"])
    client.post(url)
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.PAUSED
    # A paused offer is no longer public.
    client.logout()
    assert client.get(reverse("exchange:offer", args=[offer.pk])).status_code == 404


def test_the_offer_form_creates_a_draft_and_refuses_bad_input_in_french(client, world):
    DepartementFactory()
    client.force_login(world["provider_member"])
    data = {
        "skill": "sig",
        "title": "Cartographie partagée",
        "description": "Un SIG pour les communes.",
        "modality": "prestation",
        "legal_vehicle": "entente",
        "area": ["departement:58"],
        "capacity": "0",
        "cost_model": "forfait",
        "contact_email": "sig@amognes.fr",
    }
    response = client.post(reverse("exchange:offer_create"), data)
    assertContains(response, "Assurez-vous que cette valeur est supérieure ou égale à 1.")
    response = client.post(reverse("exchange:offer_create"), {**data, "area": ["departement:99"]})
    assertContains(response, "n’en fait pas partie")
    assert not Offer.objects.filter(title="Cartographie partagée").exists()

    response = client.post(reverse("exchange:offer_create"), {**data, "capacity": "4"})

    offer = Offer.objects.get(title="Cartographie partagée")
    assert (offer.status, offer.provider, offer.capacity) == (
        OfferStatus.DRAFT,
        world["provider"],
        4,
    )
    page = client.get(response["Location"])
    assertContains(
        page,
        "Entente intercommunale (Code général des collectivités territoriales, article L5221-1)",
    )
    assertContains(page, "Publier l’offre")


def test_the_staff_without_organisation_cannot_offer(client, world):
    client.force_login(world["staff"])
    assert client.get(reverse("exchange:offer_create")).status_code == 403


def test_a_private_need_never_leaks(client, world):
    need = NeedFactory(organisation=world["requester"], description="Besoin secret")
    url = reverse("exchange:need", args=[need.pk])
    assert statuses(client, world, url) == {
        "anonymous": 404,
        "outsider": 404,
        "requester_member": 200,
        "provider_member": 404,
        "staff": 404,
    }
    for who in WHO:
        client.logout()
        assertNotContains(as_(client, world, who).get(reverse("exchange:needs")), "Besoin secret")
    # The provider it asked sees it.
    agreement = AgreementFactory(offer=world["offer"], requester=world["requester"])
    agreement.beneficiaries.update(need=need)
    client.force_login(world["provider_member"])
    assertContains(client.get(url), "Besoin secret")


def test_the_need_form_keeps_a_need_private_unless_published(client, world):
    client.force_login(world["requester_member"])
    response = client.post(
        reverse("exchange:need_create"),
        {
            "skill": "archivage",
            "description": "Archiver",
            "urgency": "forte",
            "budget_band": "aucun",
        },
    )
    need = Need.objects.get(description="Archiver")
    assert (need.organisation, need.is_published) == (world["requester"], False)
    assert response["Location"] == reverse("exchange:need", args=[need.pk])
    client.force_login(world["outsider"])
    url = reverse("exchange:need_edit", args=[need.pk])
    assert client.get(url).status_code == 404


def test_the_need_page_ranks_offers_with_their_breakdown_and_says_why_others_are_left_out(
    client, world
):
    """The village (100 inhabitants) in the CC Amognes (1,300): the CC's national offer of a
    shared DPO, 2 places free, no history: 40 + 25 (same EPCI) + 15 (13 times larger, capped at
    10 times) + 10 + 5 = 95;
    a related offer (cybersécurité: GOUV shared of RGPD, GOUV) of a commune of another
    département of the same région, 1,000 inhabitants: 10 + 15 + 15 + 10 + 5 = 55, outside
    the EPCI; a full offer and an offer out of the area, each with its reason."""
    other_departement = TerritoryFactory(
        kind="departement", code="21", name="Côte-d’Or", region=world["epci"].region
    )
    town = CommuneFactory(
        code="21231", name="Dijon-test", population=1000, siren="212100001",
        departement=other_departement,
    )  # fmt: skip
    OfferFactory(
        provider=OrganisationFactory(name="Ville de Dijon-test", territory=town),
        title="RSSI partagé",
        skill="cybersecurite",
    )
    full = OfferFactory(title="DPO complet", capacity=1)
    AgreementFactory(offer=full, status=AgreementStatus.ACTIVE)
    OfferFactory(title="DPO de Côte-d’Or", national=False, area=[other_departement])
    need = NeedFactory(organisation=world["requester"])
    client.force_login(world["requester_member"])

    page = client.get(reverse("exchange:need", args=[need.pk]))

    text = page.content.decode()
    ranking = text[text.index("Offres qui peuvent y répondre") :]
    assert ranking.index("1. <a") < ranking.index("DPO mutualisé") < ranking.index("RSSI partagé")
    assertContains(page, "DPO mutualisé</a> — 95,0 sur 100")
    assertContains(page, "offreur 13 fois plus peuplé")
    assertContains(page, "RSSI partagé</a> — 55,0 sur 100")
    assertContains(page, "compétence voisine (1 axe en commun sur 2)")
    assertContains(page, "Hors de votre intercommunalité", count=1)
    assertContains(page, "<td>Capacité atteinte</td>", html=True)
    assertContains(page, "<td>Hors zone</td>", html=True)
    for who in ("outsider", "provider_member"):
        client.force_login(world[who])
        assert client.get(reverse("exchange:need", args=[need.pk])).status_code == 404


def test_the_agreement_page_is_for_its_two_parties_only(client, world):
    agreement = AgreementFactory(offer=world["offer"], requester=world["requester"])
    url = reverse("exchange:agreement", args=[agreement.pk])
    assert statuses(client, world, url) == {
        "anonymous": 302,
        "outsider": 404,
        "requester_member": 200,
        "provider_member": 200,
        "staff": 404,
    }
    move = reverse("exchange:agreement_move", args=[agreement.pk, "accepter"])
    assert statuses(client, world, move, method="post") == {
        "anonymous": 302,
        "outsider": 404,
        "requester_member": 403,
        "provider_member": 302,
        "staff": 404,
    }
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.ACCEPTED


def test_a_decline_without_reason_is_refused_on_the_page(client, world):
    agreement = AgreementFactory(offer=world["offer"], requester=world["requester"])
    client.force_login(world["provider_member"])
    url = reverse("exchange:agreement_move", args=[agreement.pk, "decliner"])

    response = client.post(url, {"decline-comment": ""})

    assertContains(
        response, "Indiquez le motif du refus : le demandeur le recevra.", status_code=400
    )
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.REQUESTED
    response = client.post(
        reverse("exchange:agreement_move", args=[agreement.pk, "signer"]), {"sign-comment": ""}
    )
    # Not a move of this state: the workflow's refusal, nothing written.
    assertContains(
        response, "il ne peut pas passer à l’état « convention signée »", status_code=409
    )
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.REQUESTED
    response = client.post(reverse("exchange:agreement_move", args=[agreement.pk, "nimporte"]), {})
    assert response.status_code == 404


def test_the_agreement_page_shows_its_history_and_its_convention_versions(client, world):
    agreement = AgreementFactory(
        offer=world["offer"], requester=world["requester"], status=AgreementStatus.ACCEPTED
    )
    client.force_login(world["requester_member"])
    url = reverse("exchange:convention_draft", args=[agreement.pk])
    data = {"convention-purpose": "Objet", "convention-duration_months": "12",
            "convention-cost_key": "Gratuit"}  # fmt: skip
    client.post(url, data)
    response = client.post(url, {**data, "convention-duration_months": "200"})
    assertContains(
        response, "Assurez-vous que cette valeur est inférieure ou égale à 120.", status_code=400
    )
    client.post(url, {**data, "convention-duration_months": "24"})

    page = client.get(reverse("exchange:agreement", args=[agreement.pk]))

    assertContains(page, "Historique de l’accord")
    assertContains(page, "<td>Acceptée</td><td>Convention rédigée</td>", html=False, count=0)
    assert list(agreement.conventions.values_list("number", "duration_months")) == [
        (2, 24),
        (1, 12),
    ]
    assertContains(page, "Version 2, du")
    assertContains(page, "Version 1, du")
    assertContains(page, "Déclarer la convention signée")


def test_a_request_from_the_offer_page_is_prefilled_and_sent(client, world):
    client.force_login(world["requester_member"])
    url = reverse("exchange:agreement_request", args=[world["offer"].pk])
    assertContains(
        client.get(url + "?message=Notre+score+est+faible"), "Notre score est faible</textarea>"
    )
    response = client.post(url, {"message": ""})
    assertContains(response, "Ce champ est obligatoire.")
    assert not Agreement.objects.exists()
    client.post(url, {"message": "Bonjour"})
    agreement = Agreement.objects.get()
    assert (agreement.requester, agreement.status) == (
        world["requester"],
        AgreementStatus.REQUESTED,
    )
    # The provider cannot ask for its own offer; the staff has no organisation to ask for.
    for who in ("provider_member", "staff"):
        client.force_login(world[who])
        assert client.get(url).status_code == 403


def test_the_menu_and_the_home_pillar_show_the_bourse_with_its_figures(client, world):
    OfferFactory(draft=True)
    NeedFactory(published=True)
    NeedFactory()
    AgreementFactory(offer=world["offer"], status=AgreementStatus.ACTIVE)
    AgreementFactory(offer=world["offer"], status=AgreementStatus.DECLINED)

    page = client.get(reverse("core:home"))

    assertContains(page, 'aria-controls="menu-bourse"')
    assertContains(page, "1 offre publiée par 1 organisation")
    assertContains(page, "1 besoin publié, 1 accord conclu")


def test_saved_searches_are_personal(client, world):
    client.force_login(world["requester_member"])
    client.post(
        reverse("exchange:searches"),
        {"target": "offres", "skill": "sig", "area": "", "frequency": "hebdomadaire"},
    )
    assertContains(client.get(reverse("exchange:searches")), "Nouvelles offres — SIG")
    search = world["requester_member"].saved_searches.get()
    client.force_login(world["outsider"])
    assertNotContains(client.get(reverse("exchange:searches")), "Nouvelles offres — SIG")
    assert client.post(reverse("exchange:search_delete", args=[search.pk])).status_code == 404
    client.force_login(world["requester_member"])
    client.post(reverse("exchange:search_delete", args=[search.pk]))
    assert not world["requester_member"].saved_searches.exists()


def test_the_ranking_follows_a_change_of_the_offers_at_once(client, world):
    need = NeedFactory(organisation=world["requester"])
    client.force_login(world["requester_member"])
    url = reverse("exchange:need", args=[need.pk])
    assertContains(client.get(url), "DPO mutualisé</a> — 95,0 sur 100")

    AgreementFactory(offer=world["offer"], status=AgreementStatus.ACTIVE)  # 1 place of 2 left

    assertContains(client.get(url), "DPO mutualisé</a> — 90,0 sur 100")
    AgreementFactory(offer=world["offer"], status=AgreementStatus.ACTIVE)
    assertContains(client.get(url), "<td>Capacité atteinte</td>", html=True)


def test_the_agreements_list_and_the_grouped_request_per_person(client, world):
    mine = AgreementFactory(offer=world["offer"], requester=world["requester"])
    other = AgreementFactory(offer=OfferFactory(title="Offre d’ailleurs"))
    client.force_login(world["requester_member"])
    page = client.get(reverse("exchange:agreements"))
    assertContains(page, reverse("exchange:agreement", args=[mine.pk]))
    assertNotContains(page, reverse("exchange:agreement", args=[other.pk]))

    # The outsider joins the village's request from the offer page, and becomes a party.
    client.force_login(world["outsider"])
    assertContains(client.get(reverse("exchange:offer", args=[world["offer"].pk])), "Rejoindre")
    join = reverse("exchange:agreement_join", args=[mine.pk])
    response = client.post(join)
    assert response["Location"] == reverse("exchange:agreement", args=[mine.pk])
    assert client.get(response["Location"]).status_code == 200
    # The staff belongs to no organisation, the provider may not ask for its own offer: for
    # them, there is no request to join.
    for who in ("staff", "provider_member"):
        client.force_login(world[who])
        assert client.post(join).status_code == 404
    assert mine.beneficiaries.count() == 2


def test_only_the_parties_draft_the_convention(client, world):
    agreement = AgreementFactory(
        offer=world["offer"], requester=world["requester"], status=AgreementStatus.ACCEPTED
    )
    url = reverse("exchange:convention_draft", args=[agreement.pk])
    data = {"convention-purpose": "Objet", "convention-duration_months": "12",
            "convention-cost_key": "Gratuit"}  # fmt: skip
    assert statuses(client, world, url, method="post", data=data) == {
        "anonymous": 302,
        "outsider": 404,
        "requester_member": 302,
        "provider_member": 302,
        "staff": 404,
    }
    # The requester drafted version 1, the provider version 2 (a convention already drafted
    # may be drafted again until it is signed).
    assert list(agreement.conventions.values_list("number", flat=True)) == [2, 1]


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc", "skill": "zz", "area": "region:99x", "modality": "<b>"},
        {"page": "-1"},
        {"area": "commune:58194"},
    ],
)
def test_hostile_filters_get_a_page_not_an_error(client, world, query):
    assert client.get(reverse("exchange:home"), query).status_code == 200
    assert (
        client.get(reverse("exchange:needs"), {"page": query.get("page", "1")}).status_code == 200
    )
