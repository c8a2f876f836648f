"""Fixtures of the communs tests: the people of the permission matrix."""

from dataclasses import dataclass

import pytest

from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.commons.factories import CollectiviteFactory, CommunFactory


@dataclass
class People:
    """Who acts on the fiche ``commun``, maintained by ``maintaining``; ``organisation`` is a
    collectivité that uses communs; ``outsider`` is a member of an organisation tied to
    nothing here; ``stranger`` is signed in and a member of nothing."""

    commun: object
    maintaining: object
    organisation: object
    other_organisation: object
    maintainer: object
    member: object
    outsider: object
    stranger: object
    staff: object


@pytest.fixture
def people(db):
    maintainer = UserFactory(email="mainteneur@opsn.fr")
    member = UserFactory(email="agent@village.fr")
    outsider = UserFactory(email="agent@ailleurs.fr")
    maintaining = OrganisationFactory(name="OPSN de la Nièvre", kind="opsn", members=[maintainer])
    organisation = CollectiviteFactory(members=[member])
    other = CollectiviteFactory(members=[outsider])
    commun = CommunFactory(
        name="Parapheur libre", slug="parapheur-libre", maintainers=[maintaining]
    )
    return People(
        commun=commun,
        maintaining=maintaining,
        organisation=organisation,
        other_organisation=other,
        maintainer=maintainer,
        member=member,
        outsider=outsider,
        stranger=UserFactory(email="personne@exemple.fr"),
        staff=UserFactory(email="equipe@reseau.fr", staff=True),
    )
