"""Fixtures of the labels' tests: uploaded files in a temporary folder, and a small world."""

import pytest
import time_machine

from tests.accounts.factories import IdentityFactory, MembershipFactory, UserFactory
from tests.awards.factories import (
    ApplicationFactory,
    CollectiviteFactory,
    EditionFactory,
    at,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def during_call():
    """The 1st of April 2026, while the call of the edition 2026 is open."""
    with time_machine.travel(at(4, 1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(db):
    """A collectivité's référent and member, another collectivité's référent, the staff, a
    citizen with FranceConnect and a person with no tie."""
    collectivite = CollectiviteFactory()
    other = CollectiviteFactory()
    people = {
        "referent": UserFactory(email="ref@village.fr"),
        "member": UserFactory(email="membre@village.fr"),
        "other": UserFactory(email="ref@autre-village.fr"),
        "staff": UserFactory(email="equipe@reseau.fr", staff=True),
        "citizen": UserFactory(email="citoyen@exemple.fr"),
        "outsider": UserFactory(email="personne@exemple.fr"),
    }
    MembershipFactory(user=people["referent"], organisation=collectivite, referent=True)
    MembershipFactory(user=people["member"], organisation=collectivite)
    MembershipFactory(user=people["other"], organisation=other, referent=True)
    IdentityFactory(user=people["citizen"], franceconnect=True)
    people["collectivite"], people["other_collectivite"] = collectivite, other
    return people


@pytest.fixture
def draft(people):
    """A complete draft of the collectivité in the open edition 2026."""
    return ApplicationFactory(
        organisation=people["collectivite"],
        edition=EditionFactory(open=True),
        created_by=people["member"],
    )
