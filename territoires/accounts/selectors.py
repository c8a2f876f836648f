"""Reads on users and organisations that depend on who asks."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from territoires.accounts.enums import Provider, RequestStatus, Role
from territoires.accounts.models import (
    AuditEvent,
    Identity,
    Invitation,
    Membership,
    MembershipRequest,
    Organisation,
    ReferentRequest,
    User,
)
from territoires.core.models import FailedJob, OutgoingEmail
from territoires.core.personal_data import personal_data_export
from territoires.geo.models import Territory

ACTIVE_ORGANISATION_KEY = "active_organisation_id"


def memberships_of(user: User):
    return Membership.objects.filter(user=user).select_related("organisation")


def active_membership(request) -> Membership | None:
    """The membership the user acts for: the one chosen in this session, else the first one.

    Checked against the database on every call: a choice left in the session after the user
    was removed from the organisation is ignored.
    """
    if not request.user.is_authenticated:
        return None
    memberships = list(memberships_of(request.user).order_by("created_at", "pk"))
    chosen = request.session.get(ACTIVE_ORGANISATION_KEY)
    for membership in memberships:
        if membership.organisation_id == chosen:
            return membership
    return memberships[0] if memberships else None


def organisation_members(organisation: Organisation):
    return (
        organisation.memberships.select_related("user")
        .annotate(is_ref=Q(role=Role.REFERENT))
        .order_by("-is_ref", "user__last_name", "user__first_name", "pk")
    )


def pending_invitations(organisation: Organisation):
    """Invitations neither accepted nor cancelled, expired ones included (they can be sent
    again)."""
    return organisation.invitations.open().select_related("invited_by")


def pending_requests():
    return (
        MembershipRequest.objects.filter(status=RequestStatus.PENDING)
        .select_related("user", "organisation")
        .prefetch_related(
            Prefetch("user__identities", queryset=Identity.objects.order_by("provider"))
        )
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class RequestOrigin:
    """What can be known of the organisation a membership request names by its SIREN:
    the organisation itself if it is known (accepting joins it), else a name to suggest for
    the one to create and where it comes from, and the domain of the agent's e-mail address
    as a hint."""

    organisation: Organisation | None
    suggested_name: str
    suggested_from: str
    email_domain: str


def request_origin(item: MembershipRequest) -> RequestOrigin:
    organisation = item.organisation or Organisation.objects.filter(siren=item.siren).first()
    email = item.user.email or ""
    domain = email.rsplit("@", 1)[1].lower() if "@" in email else ""
    if organisation is not None:
        return RequestOrigin(organisation, "", "", domain)
    territory = (
        Territory.objects.filter(siren=item.siren).order_by("-is_current", "kind", "code").first()
    )
    if territory is not None:
        return RequestOrigin(
            None,
            territory.name,
            f"le référentiel territorial ({territory.kind_label} {territory.code})",
            domain,
        )
    return RequestOrigin(None, "", "", domain)


def organisations_for_staff():
    return (
        Organisation.objects.annotate(member_count=Count("memberships"))
        .select_related("territory")
        .order_by("name", "pk")
    )


def audit_events(*, action: str = ""):
    events = AuditEvent.objects.select_related("actor", "subject", "organisation")
    return events.filter(action=action) if action else events


def user_data_export(user: User) -> dict:
    """Everything we hold about a user, for the RGPD download."""

    def when(value):
        return value.isoformat() if value else None

    return {
        "compte": {
            "adresse_electronique": user.email,
            "prenom": user.first_name,
            "nom": user.last_name,
            "inscrit_le": when(user.date_joined),
            "derniere_connexion": when(user.last_login),
            "equipe_du_reseau": user.is_staff,
        },
        "identites": [
            {
                "fournisseur": identity.get_provider_display(),
                "identifiant": identity.sub,
                "donnees_transmises": identity.claims,
                "creee_le": when(identity.created_at),
                "derniere_connexion": when(identity.last_login_at),
            }
            for identity in user.identities.order_by("created_at")
        ],
        "organisations": [
            {
                "organisation": membership.organisation.name,
                "siren": membership.organisation.siren,
                "role": membership.get_role_display(),
                "depuis_le": when(membership.created_at),
            }
            for membership in memberships_of(user).order_by("created_at")
        ],
        "demandes_de_rattachement": [
            {
                "siren": request.siren,
                "siret": request.siret,
                "etat": request.get_status_display(),
                "demandee_le": when(request.created_at),
                "decidee_le": when(request.decided_at),
                "commentaire": request.comment,
            }
            for request in user.membership_requests.order_by("created_at")
        ],
        "invitations_recues": [
            {
                "organisation": invitation.organisation.name,
                "acceptee_le": when(invitation.accepted_at),
            }
            for invitation in Invitation.objects.filter(accepted_by=user).select_related(
                "organisation"
            )
        ],
        "journal": [
            {
                "le": when(event.created_at),
                "action": event.get_action_display(),
                "fournisseur": event.get_provider_display() if event.provider else "",
                "adresse_ip": event.ip_address,
            }
            for event in AuditEvent.objects.filter(Q(actor=user) | Q(subject=user)).order_by(
                "created_at", "pk"
            )
        ],
        **personal_data_export(user),
    }


def pending_referent_requests(organisation: Organisation | None = None):
    """Requests of the référent role awaiting a decision, oldest first; of one organisation,
    or of every organisation (for staff)."""
    requests = ReferentRequest.objects.filter(status=RequestStatus.PENDING)
    if organisation is not None:
        requests = requests.filter(membership__organisation=organisation)
    return requests.select_related("membership__user", "membership__organisation").order_by(
        "created_at", "pk"
    )


def last_referent_request(membership: Membership | None) -> ReferentRequest | None:
    """The member's latest request of the référent role, if any (to show its outcome)."""
    if membership is None:
        return None
    return membership.referent_requests.order_by("-created_at", "-pk").first()


@dataclass(frozen=True)
class Standing:
    """What the header and the menus ask of the person signed in, on every page."""

    agent: bool  # an agent of a public body (see ``user_agent``)
    member: bool  # a member of an organisation: acts for it


def user_standing(request) -> Standing:
    """The standing of the person signed in: read once per request, with one query."""
    if not hasattr(request, "_user_standing"):
        user = request.user
        if not user.is_authenticated:
            standing = Standing(agent=False, member=False)
        else:
            proconnect, member = (
                User.objects.filter(pk=user.pk)
                .annotate(
                    proconnect=Exists(
                        Identity.objects.filter(user=OuterRef("pk"), provider=Provider.PROCONNECT)
                    ),
                    member=Exists(Membership.objects.filter(user=OuterRef("pk"))),
                )
                .values_list("proconnect", "member")
                .get()
            )
            standing = Standing(agent=user.is_staff or proconnect or member, member=member)
        request._user_standing = standing
    return request._user_standing


def user_is_agent(request) -> bool:
    """Whether the person signed in is an agent of a public body: signed in with ProConnect
    once, or a member of an organisation (a citizen who uses FranceConnect only is not)."""
    return user_standing(request).agent


def user_is_member(request) -> bool:
    """Whether the person signed in acts for an organisation (proposes, writes for it)."""
    return user_standing(request).member


def user_agent(user) -> bool:
    """Whether ``user`` is an agent of a public body (see :func:`user_is_agent`), one query."""
    return bool(
        user.is_authenticated
        and (
            user.is_staff
            or User.objects.filter(pk=user.pk)
            .filter(Q(identities__provider=Provider.PROCONNECT) | Q(memberships__isnull=False))
            .exists()
        )
    )


def failed_jobs() -> QuerySet[FailedJob]:
    """The jobs that failed for good, the latest first, with who ran them again."""
    return FailedJob.objects.select_related("retried_by")


def undelivered_emails() -> QuerySet[OutgoingEmail]:
    """The e-mails not sent yet (waiting for a try, or given up after a day), the latest
    first."""
    return OutgoingEmail.objects.undelivered()
