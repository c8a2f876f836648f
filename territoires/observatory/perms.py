"""Who may do what with an assessment, decided per object on the server.

The members of the organisation tied to the assessment's territory read it
and answer it while it is a draft of an open campaign; only its référents
submit it and choose what is published; the network's staff runs campaigns,
reads every assessment and reopens a submitted one. Nobody else sees it.
"""

from territoires.accounts.models import Membership
from territoires.core.access import is_staff
from territoires.observatory.enums import AssessmentStatus, CampaignStatus
from territoires.observatory.models import Assessment


def membership_for(user, assessment: Assessment) -> Membership | None:
    """The user's membership of the collectivité the assessment is about."""
    if not user.is_authenticated or not user.is_active:
        return None
    return (
        Membership.objects.filter(user=user, organisation__territory_id=assessment.territory_id)
        .select_related("organisation")
        .first()
    )


def can_view_assessment(user, assessment: Assessment) -> bool:
    return is_staff(user) or membership_for(user, assessment) is not None


def is_editable(assessment: Assessment) -> bool:
    return (
        assessment.status == AssessmentStatus.DRAFT
        and assessment.campaign.status == CampaignStatus.OPEN
    )


def can_answer(user, assessment: Assessment) -> bool:
    """Answer the questions: any member, while the assessment is editable."""
    return is_editable(assessment) and membership_for(user, assessment) is not None


def is_referent(user, assessment: Assessment) -> bool:
    membership = membership_for(user, assessment)
    return membership is not None and membership.is_referent


def can_submit(user, assessment: Assessment) -> bool:
    return is_editable(assessment) and is_referent(user, assessment)


def can_set_publication(user, assessment: Assessment) -> bool:
    return is_referent(user, assessment)


def can_reopen(user, assessment: Assessment) -> bool:
    return (
        is_staff(user)
        and assessment.status == AssessmentStatus.SUBMITTED
        and assessment.campaign.status == CampaignStatus.OPEN
    )
