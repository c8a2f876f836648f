"""The small world of the bourse's tests.

A village of the CC Amognes Cœur du Nivernais (Nièvre, Bourgogne-Franche-Comté), 100
inhabitants, needs help; the CC itself (1,300 inhabitants) offers it. Each has a member;
an outsider belongs to a third collectivité; the staff belongs to none.
"""

import pytest

from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.exchange.factories import OfferFactory
from tests.geo.factories import CommuneFactory, EpciFactory


@pytest.fixture
def world(db):
    epci = EpciFactory()
    village = CommuneFactory(epci=epci, siren="215800001")
    other = CommuneFactory(epci=epci, siren="215800002")
    people = {
        "provider_member": UserFactory(email="agent@amognes.fr"),
        "requester_member": UserFactory(email="maire@village.fr"),
        "outsider": UserFactory(email="agent@ailleurs.fr"),
        "staff": UserFactory(email="equipe@reseau.fr", staff=True),
    }
    provider = OrganisationFactory(name="CC Amognes", territory=epci)
    requester = OrganisationFactory(name="Village-0", territory=village)
    elsewhere = OrganisationFactory(name="Village-1", territory=other)
    MembershipFactory(organisation=provider, user=people["provider_member"])
    MembershipFactory(organisation=requester, user=people["requester_member"])
    MembershipFactory(organisation=elsewhere, user=people["outsider"])
    offer = OfferFactory(
        provider=provider, title="DPO mutualisé", contact_email="dpo@amognes.fr", capacity=2
    )
    return {
        "epci": epci,
        "village": village,
        "provider": provider,
        "requester": requester,
        "elsewhere": elsewhere,
        "offer": offer,
        **people,
    }
