from django.db import models


class CampaignStatus(models.TextChoices):
    DRAFT = "brouillon", "En préparation"
    OPEN = "ouverte", "Ouverte"
    CLOSED = "close", "Close"
    PUBLISHED = "publiee", "Publiée"


# The campaign lifecycle, run by staff: allowed transitions, as data.
# A closed campaign may open again (late answers), a published one is final.
CAMPAIGN_TRANSITIONS = {
    CampaignStatus.DRAFT: {CampaignStatus.OPEN},
    CampaignStatus.OPEN: {CampaignStatus.CLOSED},
    CampaignStatus.CLOSED: {CampaignStatus.OPEN, CampaignStatus.PUBLISHED},
    CampaignStatus.PUBLISHED: set(),
}


class AssessmentStatus(models.TextChoices):
    DRAFT = "brouillon", "En cours de saisie"
    SUBMITTED = "soumise", "Soumise"


# Submitted by a référent; reopened by staff.
ASSESSMENT_TRANSITIONS = {
    AssessmentStatus.DRAFT: {AssessmentStatus.SUBMITTED},
    AssessmentStatus.SUBMITTED: {AssessmentStatus.DRAFT},
}


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
