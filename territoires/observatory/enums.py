from django.db import models

from territoires.core.workflows import Transition, Workflow


class CampaignStatus(models.TextChoices):
    DRAFT = "brouillon", "En préparation"
    OPEN = "ouverte", "Ouverte"
    CLOSED = "close", "Close"
    PUBLISHED = "publiee", "Publiée"


# The campaign lifecycle, run by staff, each move confirmed on its own page.
# A closed campaign may open again (late answers), a published one is final.
CAMPAIGN_WORKFLOW = Workflow(
    states=CampaignStatus,
    transitions=(
        Transition(
            name="open",
            sources={CampaignStatus.DRAFT, CampaignStatus.CLOSED},
            target=CampaignStatus.OPEN,
            label="Ouvrir la campagne",
            slug="ouvrir",
            description=(
                "Les membres des collectivités pourront commencer ou reprendre leur évaluation "
                "et modifier leurs réponses."
            ),
        ),
        Transition(
            name="close",
            sources={CampaignStatus.OPEN},
            target=CampaignStatus.CLOSED,
            label="Clore la campagne",
            slug="clore",
            description=(
                "Les réponses seront figées : plus aucune évaluation ne pourra être modifiée "
                "ni soumise."
            ),
        ),
        Transition(
            name="publish",
            sources={CampaignStatus.CLOSED},
            target=CampaignStatus.PUBLISHED,
            label="Publier les résultats",
            slug="publier",
            description=(
                "Les scores de toutes les évaluations et les statistiques des pairs seront "
                "recalculés, et les résultats deviendront publics selon le choix de publication "
                "de chaque collectivité. Cette étape est définitive."
            ),
        ),
    ),
    refusal="Une campagne « {current} » ne peut pas passer à l’état « {target} ».",
)


class AssessmentStatus(models.TextChoices):
    DRAFT = "brouillon", "En cours de saisie"
    SUBMITTED = "soumise", "Soumise"


# Submitted by a référent; reopened by staff.
ASSESSMENT_WORKFLOW = Workflow(
    states=AssessmentStatus,
    transitions=(
        Transition(
            name="submit",
            sources={AssessmentStatus.DRAFT},
            target=AssessmentStatus.SUBMITTED,
            label="Soumettre l’évaluation",
            slug="soumettre",
        ),
        Transition(
            name="reopen",
            sources={AssessmentStatus.SUBMITTED},
            target=AssessmentStatus.DRAFT,
            label="Rouvrir l’évaluation à la saisie",
            slug="rouvrir",
        ),
    ),
    refusal="Une évaluation « {current} » ne peut pas passer à l’état « {target} ».",
)


class Publication(models.TextChoices):
    AGGREGATES = "agregats", "Agrégats anonymes seulement"
    SCORES = "scores", "Scores publics"
    OPEN_DATA = "donnees", "Scores et réponses en données ouvertes"


class Questionnaire(models.TextChoices):
    FULL = "complet", "Questionnaire complet"
    LIGHT = "allege", "Questionnaire allégé"


class AnswerStatus(models.IntegerChoices):
    """Stored statuses, with the scoring engine's codes; no row means not yet answered."""

    ANSWERED = 1, "Répondu"
    NOT_CONCERNED = 2, "Non concerné"
