"""Demo data of the bourse, for ``make run``: offers, needs and agreements between real
collectivités of the référentiel, each marked « donnée de démonstration ». Reproducible (a
seeded draw) and idempotent: nothing is written when demo offers exist already."""

import random

from django.db import transaction
from django.utils import timezone

from territoires.accounts.enums import OrganisationKind
from territoires.accounts.models import Organisation
from territoires.exchange.enums import (
    AgreementStatus,
    BudgetBand,
    CostModel,
    LegalVehicle,
    Modality,
    OfferStatus,
    Urgency,
)
from territoires.exchange.models import (
    Agreement,
    AgreementTransition,
    Beneficiary,
    Need,
    Offer,
    OfferTransition,
)
from territoires.exchange.taxonomy import get_taxonomy
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory

DEMO_SEED = 2026
PROVIDERS = 24
REQUESTERS = 60
AGREEMENTS = 30
STATUSES = [
    AgreementStatus.REQUESTED,
    AgreementStatus.ACCEPTED,
    AgreementStatus.DECLINED,
    AgreementStatus.DRAFTED,
    AgreementStatus.ACTIVE,
    AgreementStatus.ENDED,
    AgreementStatus.EVALUATED,
]


def _organisation(territory: Territory) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        siren=territory.siren,
        defaults={
            "name": territory.name,
            "kind": OrganisationKind.COLLECTIVITE,
            "territory": territory,
        },
    )
    return organisation


@transaction.atomic
def demo_exchange_generate(*, seed: int = DEMO_SEED) -> dict[str, int]:
    """Write the demo offers, needs and agreements; returns how many of each (0 when demo
    offers exist already)."""
    if Offer.objects.filter(is_demo=True).exists():
        return {"offers": 0, "needs": 0, "agreements": 0}
    rng = random.Random(seed)
    skills = [skill.code for skill in get_taxonomy().skills]
    current = Territory.objects.current().exclude(siren="")
    providers = list(
        current.filter(kind__in=(TerritoryKind.EPCI, TerritoryKind.DEPARTEMENT))
        .exclude(population=None)
        .order_by("-population", "code")[:PROVIDERS]
    )
    requesters = list(
        current.filter(kind=TerritoryKind.COMMUNE, population__lt=3500)
        .exclude(epci=None)
        .order_by("code")
    )
    requesters = rng.sample(requesters, min(REQUESTERS, len(requesters)))
    now = timezone.now()
    offers = []
    for territory in providers:
        provider = _organisation(territory)
        for skill in rng.sample(skills, 2):
            name = get_taxonomy().by_code[skill].name
            offer = Offer.objects.create(
                provider=provider,
                skill=skill,
                title=f"{name} — {territory.name}",
                description=(
                    f"{territory.name} partage son savoir-faire ({name.lower()}) avec les "
                    "collectivités plus petites. Offre de démonstration."
                ),
                modality=rng.choice(Modality.values),
                # An entente unites communes and EPCI, not départements.
                legal_vehicle=rng.choice(
                    [LegalVehicle.COOPERATION, LegalVehicle.COOPERATION, LegalVehicle.ENTENTE]
                )
                if territory.kind == TerritoryKind.EPCI
                else LegalVehicle.COOPERATION,
                national=rng.random() < 0.25,
                capacity=rng.randint(2, 8),
                cost_model=rng.choice(CostModel.values),
                contact_email=f"bourse-demo-{territory.code}@exemple.invalid",
                status=OfferStatus.PUBLISHED,
                published_at=now,
                is_demo=True,
            )
            if not offer.national:
                offer.area.set(
                    [territory.departement or territory]
                    if territory.kind == TerritoryKind.EPCI and territory.departement
                    else [territory.region or territory]
                )
            OfferTransition.objects.bulk_create(
                [
                    OfferTransition(offer=offer, from_status="", to_status=OfferStatus.DRAFT),
                    OfferTransition(
                        offer=offer, from_status=OfferStatus.DRAFT, to_status=OfferStatus.PUBLISHED
                    ),
                ]
            )
            offers.append(offer)
    needs = []
    for territory in requesters:
        needs.append(
            Need.objects.create(
                organisation=_organisation(territory),
                skill=rng.choice(skills),
                description=(
                    f"{territory.name} cherche un accompagnement. Besoin de démonstration."
                ),
                urgency=rng.choice(Urgency.values),
                budget_band=rng.choice(BudgetBand.values),
                is_published=rng.random() < 0.6,
                is_demo=True,
            )
        )
    agreements = 0
    for need in rng.sample(needs, min(AGREEMENTS, len(needs))):
        offer = rng.choice(offers)
        status = rng.choice(STATUSES)
        agreement = Agreement.objects.create(
            offer=offer,
            requester=need.organisation,
            message="Demande de démonstration.",
            status=status,
            decline_reason="Capacité réservée cette année."
            if status == AgreementStatus.DECLINED
            else "",
            answered_at=None if status == AgreementStatus.REQUESTED else now,
            satisfaction=rng.randint(3, 5) if status == AgreementStatus.EVALUATED else None,
            is_demo=True,
        )
        Beneficiary.objects.create(agreement=agreement, organisation=need.organisation, need=need)
        AgreementTransition.objects.create(
            agreement=agreement, from_status="", to_status=AgreementStatus.REQUESTED
        )
        if status != AgreementStatus.REQUESTED:
            AgreementTransition.objects.create(
                agreement=agreement,
                from_status=AgreementStatus.REQUESTED,
                to_status=status,
                comment="Étapes de démonstration résumées.",
            )
        agreements += 1
    return {"offers": len(offers), "needs": len(needs), "agreements": agreements}
