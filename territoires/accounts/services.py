"""Writes on users, organisations and memberships. Each service is one transaction and leaves
an audit event; a service that sends e-mail writes it in its transaction and returns it, and
a job sends it after the commit (``territoires.core.mail``; the e-mails are templates, in
``notifications``)."""

from django.db import IntegrityError, transaction
from django.db.models import Case, When
from django.utils import timezone

from territoires.accounts import perms
from territoires.accounts.enums import (
    AuditAction,
    OrganisationKind,
    Provider,
    RequestStatus,
    Role,
)
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
from territoires.accounts.notifications import decision_email_send, invitation_email_send
from territoires.accounts.oidc.client import VerifiedIdentity
from territoires.core.access import is_staff
from territoires.core.errors import BusinessError
from territoires.core.jobs import failed_job_enqueue
from territoires.core.models import FailedJob, OutgoingEmail
from territoires.core.personal_data import personal_data_erase
from territoires.core.workflows import transition_apply, transition_log_initial
from territoires.geo.enums import COLLECTIVITE_KINDS, TerritoryKind
from territoires.geo.models import Territory

# Claims kept on the identity: only what the platform shows or uses.
KEPT_CLAIMS = {
    Provider.PROCONNECT: ["email", "given_name", "usual_name", "uid", "siret", "idp_id"],
    Provider.FRANCECONNECT: ["email", "given_name", "family_name"],
}


