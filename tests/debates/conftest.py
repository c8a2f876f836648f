"""Fixtures of the debates tests: a collectivité with its people, and a debate's files
written to a temporary storage."""

import pytest

from tests.accounts.factories import MembershipFactory, UserFactory
from tests.debates.factories import CitizenFactory, CollectiviteFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(db):
    """Village-0's collectivité with a référent and a member; Village-1's référent; a
    citizen; the network's staff."""
    village = CollectiviteFactory()
    other = CollectiviteFactory()
    referent, member, other_referent = (
        UserFactory(email="ref@village0.fr", first_name="Rémi", last_name="Référent"),
        UserFactory(email="agent@village0.fr"),
        UserFactory(email="ref@village1.fr"),
    )
    MembershipFactory(organisation=village, user=referent, referent=True)
    MembershipFactory(organisation=village, user=member)
    MembershipFactory(organisation=other, user=other_referent, referent=True)
    return {
        "village": village,
        "other": other,
        "referent": referent,
        "member": member,
        "outsider": other_referent,
        "citizen": CitizenFactory(email="camille@exemple.fr"),
        "staff": UserFactory(email="equipe@reseau.fr", staff=True),
    }
