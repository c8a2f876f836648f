"""Who may do what, decided on the server from memberships (never from what the browser says).

A rights object (``territoires.core.rights``) answers every question of a page from one
look at the user's membership; views, templates and services read it alike.
"""

from dataclasses import dataclass

from territoires.accounts.models import Membership
from territoires.core.access import is_staff
from territoires.core.rights import Rights


def _signed_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def membership_of(user, organisation) -> Membership | None:
    """The user's membership of the organisation (one query)."""
    if not _signed_in(user):
        return None
    return organisation.memberships.filter(user=user).first()


def territory_membership(user, territory_id: int) -> Membership | None:
    """The user's membership of the organisation tied to a territory, the collectivité's
    (one query)."""
    if not _signed_in(user):
        return None
    return Membership.objects.filter(user=user, organisation__territory_id=territory_id).first()


@dataclass(frozen=True)
class OrganisationRights(Rights):
    """What a user may do in an organisation's private space."""

    can_view: bool  # its members and the network's staff
    can_manage: bool  # invite, promote, remove: its référents and the network's staff
    can_ask_referent: bool = False  # ask for the référent role: its members who are not
    membership: Membership | None = None  # the user's membership (members only, not staff)


def organisation_rights(user, organisation) -> OrganisationRights:
    """Every right from one look at the user's membership (one query, none for staff)."""
    if is_staff(user):
        return OrganisationRights(can_view=True, can_manage=True)
    membership = membership_of(user, organisation)
    return OrganisationRights(
        can_view=membership is not None,
        can_manage=membership is not None and membership.is_referent,
        can_ask_referent=membership is not None and not membership.is_referent,
        membership=membership,
    )
