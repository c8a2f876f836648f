"""Choices and workflows of the communs and the experience reports, declared as data."""

from django.db import models

from territoires.core.workflows import Transition, Workflow


class CommunKind(models.TextChoices):
    SOFTWARE = "logiciel_libre", "Logiciel libre"
    SHARED_SERVICE = "service_mutualise", "Service mutualisé"
    METHOD = "methode_guide", "Méthode ou guide"
    DATA_SCHEMA = "schema_donnees", "Schéma de données"
    DATASET = "jeu_donnees", "Jeu de données"
    TRAINING_KIT = "kit_formation", "Kit de formation"
    CONSULTATION_KIT = "kit_concertation", "Kit de concertation"


class Maturity(models.TextChoices):
    EXPERIMENT = "experimentation", "Expérimentation"
    PRODUCTION = "production", "En production"
    END_OF_LIFE = "fin_de_vie", "En fin de vie"


class HostingMode(models.TextChoices):
    SELF_HOSTED = "auto_heberge", "Auto-hébergé"
    OPSN = "opsn", "Hébergé par un OPSN"
    COMPANY = "entreprise", "Hébergé par une entreprise"


class CommunStatus(models.TextChoices):
    PROPOSED = "proposee", "Proposée"
    PUBLISHED = "publiee", "Publiée"
    REFUSED = "refusee", "Refusée"
    ARCHIVED = "archivee", "Archivée"


# A fiche is proposed by a member organisation and moderated by staff; a published fiche is
# archived, never deleted (a merged duplicate is archived too, pointing to the one kept).
COMMUN_WORKFLOW = Workflow(
    states=CommunStatus,
    transitions=(
        Transition(
            name="publish",
            sources={CommunStatus.PROPOSED},
            target=CommunStatus.PUBLISHED,
            label="Publier la fiche",
            slug="publier",
            description="La fiche deviendra publique et sera proposée dans la recherche.",
        ),
        Transition(
            name="refuse",
            sources={CommunStatus.PROPOSED},
            target=CommunStatus.REFUSED,
            label="Refuser la fiche",
            slug="refuser",
            description="La personne qui l’a proposée recevra le motif du refus par courriel.",
        ),
        Transition(
            name="archive",
            sources={CommunStatus.PUBLISHED},
            target=CommunStatus.ARCHIVED,
            label="Archiver la fiche",
            slug="archiver",
            description="La fiche restera consultable mais ne sera plus proposée.",
        ),
    ),
    refusal="Une fiche « {current} » ne peut pas passer à l’état « {target} ».",
)


class Visibility(models.TextChoices):
    PUBLIC = "public", "Publique"
    MEMBERS = "membres", "Visible des membres de la plateforme"


class ReportStatus(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    SUBMITTED = "soumis", "Soumis à la modération"
    PUBLISHED = "publie", "Publié"
    REFUSED = "refuse", "Refusé"
    ARCHIVED = "archive", "Archivé"


REPORT_WORKFLOW = Workflow(
    states=ReportStatus,
    transitions=(
        Transition(
            name="submit",
            sources={ReportStatus.DRAFT, ReportStatus.REFUSED},
            target=ReportStatus.SUBMITTED,
            label="Soumettre à la modération",
            slug="soumettre",
            description="L’équipe du réseau relira le retour d’expérience avant de le publier.",
        ),
        Transition(
            name="publish",
            sources={ReportStatus.SUBMITTED},
            target=ReportStatus.PUBLISHED,
            label="Publier le retour d’expérience",
            slug="publier",
        ),
        Transition(
            name="refuse",
            sources={ReportStatus.SUBMITTED},
            target=ReportStatus.REFUSED,
            label="Refuser le retour d’expérience",
            slug="refuser",
            description="Les auteurs recevront le motif du refus et pourront le soumettre à "
            "nouveau.",
        ),
        Transition(
            name="archive",
            sources={ReportStatus.PUBLISHED},
            target=ReportStatus.ARCHIVED,
            label="Archiver le retour d’expérience",
            slug="archiver",
        ),
    ),
    refusal="Un retour d’expérience « {current} » ne peut pas passer à l’état « {target} ».",
)


class BudgetBand(models.TextChoices):
    NONE = "aucun", "Sans budget spécifique"
    UNDER_10K = "moins_10k", "Moins de 10 000 €"
    UNDER_50K = "10k_50k", "De 10 000 à 50 000 €"
    UNDER_200K = "50k_200k", "De 50 000 à 200 000 €"
    OVER_200K = "plus_200k", "Plus de 200 000 €"


class ContactStatus(models.TextChoices):
    SENT = "envoye", "Envoyé"
    REPORTED = "signale", "Signalé comme abusif"
