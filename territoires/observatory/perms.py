"""Who may do what with a collectivité's assessments and private results, per object.

The members of the organisation tied to the collectivité's territory read its
assessments and private results, and answer an assessment while it is a draft of an
open campaign; only its référents submit it and choose what is published; the
network's staff runs campaigns, reads every assessment and reopens a submitted one.
Nobody else sees them. Every right comes from one lookup of the user's membership
(``accounts.perms.territory_membership``).
"""

from dataclasses import dataclass

from territoires.accounts.perms import territory_membership
from territoires.core.access import is_staff
from territoires.core.rights import Rights
from territoires.observatory.enums import AssessmentStatus, CampaignStatus
from territoires.observatory.models import Assessment

# The words of a refusal, the same on a page and from a service.
MEMBERS_ONLY = "Seuls les membres de la collectivité répondent au questionnaire."
REFERENTS_ONLY = "Action réservée aux référents de la collectivité."
STAFF_ONLY = "Action réservée à l’équipe du réseau."


@dataclass(frozen=True)
class TerritoryRights(Rights):
    """What a user may do in a collectivité's observatory space, whatever the state of
    its assessments (the services check the state themselves, with their own words)."""

    can_view: bool  # its assessments and private results: its members and the staff
    can_answer: bool  # start and answer its assessments: its members
    can_decide: bool  # submit, choose what is published: its référents
    can_reopen: bool  # send a submitted assessment back to draft: the staff


def territory_rights(user, territory_id: int) -> TerritoryRights:
    staff = is_staff(user)
    membership = territory_membership(user, territory_id)
    return TerritoryRights(
        can_view=staff or membership is not None,
        can_answer=membership is not None,
        can_decide=membership is not None and membership.is_referent,
        can_reopen=staff,
    )


def answers_open(assessment: Assessment) -> bool:
    """A draft of an open campaign: its answers may change."""
    return (
        assessment.status == AssessmentStatus.DRAFT
        and assessment.campaign.status == CampaignStatus.OPEN
    )


@dataclass(frozen=True)
class AssessmentRights(Rights):
    """Every question an assessment's pages ask, answered once for the user."""

    territory: TerritoryRights  # whatever the state of the assessment
    can_view: bool
    can_answer: bool  # its members, while its answers are open
    can_submit: bool  # its référents, while its answers are open
    can_set_publication: bool  # its référents, at any time
    can_reopen: bool  # the staff, once submitted in a campaign still open


def assessment_rights(user, assessment: Assessment) -> AssessmentRights:
    territory = territory_rights(user, assessment.territory_id)
    open_ = answers_open(assessment)
    return AssessmentRights(
        territory=territory,
        can_view=territory.can_view,
        can_answer=open_ and territory.can_answer,
        can_submit=open_ and territory.can_decide,
        can_set_publication=territory.can_decide,
        can_reopen=territory.can_reopen
        and assessment.status == AssessmentStatus.SUBMITTED
        and assessment.campaign.status == CampaignStatus.OPEN,
    )


@dataclass(frozen=True)
class CampaignRights(Rights):
    """What a user may do with the campaigns: the network's staff runs them."""

    can_manage: bool  # create, open, close, publish


def campaign_rights(user) -> CampaignRights:
    return CampaignRights(can_manage=is_staff(user))
