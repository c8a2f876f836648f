"""Offers and needs through their services: who may write, what is refused (and then left
unchanged), the offer's workflow."""

import pytest

from territoires.core.errors import BusinessError
from territoires.exchange import services
from territoires.exchange.enums import AgreementStatus, OfferStatus
from territoires.exchange.models import Need, Offer, OfferTransition
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.exchange.factories import AgreementFactory, NeedFactory
from tests.geo.factories import DepartementFactory, RegionFactory

pytestmark = pytest.mark.django_db

VALUES = {
    "skill": "cybersecurite",
    "title": "RSSI partagé",
    "description": "Un RSSI pour plusieurs communes.",
    "modality": "mise_a_disposition",
    "legal_vehicle": "mise_a_disposition",
    "national": False,
    "eligible_kinds": ["commune"],
    "population_ceiling": 3500,
    "capacity": 5,
    "cost_model": "cout_reel",
    "contact_email": "rssi@amognes.fr",
}


def save(world, who="provider_member", offer=None, area=("departement:58",), **values):
    return services.offer_save(
        actor=world[who],
        provider=world["provider"],
        offer=offer,
        values={**VALUES, **values},
        area_codes=list(area),
    )


SERVICE_COMMUN = "Le service commun et la mise à disposition de services ne valent qu’entre"


@pytest.mark.parametrize(
    ("vehicle", "refusal"),
    [
        ("service_commun", SERVICE_COMMUN),
        ("mise_a_disposition", SERVICE_COMMUN),
        ("entente", "L’entente réunit des communes, des EPCI ou des syndicats mixtes"),
    ],
)
def test_a_framework_the_provider_cannot_propose_is_refused(world, vehicle, refusal):
    # A département offers neither a service commun (between an EPCI and its communes) nor
    # an entente (between communes, EPCI and syndicats mixtes).
    departement = OrganisationFactory(
        name="Département de la Nièvre", territory=DepartementFactory()
    )
    MembershipFactory(organisation=departement, user=world["provider_member"])
    with pytest.raises(BusinessError) as error:
        services.offer_save(
            actor=world["provider_member"],
            provider=departement,
            values={**VALUES, "legal_vehicle": vehicle},
            area_codes=["departement:58"],
        )
    assert error.value.errors["legal_vehicle"][0].startswith(refusal)
    assert not Offer.objects.filter(provider=departement).exists()
    # The cooperation between contracting authorities holds between any of them.
    services.offer_save(
        actor=world["provider_member"],
        provider=departement,
        values={**VALUES, "legal_vehicle": "cooperation"},
        area_codes=["departement:58"],
    )
    assert Offer.objects.filter(provider=departement).exists()


def test_a_member_creates_a_draft_offer_on_an_area_and_publishes_it(world):
    DepartementFactory()
    offer = save(world, area=["departement:58", "region:27"])
    assert offer.status == OfferStatus.DRAFT
    assert sorted(offer.area.values_list("code", flat=True)) == ["27", "58"]

    services.offer_move(actor=world["provider_member"], offer=offer, name="publish")

    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED and offer.published_at is not None
    assert list(
        OfferTransition.objects.filter(offer=offer).values_list("from_status", "to_status")
    ) == [("", "brouillon"), ("brouillon", "publiee")]


@pytest.mark.parametrize("area", [["departement:99"], ["region:58"], ["commune:58194"], ["58"]])
def test_an_area_that_does_not_exist_is_refused_and_nothing_is_written(world, area):
    RegionFactory()
    with pytest.raises(BusinessError) as error:
        save(world, area=area)
    assert error.value.message.startswith("Territoire inconnu : ")
    assert "area" in error.value.errors
    assert not Offer.objects.filter(title="RSSI partagé").exists()


def test_an_offer_without_area_nor_national_is_refused(world):
    with pytest.raises(BusinessError, match="toute la France"):
        save(world, area=[])


def test_the_capacity_cannot_go_below_the_agreements_in_progress(world):
    offer = world["offer"]  # 2 places
    for status in (AgreementStatus.ACCEPTED, AgreementStatus.ACTIVE):
        AgreementFactory(offer=offer, status=status)
    AgreementFactory(offer=offer, status=AgreementStatus.ENDED)  # holds no place
    with pytest.raises(BusinessError) as error:
        save(world, offer=offer, capacity=1, national=True, area=[])
    assert error.value.errors == {
        "capacity": [
            "La capacité ne peut pas descendre sous les 2 bénéficiaires des accords en cours."
        ]
    }
    offer.refresh_from_db()
    assert (offer.capacity, offer.title) == (2, "DPO mutualisé")

    save(world, offer=offer, capacity=2, national=True, area=[])
    offer.refresh_from_db()
    assert (offer.capacity, offer.title) == (2, "RSSI partagé")


def test_only_the_provider_members_write_and_the_staff_moderates(world):
    offer = world["offer"]
    for who in ("outsider", "staff", "requester_member"):
        with pytest.raises(BusinessError) as error:
            save(world, who=who, offer=offer, national=True, area=[])
        assert error.value.status == 403
    with pytest.raises(BusinessError):
        services.offer_move(actor=world["outsider"], offer=offer, name="pause")
    services.offer_move(actor=world["staff"], offer=offer, name="pause", comment="Doublon.")
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.PAUSED
    with pytest.raises(BusinessError) as error:
        services.offer_move(actor=world["staff"], offer=offer, name="publish")
    assert error.value.status == 403


def test_an_unknown_skill_is_refused(world):
    with pytest.raises(BusinessError, match="Compétence inconnue"):
        save(world, skill="astrologie", national=True, area=[])


def test_needs_are_written_by_their_members_only(world):
    need = services.need_save(
        actor=world["requester_member"],
        organisation=world["requester"],
        values={"skill": "sig", "description": "Cartes", "urgency": "forte",
                "budget_band": "aucun"},
        is_published=False,
    )  # fmt: skip
    assert (need.skill, need.is_published, need.created_by) == (
        "sig",
        False,
        world["requester_member"],
    )
    other = NeedFactory(organisation=world["elsewhere"])
    with pytest.raises(BusinessError) as error:
        services.need_save(
            actor=world["requester_member"],
            organisation=world["elsewhere"],
            need=other,
            values={"skill": "sig", "description": "x", "urgency": "forte",
                    "budget_band": "aucun"},
            is_published=True,
        )  # fmt: skip
    assert error.value.status == 403
    assert Need.objects.get(pk=other.pk).is_published is False