def audit_event_record(
    *,
    action: str,
    actor: User | None = None,
    subject: User | None = None,
    organisation: Organisation | None = None,
    provider: str = "",
    ip_address: str | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one line to the audit log."""
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        subject=subject,
        organisation=organisation,
        provider=provider,
        ip_address=ip_address or None,
        detail=detail or {},
    )


def _names(provider: str, claims: dict) -> tuple[str, str]:
    last_name = claims.get("usual_name") if provider == Provider.PROCONNECT else None
    last_name = last_name or claims.get("family_name") or ""
    return str(claims.get("given_name") or "")[:150], str(last_name)[:150]


def _free_email(email: str, user: User | None) -> str | None:
    """The e-mail if no other account holds it (accounts are never merged on e-mail)."""
    email = (email or "").strip().lower()
    if not email:
        return None
    others = User.objects.filter(email__iexact=email)
    if user is not None:
        others = others.exclude(pk=user.pk)
    return None if others.exists() else email


@transaction.atomic
def user_sign_in(*, identity: VerifiedIdentity, ip_address: str | None = None) -> User:
    """Find or create the user of a verified identity, refresh what we hold, link them to
    their organisation (ProConnect) and log the sign-in."""
    claims = {**identity.id_token_claims, **identity.userinfo}
    kept = {name: claims[name] for name in KEPT_CLAIMS[identity.provider] if claims.get(name)}
    now = timezone.now()
    record = (
        Identity.objects.select_for_update()
        .select_related("user")
        .filter(provider=identity.provider, sub=identity.sub)
        .first()
    )
    first_name, last_name = _names(identity.provider, kept)
    if record is None:
        user = User(
            email=_free_email(kept.get("email", ""), None),
            first_name=first_name,
            last_name=last_name,
        )
        user.set_unusable_password()
        user.save()
        record = Identity.objects.create(
            user=user, provider=identity.provider, sub=identity.sub, claims=kept
        )
        audit_event_record(
            action=AuditAction.ACCOUNT_CREATED,
            actor=user,
            subject=user,
            provider=identity.provider,
            ip_address=ip_address,
        )
    else:
        user = record.user
        if not user.is_active:
            raise BusinessError("Ce compte est désactivé.", status=403)
        user.first_name, user.last_name = first_name or user.first_name, last_name or user.last_name
        user.email = _free_email(kept.get("email", ""), user) or user.email
        user.save(update_fields=["first_name", "last_name", "email"])
        record.claims = kept
    record.last_login_at = now
    record.save(update_fields=["claims", "last_login_at"])
    user.last_login = now
    user.save(update_fields=["last_login"])
    audit_event_record(
        action=AuditAction.SIGN_IN,
        actor=user,
        subject=user,
        provider=identity.provider,
        ip_address=ip_address,
        detail={"acr": claims.get("acr", ""), "idp_id": claims.get("idp_id", "")},
    )
    if identity.provider == Provider.PROCONNECT:
        _accept_invitations(user=user, email=kept.get("email", ""))
        _link_to_organisation(user=user, identity=record)
    return user


def _collectivite_for_siren(siren: str) -> Organisation | None:
    """The organisation of a collectivité of the référentiel, created on first use.

    A SIREN may stand for several territories (the Collectivité de Corse for its région
    and both départements, the Ville de Paris for its commune and département): the
    commune comes first, then the territory imported first (a région before its départements).
    """
    territory = (
        Territory.objects.current()
        .filter(siren=siren, kind__in=COLLECTIVITE_KINDS)
        .order_by(Case(When(kind=TerritoryKind.COMMUNE, then=0), default=1), "pk")
        .first()
    )
    if territory is None:
        return None
    organisation = Organisation.objects.create(
        name=territory.name,
        kind=OrganisationKind.COLLECTIVITE,
        siren=siren,
        territory=territory,
    )
    audit_event_record(
        action=AuditAction.ORGANISATION_CREATED,
        organisation=organisation,
        detail={"siren": siren, "source": "référentiel", "territory": territory.code},
    )
    return organisation


def _link_to_organisation(*, user: User, identity: Identity) -> None:
    """First ProConnect sign-in: join the collectivité of the SIRET, or ask staff."""
    siren = identity.siren
    if not siren:
        return
    organisation = Organisation.objects.filter(siren=siren).first()
    if organisation is None:
        organisation = _collectivite_for_siren(siren)
    if organisation is not None and organisation.memberships.filter(user=user).exists():
        return
    if organisation is not None and organisation.kind == OrganisationKind.COLLECTIVITE:
        _membership_add(
            actor=None,
            organisation=organisation,
            user=user,
            role=_first_member_role(organisation),
            reason="siret",
        )
        return
    # Another public body, or a SIREN we do not know: staff validates.
    if MembershipRequest.objects.filter(
        user=user, siren=siren, status__in=[RequestStatus.PENDING, RequestStatus.REFUSED]
    ).exists():
        return
    request = MembershipRequest.objects.create(
        user=user,
        siren=siren,
        siret=identity.siret,
        organisation=organisation,
    )
    transition_log_initial(obj=request, actor=user)
    audit_event_record(
        action=AuditAction.REQUEST_CREATED,
        actor=user,
        subject=user,
        organisation=organisation,
        detail={"siren": siren, "request": request.pk},
    )


def _accept_invitations(*, user: User, email: str) -> None:
    email = (email or "").strip().lower()
    if not email:
        return
    invitations = (
        Invitation.objects.valid().select_related("organisation").filter(email__iexact=email)
    )
    for invitation in invitations:
        if not invitation.organisation.memberships.filter(user=user).exists():
            _membership_add(
                actor=invitation.invited_by,
                organisation=invitation.organisation,
                user=user,
                role=invitation.role,
                reason="invitation",
            )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit_event_record(
            action=AuditAction.INVITATION_ACCEPTED,
            actor=user,
            subject=user,
            organisation=invitation.organisation,
            detail={"invitation": invitation.pk},
        )


def _first_member_role(organisation: Organisation) -> str:
    """Référent for the first agent of an organisation that has none (someone must be able to
    submit its assessment and manage its members), member otherwise."""
    if Membership.objects.referents().filter(organisation=organisation).exists():
        return Role.MEMBRE
    return Role.REFERENT


def _membership_add(
    *, actor: User | None, organisation: Organisation, user: User, role: str, reason: str
) -> Membership:
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    audit_event_record(
        action=AuditAction.MEMBERSHIP_CREATED,
        actor=actor,
        subject=user,
        organisation=organisation,
        detail={"role": role, "reason": reason},
    )
    return membership


def _other_referents(membership: Membership) -> bool:
    return (
        Membership.objects.referents()
        .filter(organisation_id=membership.organisation_id)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_role_change(*, actor: User, membership: Membership, role: str) -> Membership:
    """Promote or demote a member; an organisation always keeps at least one référent."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    perms.organisation_rights(actor, membership.organisation).require(
        "can_manage", "Seuls les référents de l’organisation peuvent modifier les rôles."
    )
    if role not in Role.values:
        raise BusinessError("Ce rôle n’existe pas.")
    if membership.role == role:
        return membership
    if membership.role == Role.REFERENT and not _other_referents(membership):
        raise BusinessError(
            "L’organisation doit garder au moins un référent : désignez-en un autre d’abord.",
            status=409,
        )
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_event_record(
        action=AuditAction.MEMBERSHIP_ROLE_CHANGED,
        actor=actor,
        subject=membership.user,
        organisation=membership.organisation,
        detail={"from": previous, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """Remove a member; the last référent cannot be removed."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    perms.organisation_rights(actor, membership.organisation).require(
        "can_manage", "Seuls les référents de l’organisation peuvent retirer un membre."
    )
    if membership.role == Role.REFERENT and not _other_referents(membership):
        raise BusinessError(
            "L’organisation doit garder au moins un référent : désignez-en un autre d’abord.",
            status=409,
        )
    audit_event_record(
        action=AuditAction.MEMBERSHIP_REMOVED,
        actor=actor,
        subject=membership.user,
        organisation=membership.organisation,
        detail={"role": membership.role},
    )
    membership.delete()


def invitation_send(
    *, actor: User, organisation: Organisation, email: str, role: str
) -> tuple[Invitation, OutgoingEmail]:
    """Invite a professional e-mail to join; they join at their first ProConnect sign-in.

    An expired invitation to the same address is renewed with the new role. Returns the
    invitation, committed, and its e-mail, sent after the commit (``territoires.core.mail``).
    """
    with transaction.atomic(durable=True):
        perms.organisation_rights(actor, organisation).require(
            "can_manage", "Seuls les référents de l’organisation peuvent inviter."
        )
        if role not in Role.values:
            raise BusinessError("Ce rôle n’existe pas.", errors={"role": ["Ce rôle n’existe pas."]})
        email = email.strip().lower()
        if organisation.memberships.filter(user__email__iexact=email).exists():
            already_member = "Cette personne est déjà membre de l’organisation."
            raise BusinessError(already_member, errors={"email": [already_member]}, status=409)
        already_pending = "Une invitation est déjà en attente pour cette adresse."
        invitation = (
            Invitation.objects.select_for_update()
            .open()
            .filter(organisation=organisation, email=email)
            .first()
        )
        if invitation is not None and not invitation.is_expired:
            raise BusinessError(already_pending, errors={"email": [already_pending]}, status=409)
        if invitation is None:
            try:
                with transaction.atomic():
                    invitation = Invitation.objects.create(
                        organisation=organisation, email=email, role=role, invited_by=actor
                    )
            except IntegrityError as error:
                raise BusinessError(
                    already_pending, errors={"email": [already_pending]}, status=409
                ) from error
        else:
            invitation.role, invitation.invited_by = role, actor
            invitation.sent_at = timezone.now()
            invitation.save(update_fields=["role", "invited_by", "sent_at"])
        audit_event_record(
            action=AuditAction.INVITATION_SENT,
            actor=actor,
            organisation=organisation,
            detail={"email": email, "role": role, "invitation": invitation.pk},
        )
        email_queued = invitation_email_send(actor=actor, invitation=invitation)
    return invitation, email_queued


def _open_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """The invitation, locked, if it is still open and the actor manages its organisation."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=invitation.pk)
    )
    perms.organisation_rights(actor, invitation.organisation).require(
        "can_manage", "Seuls les référents de l’organisation gèrent ses invitations."
    )
    if invitation.accepted_at or invitation.cancelled_at:
        raise BusinessError(
            "Cette invitation n’est plus en attente : elle a été acceptée ou annulée.",
            status=409,
        )
    return invitation


def invitation_resend(*, actor: User, invitation: Invitation) -> tuple[Invitation, OutgoingEmail]:
    """Send an open invitation again; it is valid again for ``INVITATION_VALIDITY_DAYS``,
    expired or not. Returns the invitation, committed, and its e-mail, sent after the
    commit."""
    with transaction.atomic(durable=True):
        invitation = _open_invitation(actor=actor, invitation=invitation)
        was_expired = invitation.is_expired
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
        audit_event_record(
            action=AuditAction.INVITATION_RESENT,
            actor=actor,
            organisation=invitation.organisation,
            detail={"email": invitation.email, "invitation": invitation.pk, "expired": was_expired},
        )
        email_queued = invitation_email_send(actor=actor, invitation=invitation)
    return invitation, email_queued


@transaction.atomic
def invitation_cancel(*, actor: User, invitation: Invitation) -> Invitation:
    """Cancel an open invitation: it is no longer accepted, and the address may be invited
    again."""
    invitation = _open_invitation(actor=actor, invitation=invitation)
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    audit_event_record(
        action=AuditAction.INVITATION_CANCELLED,
        actor=actor,
        organisation=invitation.organisation,
        detail={"email": invitation.email, "invitation": invitation.pk},
    )
    return invitation


@transaction.atomic
def organisation_create(
    *, actor: User, name: str, kind: str, siren: str, territory: Territory | None = None
) -> Organisation:
    """Staff creates a public body (OPSN, syndicat mixte, association d'élus, State service…)."""
    if not is_staff(actor):
        raise BusinessError("Seule l’équipe du réseau peut créer une organisation.", status=403)
    siren_invalid = "Le SIREN doit comporter 9 chiffres."
    kind_unknown = "Ce type d’organisation n’existe pas."
    siren_taken = "Une organisation existe déjà avec ce SIREN."
    if not (len(siren) == 9 and siren.isdigit()):
        raise BusinessError(siren_invalid, errors={"siren": [siren_invalid]})
    if kind not in OrganisationKind.values:
        raise BusinessError(kind_unknown, errors={"kind": [kind_unknown]})
    if Organisation.objects.filter(siren=siren).exists():
        raise BusinessError(siren_taken, errors={"siren": [siren_taken]}, status=409)
    organisation = Organisation.objects.create(
        name=name.strip(), kind=kind, siren=siren, territory=territory, created_by=actor
    )
    audit_event_record(
        action=AuditAction.ORGANISATION_CREATED,
        actor=actor,
        organisation=organisation,
        detail={"siren": siren, "source": "équipe"},
    )
    return organisation


def _request_decide(
    *, actor: User, request: MembershipRequest, name: str, comment: str
) -> MembershipRequest:
    """Move the locked request by staff's decision (``accept`` or ``refuse``) and record it;
    the caller checked its actor first (``_check_decider``)."""
    request = transition_apply(obj=request, name=name, actor=actor, comment=comment)
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.comment = comment
    request.save(update_fields=["decided_at", "decided_by", "comment"])
    return request


def _check_decider(actor: User) -> None:
    """The service's own check of its actor, before anything is read or written."""
    if not is_staff(actor):
        raise BusinessError("Seule l’équipe du réseau peut traiter les demandes.", status=403)


def membership_request_accept(
    *,
    actor: User,
    request: MembershipRequest,
    organisation_name: str = "",
    organisation_kind: str = "",
    comment: str = "",
) -> tuple[Membership, OutgoingEmail | None]:
    """Staff accepts: the organisation is created if its SIREN is new, the agent joins it.

    Returns the membership, committed, and the e-mail telling the agent, sent after the
    commit (None: the agent has no e-mail address; ``territoires.core.mail``).
    """
    _check_decider(actor)
    with transaction.atomic(durable=True):
        request = (
            MembershipRequest.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=request.pk)
        )
        organisation = (
            request.organisation or Organisation.objects.filter(siren=request.siren).first()
        )
        if organisation is None:
            if not organisation_name.strip() or not organisation_kind:
                raise BusinessError(
                    "Indiquez le nom et le type de l’organisation à créer pour ce SIREN."
                )
            organisation = organisation_create(
                actor=actor, name=organisation_name, kind=organisation_kind, siren=request.siren
            )
        if request.organisation_id != organisation.pk:
            request.organisation = organisation
            request.save(update_fields=["organisation"])
        _request_decide(actor=actor, request=request, name="accept", comment=comment)
        membership = organisation.memberships.filter(user=request.user).first()
        if membership is None:
            membership = _membership_add(
                actor=actor,
                organisation=organisation,
                user=request.user,
                role=_first_member_role(organisation),
                reason="demande acceptée",
            )
        audit_event_record(
            action=AuditAction.REQUEST_ACCEPTED,
            actor=actor,
            subject=request.user,
            organisation=organisation,
            detail={"request": request.pk, "comment": comment},
        )
        email_queued = decision_email_send(request=request)
    return membership, email_queued


