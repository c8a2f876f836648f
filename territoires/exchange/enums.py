"""Choices of the bourse, and its two workflows declared as data (``core.workflows``)."""

from django.db import models

from territoires.core.workflows import Transition, Workflow


class Modality(models.TextChoices):
    PRESTATION = "prestation", "Prestation de services"
    MISE_A_DISPOSITION = "mise_a_disposition", "Mise à disposition de personnel"
    SERVICE_COMMUN = "service_commun", "Service commun"
    GROUPEMENT = "groupement", "Groupement de commandes"
    FORMATION = "formation", "Formation"
    CONSEIL = "conseil", "Conseil ponctuel"


class LegalVehicle(models.TextChoices):
    """The legal frameworks an offer proposes; each reference is in LEGAL_REFERENCES and was
    checked against the text (docs/references-juridiques.md)."""

    COOPERATION = "cooperation", "Convention de coopération entre pouvoirs adjudicateurs"
    SERVICE_COMMUN = "service_commun", "Service commun"
    ENTENTE = "entente", "Entente intercommunale"
    MISE_A_DISPOSITION = "mise_a_disposition", "Mise à disposition de services et de personnel"


LEGAL_REFERENCES = {
    LegalVehicle.COOPERATION: "Code de la commande publique, article L2511-6",
    LegalVehicle.SERVICE_COMMUN: "Code général des collectivités territoriales, article L5211-4-2",
    LegalVehicle.ENTENTE: "Code général des collectivités territoriales, article L5221-1",
    LegalVehicle.MISE_A_DISPOSITION: (
        "Code général des collectivités territoriales, article L5211-4-1"
    ),
}


# The frameworks that hold only between an EPCI à fiscalité propre and its member communes
# (CGCT L5211-4-1 and L5211-4-2): an offer under them serves its provider's intercommunalité.
MEMBERS_ONLY_VEHICLES = frozenset({LegalVehicle.SERVICE_COMMUN, LegalVehicle.MISE_A_DISPOSITION})


class CostModel(models.TextChoices):
    FREE = "gratuit", "Gratuit"
    FLAT = "forfait", "Forfait"
    ACTUAL = "cout_reel", "Coût réel"


class Urgency(models.TextChoices):
    LOW = "faible", "Pas urgent"
    MEDIUM = "moyenne", "Dans l’année"
    HIGH = "forte", "Urgent (moins de trois mois)"


class BudgetBand(models.TextChoices):
    NONE = "aucun", "Aucun budget"
    SMALL = "moins_5000", "Moins de 5 000 €"
    MEDIUM = "5000_20000", "De 5 000 à 20 000 €"
    LARGE = "plus_20000", "Plus de 20 000 €"


class Frequency(models.TextChoices):
    DAILY = "quotidienne", "Chaque jour"
    WEEKLY = "hebdomadaire", "Chaque semaine"


class SearchTarget(models.TextChoices):
    OFFERS = "offres", "Nouvelles offres"
    NEEDS = "besoins", "Nouveaux besoins publiés"


class OfferStatus(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    PUBLISHED = "publiee", "Publiée"
    PAUSED = "suspendue", "Suspendue"
    ARCHIVED = "archivee", "Archivée"


OFFER_WORKFLOW = Workflow(
    states=OfferStatus,
    transitions=(
        Transition(
            name="publish",
            sources={OfferStatus.DRAFT, OfferStatus.PAUSED},
            target=OfferStatus.PUBLISHED,
            label="Publier l’offre",
            slug="publier",
            description="L’offre apparaît dans la bourse et dans les recherches.",
        ),
        Transition(
            name="pause",
            sources={OfferStatus.PUBLISHED},
            target=OfferStatus.PAUSED,
            label="Suspendre l’offre",
            slug="suspendre",
            description="L’offre n’apparaît plus ; les accords en cours continuent.",
        ),
        Transition(
            name="archive",
            sources={OfferStatus.DRAFT, OfferStatus.PUBLISHED, OfferStatus.PAUSED},
            target=OfferStatus.ARCHIVED,
            label="Archiver l’offre",
            slug="archiver",
            description="L’offre est retirée pour de bon ; son historique est conservé.",
        ),
    ),
    refusal=(
        "Cette offre est à l’état « {current} » : elle ne peut pas passer à l’état « {target} »."
    ),
)


class AgreementStatus(models.TextChoices):
    REQUESTED = "demandee", "Demande envoyée"
    ACCEPTED = "acceptee", "Acceptée"
    DECLINED = "declinee", "Déclinée"
    UNANSWERED = "sans_reponse", "Sans réponse"
    DRAFTED = "redigee", "Convention rédigée"
    SIGNED = "signee", "Convention signée"
    ACTIVE = "active", "En cours"
    ENDED = "terminee", "Terminée"
    EVALUATED = "evaluee", "Évaluée"


# The agreements that hold a place of the offer's capacity.
IN_PROGRESS = (
    AgreementStatus.ACCEPTED,
    AgreementStatus.DRAFTED,
    AgreementStatus.SIGNED,
    AgreementStatus.ACTIVE,
)
# Who moves an agreement: the provider answers and starts, the requester joins the rest.
PROVIDER, REQUESTER, EITHER, SYSTEM = "provider", "requester", "either", "system"

AGREEMENT_WORKFLOW = Workflow(
    states=AgreementStatus,
    transitions=(
        Transition(
            name="accept",
            sources={AgreementStatus.REQUESTED},
            target=AgreementStatus.ACCEPTED,
            label="Accepter la demande",
            slug="accepter",
            description="Vous acceptez d’accompagner le demandeur ; la convention reste à rédiger.",
        ),
        Transition(
            name="decline",
            sources={AgreementStatus.REQUESTED},
            target=AgreementStatus.DECLINED,
            label="Décliner la demande",
            slug="decliner",
            description="Le demandeur est prévenu avec le motif, obligatoire.",
        ),
        Transition(
            name="expire",
            sources={AgreementStatus.REQUESTED},
            target=AgreementStatus.UNANSWERED,
            label="Marquer sans réponse",
            slug="sans-reponse",
            description="Aucune réponse quinze jours après la demande.",
        ),
        Transition(
            name="draft",
            sources={AgreementStatus.ACCEPTED, AgreementStatus.DRAFTED},
            target=AgreementStatus.DRAFTED,
            label="Rédiger la convention",
            slug="rediger",
            description="Une nouvelle version de la convention est enregistrée.",
        ),
        Transition(
            name="sign",
            sources={AgreementStatus.DRAFTED},
            target=AgreementStatus.SIGNED,
            label="Déclarer la convention signée",
            slug="signer",
            description="La dernière version de la convention a été signée par les parties.",
        ),
        Transition(
            name="start",
            sources={AgreementStatus.SIGNED},
            target=AgreementStatus.ACTIVE,
            label="Démarrer l’accompagnement",
            slug="demarrer",
        ),
        Transition(
            name="end",
            sources={AgreementStatus.ACTIVE},
            target=AgreementStatus.ENDED,
            label="Terminer l’accompagnement",
            slug="terminer",
            description="La place de l’offre se libère.",
        ),
        Transition(
            name="evaluate",
            sources={AgreementStatus.ENDED},
            target=AgreementStatus.EVALUATED,
            label="Évaluer l’accompagnement",
            slug="evaluer",
            description="Une satisfaction de 1 à 5 et un commentaire.",
        ),
    ),
    refusal="Cet accord est à l’état « {current} » : il ne peut pas passer à l’état « {target} ».",
)

# The party that may make each move.
AGREEMENT_ACTORS = {
    "accept": PROVIDER,
    "decline": PROVIDER,
    "expire": SYSTEM,
    "draft": EITHER,
    "sign": EITHER,
    "start": PROVIDER,
    "end": EITHER,
    "evaluate": REQUESTER,
}
