"""Who may do what with the labels, per object, decided on the server.

- The members of the lead collectivité and of its co-applicants read and draft their
  application while the call is open; the référents of the lead collectivité submit and
  withdraw it.
- A juror reads and scores only the applications assigned to them (never one in which they
  have a conflict of interest: such a pair is never assigned, and declaring a conflict
  withdraws it).
- The network's staff runs the edition and reads everything; nobody else sees an
  application before the palmarès, nor ever a juror's individual sheet.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from territoires.accounts.models import Membership
from territoires.awards.enums import ApplicationStatus, EditionStatus, SheetStatus
from territoires.awards.models import Application, Assignment, Edition
from territoires.core.access import is_staff
from territoires.core.rights import Rights

STAFF_ONLY = "Action réservée à l’équipe du réseau."
APPLICANTS_ONLY = "Seuls les membres de la collectivité candidate peuvent modifier sa candidature."
REFERENTS_ONLY = (
    "Seuls les référents de la collectivité candidate peuvent déposer ou retirer sa candidature."
)
NOT_ASSIGNED = "Cette candidature ne vous est pas confiée : vous ne pouvez pas la noter."


def _signed_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class EditionRights(Rights):
    can_manage: bool


def edition_rights(user) -> EditionRights:
    return EditionRights(can_manage=is_staff(user))


@dataclass(frozen=True)
class ApplicationRights(Rights):
    """Every question the pages of one application ask, answered once for the user."""

    is_applicant: bool  # a member of the lead collectivité or of a co-applicant
    is_referent: bool  # a référent of the lead collectivité
    can_view: bool
    can_edit: bool  # its applicants, while the call is open and it is not withdrawn
    can_submit: bool  # its référents, a draft while the call is open
    can_withdraw: bool  # its référents, until the final
    can_manage: bool  # the staff
    assignment: Assignment | None = None  # the user's active sheet of it, as a juror


def editable(application: Application, now=None) -> bool:
    """Drafted or deposited, while the call of its edition is open."""
    return application.status in (
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
    ) and application.edition.call_open(now)


def withdrawable(application: Application, now=None) -> bool:
    """Not yet awarded nor turned down, until the final."""
    return (
        application.workflow["withdraw"].allowed_from(application.status)
        and (now or timezone.now()) < application.edition.final_at
    )


def application_rights(user, application: Application) -> ApplicationRights:
    """From one query of the user's memberships of the applicants, and one of their sheet."""
    staff = is_staff(user)
    memberships = []
    assignment = None
    if _signed_in(user):
        memberships = list(
            Membership.objects.filter(user=user).filter(
                Q(organisation_id=application.organisation_id)
                | Q(organisation__in=application.co_applicants.values("pk"))
            )
        )
        assignment = (
            Assignment.objects.active()
            .filter(application=application, juror__user=user, juror__withdrawn_at__isnull=True)
            .select_related("juror__jury")
            .first()
        )
    applicant = bool(memberships)
    referent = any(
        membership.is_referent and membership.organisation_id == application.organisation_id
        for membership in memberships
    )
    return ApplicationRights(
        is_applicant=applicant,
        is_referent=referent,
        can_view=staff or applicant or assignment is not None,
        can_edit=applicant and editable(application),
        can_submit=referent
        and application.status == ApplicationStatus.DRAFT
        and application.edition.call_open(),
        can_withdraw=referent and withdrawable(application),
        can_manage=staff,
        assignment=assignment,
    )


@dataclass(frozen=True)
class SheetRights(Rights):
    can_view: bool  # the juror of the sheet; the staff sees its progress, not its marks here
    can_score: bool  # the juror, while the sheet is active and the jury's deadline not past
    can_see_others: bool  # the juror, once their own sheet is sent


def sheet_rights(user, assignment: Assignment) -> SheetRights:
    own = (
        _signed_in(user)
        and assignment.juror.user_id == user.pk
        and assignment.juror.withdrawn_at is None
        and assignment.status != SheetStatus.CANCELLED
    )
    return SheetRights(
        can_view=own,
        can_score=own and not assignment.juror.jury.scoring_closed(),
        can_see_others=own and assignment.status == SheetStatus.SUBMITTED,
    )


def can_apply(user) -> bool:
    """A member of a collectivité (an organisation tied to a territory)."""
    return (
        _signed_in(user)
        and Membership.objects.filter(user=user, organisation__territory__isnull=False).exists()
    )


def vote_open(edition: Edition, now=None) -> bool:
    return (
        edition.public_vote
        and edition.status == EditionStatus.FINAL
        and (now or timezone.now()) < edition.final_at
    )
