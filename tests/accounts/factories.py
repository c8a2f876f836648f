"""People and organisations for the tests: users, their identities, organisations and members.

``OrganisationFactory(referents=[…], members=[…])`` gives an organisation its people;
``with_member`` gives it a new member. Identities are the accounts a provider
would have created at sign-in: ``proconnect`` (an agent, with a SIRET claim) or
``franceconnect`` (a citizen).
"""

import factory
from factory.django import DjangoModelFactory

from territoires.accounts.enums import OrganisationKind, Provider, Role
from territoires.accounts.models import Identity, Membership, Organisation, User


class UserFactory(DjangoModelFactory):
    """A person with an e-mail address and no password (they sign in through a provider).

    Their first name is the e-mail's local part, as the providers' test users have it
    (« ref@lyon.fr » is « Ref »); ``staff`` makes them a member of the network's staff.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        staff = factory.Trait(is_staff=True)

    email = factory.Sequence(lambda n: f"personne-{n}@exemple.fr")
    first_name = factory.LazyAttribute(lambda user: (user.email or "").split("@")[0].title())
    last_name = ""
    password = factory.django.Password(None)


class IdentityFactory(DjangoModelFactory):
    """A user's account at a provider, with the claims it last sent."""

    class Meta:
        model = Identity

    class Params:
        siret = "21690123100011"
        proconnect = factory.Trait(
            provider=Provider.PROCONNECT,
            claims=factory.LazyAttribute(
                lambda identity: {"email": identity.user.email, "siret": identity.siret}
            ),
        )
        franceconnect = factory.Trait(
            provider=Provider.FRANCECONNECT,
            claims=factory.LazyAttribute(
                lambda identity: {
                    "email": identity.user.email,
                    "given_name": identity.user.first_name,
                    "family_name": identity.user.last_name,
                }
            ),
        )

    user = factory.SubFactory(UserFactory)
    provider = Provider.PROCONNECT
    sub = factory.Sequence(lambda n: f"sujet-{n}")
    claims = factory.LazyAttribute(lambda identity: {"email": identity.user.email})


class OrganisationFactory(DjangoModelFactory):
    """A collectivité; with a ``territory``, it takes the territory's SIREN."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    class Params:
        with_member = factory.Trait(
            new_member=factory.RelatedFactory(
                "tests.accounts.factories.MembershipFactory", "organisation"
            )
        )

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.COLLECTIVITE
    territory = None
    siren = factory.LazyAttributeSequence(
        lambda organisation, n: (
            organisation.territory.siren if organisation.territory else f"{200000000 + n}"
        )
    )

    @factory.post_generation
    def referents(organisation, create, extracted, **kwargs):
        """``referents=[user, …]``: these users join it as référents."""
        for user in extracted or ():
            MembershipFactory(organisation=organisation, user=user, referent=True)

    @factory.post_generation
    def members(organisation, create, extracted, **kwargs):
        """``members=[user, …]``: these users join it as members."""
        for user in extracted or ():
            MembershipFactory(organisation=organisation, user=user)


class MembershipFactory(DjangoModelFactory):
    """A user's membership of an organisation: a member, or with ``referent``, a référent."""

    class Meta:
        model = Membership

    class Params:
        referent = factory.Trait(role=Role.REFERENT)

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBRE
