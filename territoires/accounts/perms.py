"""Who may do what, decided on the server from memberships (never from what the browser says)."""

from territoires.accounts.enums import Role


def is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def membership_of(user, organisation):
    if not user.is_authenticated:
        return None
    return organisation.memberships.filter(user=user).first()


def can_view_organisation(user, organisation) -> bool:
    """The organisation's private space: its members and the network's staff."""
    return is_staff(user) or membership_of(user, organisation) is not None


def can_manage_members(user, organisation) -> bool:
    """Invite, promote, remove: the organisation's référents and the network's staff."""
    if is_staff(user):
        return True
    membership = membership_of(user, organisation)
    return membership is not None and membership.role == Role.REFERENT
