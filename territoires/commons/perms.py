"""Who may do what with a fiche, a usage or an experience report, decided on the server.

Each rights object comes from one look at the user's memberships: a fiche is edited by
the members of the organisations that maintain it and by staff (by its proposer while it
waits for moderation); a usage by the members of its organisation; a report by the members
of its co-authors while it is a draft or was refused; staff moderates.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from territoires.accounts.models import Membership
from territoires.commons.enums import CommunStatus, ReportStatus
from territoires.commons.models import Commun, ExperienceReport
from territoires.core.access import is_staff
from territoires.core.rights import Rights

STAFF_ONLY = "Action réservée à l’équipe du réseau."
MEMBERS_ONLY = "Action réservée aux membres d’une organisation de la plateforme."
EDITORS_ONLY = (
    "Seuls les membres des organisations qui maintiennent ce commun et l’équipe du réseau "
    "modifient sa fiche."
)
AUTHORS_ONLY = "Seuls les membres des organisations autrices modifient ce retour d’expérience."
ORGANISATION_ONLY = "Seuls les membres de l’organisation déclarent ou modifient ses usages."


def _signed_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class CommunRights(Rights):
    can_view: bool
    can_edit: bool
    can_moderate: bool
    can_declare_usage: bool  # a member of some organisation, on a published fiche
    can_contact: bool  # the same: agents write to users and referents


def commun_rights(user, commun: Commun) -> CommunRights:
    """Every right on a fiche from one query on the user's memberships."""
    staff = is_staff(user)
    memberships = []
    if _signed_in(user):
        memberships = list(
            Membership.objects.filter(user=user)
            .annotate(
                maintains=Exists(
                    Commun.maintainers.through.objects.filter(
                        commun_id=commun.pk, organisation_id=OuterRef("organisation_id")
                    )
                )
            )
            .values_list("organisation_id", "maintains")
        )
    member = bool(memberships)
    maintainer = any(maintains for _, maintains in memberships)
    proposer = _signed_in(user) and (
        commun.proposed_by_id == user.pk
        or any(organisation == commun.proposed_for_id for organisation, _ in memberships)
    )
    listed = commun.status in (CommunStatus.PUBLISHED, CommunStatus.ARCHIVED)
    published = commun.status == CommunStatus.PUBLISHED
    return CommunRights(
        can_view=listed or staff or proposer,
        can_edit=staff
        or (published and maintainer)
        or (commun.status == CommunStatus.PROPOSED and proposer),
        can_moderate=staff,
        can_declare_usage=published and member,
        can_contact=published and member,
    )


@dataclass(frozen=True)
class ReportRights(Rights):
    can_view: bool
    can_edit: bool  # change it, add a co-author, submit it: while a draft or refused
    can_moderate: bool


def report_rights(user, report: ExperienceReport) -> ReportRights:
    staff = is_staff(user)
    author = _signed_in(user) and (
        Membership.objects.filter(user=user, organisation__in=report.authors.all()).exists()
    )
    listed = report.status in (ReportStatus.PUBLISHED, ReportStatus.ARCHIVED)
    return ReportRights(
        can_view=listed or staff or author,
        can_edit=author and report.status in (ReportStatus.DRAFT, ReportStatus.REFUSED),
        can_moderate=staff,
    )
