"""Who may do what, decided on the server from memberships (never from what the browser says)."""

from dataclasses import dataclass

from territoires.core.access import is_staff


def membership_of(user, organisation):
    if not user.is_authenticated:
        return None
    return organisation.memberships.filter(user=user).first()


@dataclass(frozen=True)
class OrganisationRights:
    """What a user may do in an organisation's private space."""

    can_view: bool  # its members and the network's staff
    can_manage: bool  # invite, promote, remove: its référents and the network's staff
    can_ask_referent: bool = False  # ask for the référent role: its members who are not
    membership: object = None  # the user's membership, when they are a member (not staff)


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


def can_manage_members(user, organisation) -> bool:
    """Invite, promote, remove: the organisation's référents and the network's staff."""
    return organisation_rights(user, organisation).can_manage
