"""Users, their identities at ProConnect / FranceConnect, organisations and memberships.

A user is identified by (provider, ``sub``) through ``Identity``, never by e-mail alone. The
e-mail on ``User`` is the last one a provider vouched for, and may be empty when another
account already holds it.
"""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from territoires.accounts.enums import (
    REQUEST_WORKFLOW,
    AuditAction,
    OrganisationKind,
    Provider,
    RequestStatus,
    Role,
)
from territoires.core.workflows import TransitionLog


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("L’adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


def normalise_siret(value) -> str:
    """A SIRET as its 14 digits, without the spaces it is often written with
    (« 216 901 231 00011 »); "" when the value is not a SIRET."""
    siret = re.sub(r"\s", "", str(value or ""))
    return siret if re.fullmatch(r"[0-9]{14}", siret) else ""


class User(AbstractBaseUser, PermissionsMixin):
    """A person using the platform, identified by e-mail inside the platform."""

    email = models.EmailField("adresse électronique", unique=True, null=True, blank=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("équipe du réseau", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    def __str__(self) -> str:
        return self.get_full_name() or self.email or f"utilisateur n° {self.pk}"

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


# What each claim we ask for is, as « Mon compte » names it (oidc.config.DEFAULTS scopes).
CLAIM_LABELS = {
    "given_name": "Prénoms",
    "family_name": "Nom de naissance",
    "usual_name": "Nom d’usage",
    "email": "Adresse électronique",
    "uid": "Identifiant chez le fournisseur d’identité de l’agent",
    "siret": "SIRET de l’employeur",
    "idp_id": "Fournisseur d’identité de l’agent",
}


class Identity(models.Model):
    """A user's account at one provider: (provider, sub) identifies the person."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="identities", verbose_name="utilisateur"
    )
    provider = models.CharField("fournisseur d’identité", max_length=20, choices=Provider.choices)
    sub = models.CharField("identifiant chez le fournisseur", max_length=255)
    # The claims we use, as last received (minimised: see oidc.config.DEFAULTS).
    claims = models.JSONField("données transmises", default=dict, blank=True)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    last_login_at = models.DateTimeField("dernière connexion", null=True, blank=True)

    class Meta:
        verbose_name = "identité"
        verbose_name_plural = "identités"
        constraints = [
            models.UniqueConstraint(fields=["provider", "sub"], name="identity_unique_provider_sub")
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} {self.sub}"

    @property
    def claims_labelled(self) -> list[tuple[str, str]]:
        """The claims received, each under its French name (an unforeseen one under its own)."""
        return [(CLAIM_LABELS.get(name, name), value) for name, value in self.claims.items()]

    @property
    def siret(self) -> str:
        """The SIRET claim (ProConnect), normalised: 14 digits, or "" if there is none."""
        return normalise_siret(self.claims.get("siret"))

    @property
    def siren(self) -> str:
        return self.siret[:9]


class Organisation(models.Model):
    """A collectivité (tied to its territory) or another public body, known by its SIREN."""

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=OrganisationKind.choices)
    siren = models.CharField("SIREN", max_length=9, unique=True)
    territory = models.OneToOneField(
        "geo.Territory",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        verbose_name="territoire",
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)
    created_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="créée par"
    )

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def referents(self):
        return self.filter(role=Role.REFERENT)


class Membership(models.Model):
    user = models.ForeignKey(
        User, models.CASCADE, related_name="memberships", verbose_name="utilisateur"
    )
    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="memberships", verbose_name="organisation"
    )
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.MEMBRE)
    created_at = models.DateTimeField("depuis le", default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "appartenance"
        verbose_name_plural = "appartenances"
        # No default ordering: it would join two tables on every membership check. Each
        # listing orders itself.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @property
    def is_referent(self) -> bool:
        return self.role == Role.REFERENT


class MembershipRequest(models.Model):
    """An agent asking to join the organisation of their SIREN; staff decides."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="membership_requests", verbose_name="demandeur"
    )
    siren = models.CharField("SIREN", max_length=9)
    siret = models.CharField("SIRET", max_length=14)
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name="organisation",
    )
    status = models.CharField(
        "état", max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField("demandée le", default=timezone.now)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="décidée par"
    )
    comment = models.TextField("commentaire", blank=True)

    workflow = REQUEST_WORKFLOW

    class Meta:
        verbose_name = "demande de rattachement"
        verbose_name_plural = "demandes de rattachement"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "siren"],
                condition=Q(status="en_attente"),
                name="membership_request_one_pending_per_siren",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — SIREN {self.siren} ({self.get_status_display()})"


class MembershipRequestTransition(TransitionLog):
    """One step of a membership request's workflow: who, when, from, to, comment."""

    request = models.ForeignKey(
        MembershipRequest, models.CASCADE, related_name="transitions", verbose_name="demande"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "étape d’une demande"
        verbose_name_plural = "étapes des demandes"


class ReferentRequest(models.Model):
    """A member asking to become référent of their organisation; a référent or staff decides.

    The same workflow as a membership request: pending, then accepted or refused.
    """

    workflow = REQUEST_WORKFLOW

    membership = models.ForeignKey(
        Membership, models.CASCADE, related_name="referent_requests", verbose_name="membre"
    )
    status = models.CharField(
        "état", max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    reason = models.TextField("motif de la demande", blank=True)
    created_at = models.DateTimeField("demandée le", default=timezone.now)

    class Meta:
        verbose_name = "demande du rôle de référent"
        verbose_name_plural = "demandes du rôle de référent"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(status="en_attente"),
                name="referent_request_one_pending_per_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} — référent de {self.membership.organisation}"


class ReferentRequestTransition(TransitionLog):
    """One step of a request of the référent role."""

    request = models.ForeignKey(
        ReferentRequest, models.CASCADE, related_name="transitions", verbose_name="demande"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "étape d’une demande du rôle de référent"
        verbose_name_plural = "étapes des demandes du rôle de référent"


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor cancelled: listed for the référents, expired or not."""
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)

    def valid(self):
        """Open and not expired: joined at the next ProConnect sign-in with the address."""
        return self.open().filter(sent_at__gt=timezone.now() - Invitation.validity())


class Invitation(models.Model):
    """A référent invites a professional e-mail; the first ProConnect sign-in with it joins.

    An invitation is valid for ``INVITATION_VALIDITY_DAYS`` after it was last sent; sending it
    again renews it. An accepted, cancelled or expired invitation is never accepted.
    """

    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="invitations", verbose_name="organisation"
    )
    email = models.EmailField("adresse électronique")
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.MEMBRE)
    invited_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name="invité par"
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)
    sent_at = models.DateTimeField("envoyée le", default=timezone.now)
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="acceptée par"
    )
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="invitation_one_pending_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @staticmethod
    def validity() -> timedelta:
        return timedelta(days=settings.INVITATION_VALIDITY_DAYS)

    @property
    def expires_at(self) -> datetime:
        return self.sent_at + self.validity()

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class AuditEvent(models.Model):
    """Who did what, when: sign-ins, sign-outs, failed callbacks, membership changes."""

    created_at = models.DateTimeField("le", default=timezone.now, db_index=True)
    action = models.CharField("action", max_length=30, choices=AuditAction.choices)
    actor = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="auteur"
    )
    subject = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="concerné"
    )
    organisation = models.ForeignKey(
        Organisation,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation",
    )
    provider = models.CharField(
        "fournisseur d’identité", max_length=20, choices=Provider.choices, blank=True
    )
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    detail = models.JSONField("détail", default=dict, blank=True)

    class Meta:
        verbose_name = "événement du journal"
        verbose_name_plural = "journal"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.get_action_display()}"
