"""Campaigns, assessments, answers and their stored results.

The framework itself is a data file (``frameworks/``), not a model: a campaign
names the edition it uses, and answers refer to indicators by their code.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from territoires.core.workflows import TransitionLog
from territoires.observatory.enums import (
    ASSESSMENT_WORKFLOW,
    CAMPAIGN_WORKFLOW,
    AnswerStatus,
    AssessmentStatus,
    CampaignStatus,
    Publication,
    Questionnaire,
)

DEMO_LABEL = "Données de démonstration"


class Campaign(models.Model):
    """A yearly edition of the observatory, tied to one framework edition."""

    year = models.PositiveSmallIntegerField("année", unique=True)
    edition = models.PositiveSmallIntegerField("édition du référentiel")
    framework_version = models.CharField(
        "version du référentiel",
        max_length=20,
        blank=True,
        help_text="La version du référentiel de l’édition avec laquelle les scores sont calculés.",
    )
    title = models.CharField("titre", max_length=200)
    status = models.CharField(
        "état", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    is_demo = models.BooleanField(
        "données de démonstration",
        default=False,
        help_text="Campagne synthétique, signalée comme telle partout où elle est montrée.",
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)

    workflow = CAMPAIGN_WORKFLOW

    class Meta:
        verbose_name = "campagne"
        verbose_name_plural = "campagnes"
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title

    @property
    def answers_frozen(self) -> bool:
        return self.status in (CampaignStatus.CLOSED, CampaignStatus.PUBLISHED)

    @property
    def demo_label(self) -> str:
        """« Données de démonstration » for a synthetic campaign, empty otherwise.

        To show wherever the campaign or its results appear, so that synthetic
        figures are never taken for real ones.
        """
        return DEMO_LABEL if self.is_demo else ""


class CampaignTransition(TransitionLog):
    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="transitions")

    class Meta(TransitionLog.Meta):
        verbose_name = "changement d’état de campagne"
        verbose_name_plural = "changements d’état de campagne"


class AssessmentQuerySet(models.QuerySet):
    def published(self):
        """Results made public: submitted assessments of a published campaign.

        Their scores count in anonymous aggregates (groups of 5 or more); each
        assessment's own ``publication`` choice says what is shown of it alone.
        """
        return self.filter(
            status=AssessmentStatus.SUBMITTED, campaign__status=CampaignStatus.PUBLISHED
        )

    def public_scores(self):
        return self.published().exclude(publication=Publication.AGGREGATES)


class Assessment(models.Model):
    """The self-assessment of one collectivité in one campaign."""

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="assessments")
    territory = models.ForeignKey(
        "geo.Territory", models.PROTECT, related_name="assessments", verbose_name="collectivité"
    )
    questionnaire = models.CharField(
        "questionnaire", max_length=8, choices=Questionnaire.choices, default=Questionnaire.FULL
    )
    status = models.CharField(
        "état", max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    publication = models.CharField(
        "publication",
        max_length=8,
        choices=Publication.choices,
        default=Publication.AGGREGATES,
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)
    submitted_at = models.DateTimeField("soumise le", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AssessmentQuerySet.as_manager()
    workflow = ASSESSMENT_WORKFLOW

    class Meta:
        verbose_name = "évaluation"
        verbose_name_plural = "évaluations"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "territory"], name="assessment_unique_campaign_territory"
            )
        ]

    def __str__(self) -> str:
        return f"{self.territory.name} — {self.campaign}"


class AssessmentTransition(TransitionLog):
    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="transitions")

    class Meta(TransitionLog.Meta):
        verbose_name = "changement d’état d’évaluation"
        verbose_name_plural = "changements d’état d’évaluation"


class Answer(models.Model):
    """One answer; no row means the question is not yet answered.

    ``value`` is the scoring engine's number (see ``scoring.raw_value``): 1/0 for
    yes/no, the level, the percentage, the count, or the bit mask of the chosen
    options of a multiple choice. It is null for *non concerné*.
    """

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="answers")
    indicator_code = models.CharField("indicateur", max_length=20)
    status = models.PositiveSmallIntegerField("statut", choices=AnswerStatus.choices)
    value = models.FloatField("valeur", null=True, blank=True)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "réponse"
        verbose_name_plural = "réponses"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator_code"], name="answer_unique_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} : {self.get_status_display()}"


class AnswerChange(models.Model):
    """Every change to an answer: who, when, the old and the new status and value."""

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="answer_changes")
    indicator_code = models.CharField("indicateur", max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField("le", default=timezone.now)
    old_status = models.PositiveSmallIntegerField(
        "ancien statut", choices=AnswerStatus.choices, null=True
    )
    old_value = models.FloatField("ancienne valeur", null=True)
    new_status = models.PositiveSmallIntegerField(
        "nouveau statut", choices=AnswerStatus.choices, null=True
    )
    new_value = models.FloatField("nouvelle valeur", null=True)

    class Meta:
        verbose_name = "modification de réponse"
        verbose_name_plural = "modifications de réponses"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator_code} modifiée le {self.created_at:%d/%m/%Y %H:%M}"


class AssessmentScore(models.Model):
    """The stored result of the scoring engine for one assessment (recomputed, never typed).

    Axis dictionaries are keyed by axis code; a score is null where it is not
    published (completeness under the threshold). ``peer_ranks`` holds the
    percentile rank by metric ("index" or an axis code) once the campaign is
    published, only where the peer group reaches the minimum size.
    """

    assessment = models.OneToOneField(
        Assessment, models.CASCADE, primary_key=True, related_name="score"
    )
    index = models.FloatField("indice", null=True)
    level = models.PositiveSmallIntegerField("niveau de maturité", default=0)
    completeness = models.FloatField("complétude (%)")
    axis_scores = models.JSONField("scores par axe", default=dict)
    axis_completeness = models.JSONField("complétude par axe (%)", default=dict)
    peer_ranks = models.JSONField("rangs parmi les pairs (percentile)", default=dict)
    computed_at = models.DateTimeField("calculé le", default=timezone.now)

    class Meta:
        verbose_name = "score d’évaluation"
        verbose_name_plural = "scores d’évaluation"

    def __str__(self) -> str:
        return f"{self.assessment_id} : indice {self.index}"


class PeerStatistic(models.Model):
    """Statistics of one peer group (a stratum) for one metric, over published assessments.

    Written by the campaign recomputation; never stored for a group under
    ``OBSERVATORY_PEER_MIN_GROUP``.
    """

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="peer_statistics")
    stratum = models.CharField("strate", max_length=40)
    metric = models.CharField("mesure", max_length=20)
    group_size = models.PositiveIntegerField("taille du groupe")
    median = models.FloatField("médiane")
    first_quartile = models.FloatField("premier quartile")
    third_quartile = models.FloatField("troisième quartile")

    class Meta:
        verbose_name = "statistique de pairs"
        verbose_name_plural = "statistiques de pairs"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "stratum", "metric"], name="peer_statistic_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stratum} / {self.metric} : médiane {self.median}"
