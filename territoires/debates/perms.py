"""Who may do what with a debate, decided on the server from one look at the user's
membership of the debate's collectivité (``core.rights``)."""

from dataclasses import dataclass

from territoires.accounts.perms import territory_membership
from territoires.core.access import is_staff
from territoires.core.rights import Rights
from territoires.debates.enums import DebateStatus
from territoires.debates.models import Debate, Participant


def signed_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class DebateRights(Rights):
    """What a user may do with one debate."""

    can_view: bool  # a public debate: anyone; a draft: the collectivité's members, staff
    can_manage: bool  # edit, open, close, write the synthesis, answer: its référents
    can_moderate: bool  # hide or show a contribution, read the reports: its members, staff
    can_contribute: bool  # an open debate, anyone signed in
    can_report: bool  # a public debate, anyone signed in
    is_signed_in: bool
    participant: Participant | None = None  # the user's part in it, once the charter accepted

    @property
    def must_accept_charter(self) -> bool:
        return self.can_contribute and self.participant is None


def debate_rights(user, debate: Debate, *, with_participant: bool = True) -> DebateRights:
    """Every right from the user's membership of the collectivité (one query) and, when asked,
    their participation (one more)."""
    staff = is_staff(user)
    membership = None if not signed_in(user) else territory_membership(user, debate.territory_id)
    member = membership is not None
    referent = member and membership.is_referent
    participant = None
    if with_participant and signed_in(user):
        participant = Participant.objects.filter(debate=debate, user=user).first()
    return DebateRights(
        can_view=debate.is_public or member or staff,
        can_manage=referent,
        can_moderate=(member or staff) and debate.status != DebateStatus.DRAFT,
        can_contribute=signed_in(user) and debate.is_open,
        can_report=signed_in(user) and debate.is_public,
        is_signed_in=signed_in(user),
        participant=participant,
    )


def can_open_debate(user, organisation) -> bool:
    """Whether ``user`` may open a debate for ``organisation``: a référent of a collectivité
    tied to its territory."""
    if not signed_in(user) or organisation.territory_id is None:
        return False
    membership = territory_membership(user, organisation.territory_id)
    return membership is not None and membership.is_referent
