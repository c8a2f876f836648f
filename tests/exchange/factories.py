"""Offers, needs, agreements and saved searches for the tests of the bourse.

``OfferFactory`` makes a published offer of a shared DPO for all France, 3 places, free;
``draft`` keeps it a draft. ``NeedFactory`` a private need of the same skill (``published``
publishes it). ``AgreementFactory`` a request of its requester (its lead beneficiary), in
the state ``status`` (written directly, with no log: a test that follows the workflow uses
the services).
"""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from territoires.exchange.enums import (
    AgreementStatus,
    CostModel,
    Frequency,
    LegalVehicle,
    Modality,
    OfferStatus,
    SearchTarget,
    Urgency,
)
from territoires.exchange.models import Agreement, Beneficiary, Need, Offer, SavedSearch
from tests.accounts.factories import OrganisationFactory, UserFactory


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=OfferStatus.DRAFT, published_at=None)

    provider = factory.SubFactory(OrganisationFactory)
    skill = "dpo-mutualise"
    title = factory.Sequence(lambda n: f"Offre {n}")
    description = "Un délégué à la protection des données partagé."
    modality = Modality.SERVICE_COMMUN
    legal_vehicle = LegalVehicle.COOPERATION
    national = True
    capacity = 3
    cost_model = CostModel.FREE
    contact_email = factory.Sequence(lambda n: f"offre-{n}@offreur.fr")
    status = OfferStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def area(offer, create, extracted, **kwargs):
        """``area=[territory, …]``: the territories it serves."""
        if extracted:
            offer.area.set(extracted)


class NeedFactory(DjangoModelFactory):
    class Meta:
        model = Need

    class Params:
        published = factory.Trait(is_published=True)

    organisation = factory.SubFactory(OrganisationFactory)
    skill = "dpo-mutualise"
    description = "Nous cherchons un DPO mutualisé."
    urgency = Urgency.MEDIUM
    budget_band = "moins_5000"
    is_published = False


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    offer = factory.SubFactory(OfferFactory)
    requester = factory.SubFactory(OrganisationFactory)
    message = "Pouvez-vous nous accompagner ?"
    status = AgreementStatus.REQUESTED
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def beneficiaries(agreement, create, extracted, **kwargs):
        """The requester is the first beneficiary; ``beneficiaries=[organisation, …]`` adds
        others (a grouped request)."""
        for organisation in [agreement.requester, *(extracted or ())]:
            Beneficiary.objects.create(agreement=agreement, organisation=organisation)


class SavedSearchFactory(DjangoModelFactory):
    class Meta:
        model = SavedSearch

    user = factory.SubFactory(UserFactory)
    target = SearchTarget.OFFERS
    skill = "dpo-mutualise"
    frequency = Frequency.DAILY
    last_alert_at = factory.LazyFunction(timezone.now)
