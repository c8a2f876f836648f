"""Who may do what in the bourse, per object, from one look at the user's memberships.

- An offer: everyone reads a published one; the members of its provider read and change it
  at any state; the network's staff reads every offer and moderates (pauses, archives).
- A need: everyone reads a published one; a private one only its organisation's members
  and the providers it asked (a member of the provider of one of its agreements).
- An agreement: only its two parties, the provider's members and the beneficiaries'
  members; the provider answers, the requester (the organisation that asked) evaluates.
"""

from dataclasses import dataclass

from territoires.accounts.models import Membership
from territoires.core.access import is_staff
from territoires.core.rights import Rights
from territoires.exchange.enums import (
    AGREEMENT_ACTORS,
    AGREEMENT_WORKFLOW,
    EITHER,
    PROVIDER,
    REQUESTER,
    OfferStatus,
)
from territoires.exchange.models import Agreement, Need, Offer

PROVIDER_ONLY = "Action réservée aux membres de l’organisation qui propose l’offre."
NEED_MEMBERS_ONLY = "Action réservée aux membres de l’organisation qui exprime ce besoin."
PARTIES_ONLY = "Cet accord ne concerne que ses deux parties."
MEMBERS_ONLY = "Action réservée aux membres d’une organisation du réseau."


def organisation_ids(user) -> frozenset[int]:
    """The organisations the user is a member of (one query; none for a visitor)."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    return frozenset(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


@dataclass(frozen=True)
class OfferRights(Rights):
    can_view: bool
    can_edit: bool  # change its fields, publish it: its provider's members
    can_moderate: bool  # pause, archive: its provider's members and the staff
    can_request: bool  # ask for it: a member of another organisation, while it is published


def offer_rights(user, offer: Offer, *, organisations: frozenset[int] | None = None) -> OfferRights:
    organisations = organisation_ids(user) if organisations is None else organisations
    member = offer.provider_id in organisations
    staff = is_staff(user)
    published = offer.status == OfferStatus.PUBLISHED
    return OfferRights(
        can_view=published or member or staff,
        can_edit=member and offer.status != OfferStatus.ARCHIVED,
        can_moderate=(member or staff) and offer.status != OfferStatus.ARCHIVED,
        can_request=published and bool(organisations - {offer.provider_id}),
    )


@dataclass(frozen=True)
class NeedRights(Rights):
    can_view: bool
    can_edit: bool  # change it, publish or unpublish it, search offers for it: its members


def need_rights(user, need: Need) -> NeedRights:
    organisations = organisation_ids(user)
    member = need.organisation_id in organisations
    asked = (
        not member
        and not need.is_published
        and bool(organisations)
        and Agreement.objects.filter(
            beneficiaries__need=need, offer__provider_id__in=organisations
        ).exists()
    )
    return NeedRights(can_view=need.is_published or member or asked, can_edit=member)


@dataclass(frozen=True)
class AgreementRights(Rights):
    can_view: bool
    is_provider: bool
    is_requester: bool
    moves: tuple[str, ...]  # the names of the moves the user may make from the current state

    def can(self, move: str) -> bool:
        return move in self.moves


def agreement_rights(user, agreement: Agreement) -> AgreementRights:
    """The parties' rights; nobody else sees an agreement, not even the staff: a convention
    in preparation is the business of its parties alone."""
    organisations = organisation_ids(user)
    is_provider = agreement.offer.provider_id in organisations
    is_requester = agreement.requester_id in organisations
    beneficiary = is_requester or (
        bool(organisations)
        and agreement.beneficiaries.filter(organisation_id__in=organisations).exists()
    )
    roles = {PROVIDER} if is_provider else set()
    if is_requester:
        roles.add(REQUESTER)
    moves = tuple(
        move.name
        for move in AGREEMENT_WORKFLOW.available(agreement.status)
        if AGREEMENT_ACTORS[move.name] in roles or (AGREEMENT_ACTORS[move.name] == EITHER and roles)
    )
    return AgreementRights(
        can_view=is_provider or beneficiary,
        is_provider=is_provider,
        is_requester=is_requester,
        moves=moves,
    )