def membership_request_refuse(
    *, actor: User, request: MembershipRequest, comment: str
) -> tuple[MembershipRequest, OutgoingEmail | None]:
    """Staff refuses, with a reason that the e-mail to the agent gives.

    Returns the request, committed, and its e-mail, sent after the commit (None: no e-mail
    address).
    """
    _check_decider(actor)
    with transaction.atomic(durable=True):
        request = (
            MembershipRequest.objects.select_for_update(of=("self",))
            .select_related("user", "organisation")
            .get(pk=request.pk)
        )
        if not comment.strip():
            raise BusinessError("Indiquez le motif du refus : il est communiqué au demandeur.")
        _request_decide(actor=actor, request=request, name="refuse", comment=comment.strip())
        audit_event_record(
            action=AuditAction.REQUEST_REFUSED,
            actor=actor,
            subject=request.user,
            organisation=request.organisation,
            detail={"request": request.pk, "comment": comment.strip()},
        )
        email_queued = decision_email_send(request=request)
    return request, email_queued


@transaction.atomic
def user_grant_staff(*, user: User) -> User:
    """Make a user network staff; run by an operator (``manage.py grant_staff``), so the
    audit event has no actor."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    audit_event_record(action=AuditAction.STAFF_GRANTED, subject=user)
    return user


@transaction.atomic
def user_delete(*, user: User, ip_address: str | None = None) -> None:
    """Delete an account and what we hold about the person (RGPD, right to erasure).

    Refused while the user is the only référent of an organisation that has other members.
    """
    referent_of = (
        user.memberships.filter(role=Role.REFERENT)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    for membership in referent_of:
        others = membership.organisation.memberships.exclude(user=user)
        if others.exists() and not others.filter(role=Role.REFERENT).exists():
            raise BusinessError(
                f"Vous êtes le seul référent de {membership.organisation.name} : désignez un "
                "autre référent avant de supprimer votre compte.",
                status=409,
            )
    audit_event_record(
        action=AuditAction.ACCOUNT_DELETED, ip_address=ip_address, detail={"user_id": user.pk}
    )
    # What the modules hold (registrations, contributions …) goes first, in this transaction.
    personal_data_erase(user)
    # Audit lines keep no link to the person (SET_NULL); invitations they sent stay.
    user.delete()


# ------------------------------------------------------------------ the référent role, asked


def referent_request_create(
    *, actor: User, organisation: Organisation, reason: str = ""
) -> ReferentRequest:
    """A member asks to become référent of their organisation; its référents (or staff) decide.

    Refused for someone who is not a member, who is référent already, or whose request is
    still pending.
    """
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .filter(user=actor, organisation=organisation)
            .first()
        )
        if membership is None:
            raise BusinessError(
                "Seuls les membres de l’organisation peuvent demander à en être référents.",
                status=403,
            )
        if membership.is_referent:
            raise BusinessError("Vous êtes déjà référent de cette organisation.", status=409)
        if membership.referent_requests.filter(status=RequestStatus.PENDING).exists():
            raise BusinessError(
                "Votre demande du rôle de référent est déjà en attente.", status=409
            )
        request = ReferentRequest.objects.create(membership=membership, reason=reason.strip())
        transition_log_initial(obj=request, actor=actor, comment=request.reason)
        audit_event_record(
            action=AuditAction.REFERENT_REQUESTED,
            actor=actor,
            subject=actor,
            organisation=organisation,
            detail={"referent_request": request.pk},
        )
    return request


def _decidable(*, actor: User, request: ReferentRequest) -> ReferentRequest:
    """The request, locked, if the actor manages its organisation (référent or staff)."""
    request = (
        ReferentRequest.objects.select_for_update(of=("self",))
        .select_related("membership__user", "membership__organisation")
        .get(pk=request.pk)
    )
    perms.organisation_rights(actor, request.membership.organisation).require(
        "can_manage",
        "Seuls les référents de l’organisation et l’équipe du réseau décident de cette demande.",
    )
    return request


@transaction.atomic
def referent_request_accept(
    *, actor: User, request: ReferentRequest, comment: str = ""
) -> ReferentRequest:
    """A référent or staff accepts: the member becomes référent, logged and audited."""
    request = _decidable(actor=actor, request=request)
    transition_apply(obj=request, name="accept", actor=actor, comment=comment.strip())
    membership = request.membership
    previous = membership.role
    membership.role = Role.REFERENT
    membership.save(update_fields=["role"])
    audit_event_record(
        action=AuditAction.REFERENT_REQUEST_ACCEPTED,
        actor=actor,
        subject=membership.user,
        organisation=membership.organisation,
        detail={"referent_request": request.pk, "from": previous, "to": Role.REFERENT},
    )
    return request


@transaction.atomic
def referent_request_refuse(
    *, actor: User, request: ReferentRequest, comment: str
) -> ReferentRequest:
    """A référent or staff refuses, saying why; the member stays a member."""
    if not comment.strip():
        raise BusinessError("Indiquez le motif du refus : il est montré au demandeur.")
    request = _decidable(actor=actor, request=request)
    transition_apply(obj=request, name="refuse", actor=actor, comment=comment.strip())
    audit_event_record(
        action=AuditAction.REFERENT_REQUEST_REFUSED,
        actor=actor,
        subject=request.membership.user,
        organisation=request.membership.organisation,
        detail={"referent_request": request.pk, "comment": comment.strip()},
    )
    return request


@transaction.atomic
def failed_job_retry(*, actor: User, failed_job: FailedJob) -> FailedJob:
    """Staff runs a job that failed for good again, with its arguments, once: the job is
    enqueued when the transaction commits, and the failure row says who retried it."""
    if not is_staff(actor):
        raise BusinessError("Seule l’équipe du réseau peut relancer une tâche.", status=403)
    failed_job = FailedJob.objects.select_for_update().get(pk=failed_job.pk)
    if failed_job.retried_at is not None:
        raise BusinessError("Cette tâche a déjà été relancée.", status=409)
    failed_job.retried_at, failed_job.retried_by = timezone.now(), actor
    failed_job.save(update_fields=["retried_at", "retried_by"])
    failed_job_enqueue(failed_job)
    audit_event_record(
        action=AuditAction.JOB_RETRIED,
        actor=actor,
        detail={"tâche": failed_job.task, "échec": failed_job.pk},
    )
    return failed_job
