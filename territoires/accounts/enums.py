from django.db import models

from territoires.core.workflows import Transition, Workflow


class Provider(models.TextChoices):
    PROCONNECT = "proconnect", "ProConnect"
    FRANCECONNECT = "franceconnect", "FranceConnect"


class OrganisationKind(models.TextChoices):
    COLLECTIVITE = "collectivite", "Collectivité territoriale"
    OPSN = "opsn", "Opérateur public de services numériques (OPSN)"
    SYNDICAT_MIXTE = "syndicat_mixte", "Syndicat mixte"
    ASSOCIATION_ELUS = "association_elus", "Association d’élus"
    SERVICE_ETAT = "service_etat", "Service de l’État"
    AUTRE = "autre", "Autre organisme public"


class Role(models.TextChoices):
    MEMBRE = "membre", "Membre"
    REFERENT = "referent", "Référent"


class RequestStatus(models.TextChoices):
    PENDING = "en_attente", "En attente"
    ACCEPTED = "acceptee", "Acceptée"
    REFUSED = "refusee", "Refusée"


# The membership request workflow: staff decides once, for good.
REQUEST_WORKFLOW = Workflow(
    states=RequestStatus,
    transitions=(
        Transition(
            name="accept",
            sources={RequestStatus.PENDING},
            target=RequestStatus.ACCEPTED,
            label="Accepter",
            slug="accepter",
        ),
        Transition(
            name="refuse",
            sources={RequestStatus.PENDING},
            target=RequestStatus.REFUSED,
            label="Refuser",
            slug="refuser",
        ),
    ),
    refusal="Cette demande a déjà été traitée.",
)


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", "Connexion"
    SIGN_IN_FAILED = "sign_in_failed", "Connexion refusée"
    SIGN_OUT = "sign_out", "Déconnexion"
    SIGN_OUT_FAILED = "sign_out_failed", "Retour de déconnexion non vérifié"
    ACCOUNT_CREATED = "account_created", "Compte créé"
    ACCOUNT_DELETED = "account_deleted", "Compte supprimé"
    ORGANISATION_CREATED = "organisation_created", "Organisation créée"
    MEMBERSHIP_CREATED = "membership_created", "Membre ajouté"
    MEMBERSHIP_ROLE_CHANGED = "membership_role_changed", "Rôle modifié"
    MEMBERSHIP_REMOVED = "membership_removed", "Membre retiré"
    REQUEST_CREATED = "request_created", "Demande de rattachement"
    REQUEST_ACCEPTED = "request_accepted", "Demande acceptée"
    REQUEST_REFUSED = "request_refused", "Demande refusée"
    INVITATION_SENT = "invitation_sent", "Invitation envoyée"
    INVITATION_RESENT = "invitation_resent", "Invitation renvoyée"
    INVITATION_CANCELLED = "invitation_cancelled", "Invitation annulée"
    INVITATION_ACCEPTED = "invitation_accepted", "Invitation acceptée"
    STAFF_GRANTED = "staff_granted", "Accès équipe accordé"
    REFERENT_REQUESTED = "referent_requested", "Demande du rôle de référent"
    REFERENT_REQUEST_ACCEPTED = "referent_request_accepted", "Rôle de référent accordé"
    REFERENT_REQUEST_REFUSED = "referent_request_refused", "Rôle de référent refusé"
    JOB_RETRIED = "job_retried", "Tâche relancée"
