"""Campaigns, assessments and answers for the tests, with the 2026 framework.

``CampaignFactory`` makes the campaign 2026 in preparation; ``open``, ``closed``, ``published``
and ``demo`` give it another state. ``AssessmentFactory`` makes a village's draft on the full
questionnaire; ``light``, ``submitted`` and ``published`` (submitted, in a published campaign)
change that, ``answers="best"`` or ``"worst"`` answers the light questionnaire's indicators
(or ``answers__indicators``) with their best value or 0, and ``scored`` computes its score as a
first answer saved would; ``light_assessments`` makes several after a plan. A published
campaign's results are computed by ``publish`` once its assessments are made.
"""

import factory
from factory.django import DjangoModelFactory

from territoires.observatory.enums import (
    AnswerStatus,
    AssessmentStatus,
    CampaignStatus,
    Questionnaire,
)
from territoires.observatory.framework import IndicatorType, get_framework
from territoires.observatory.models import Answer, Assessment, Campaign
from territoires.observatory.results import assessment_rescore, campaign_recompute
from tests.geo.factories import CommuneFactory

FRAMEWORK = get_framework(2026)


def best_value(indicator) -> float:
    """The engine's number of the best answer to ``indicator``."""
    if indicator.type == IndicatorType.YES_NO:
        return 1.0
    if indicator.type == IndicatorType.LEVEL:
        return 4.0
    if indicator.type == IndicatorType.PERCENTAGE:
        return 100.0
    if indicator.type == IndicatorType.COUNT:
        return max(value for value, _ in indicator.thresholds)
    return float(2 ** len(indicator.options) - 1)


VALUES = {"best": best_value, "worst": lambda indicator: 0.0}


def answer(assessment, indicators, value_of) -> None:
    """Answer ``indicators`` directly in the database, each with ``value_of(indicator)``."""
    Answer.objects.bulk_create(
        AnswerFactory.build(
            assessment=assessment, indicator_code=indicator.code, value=value_of(indicator)
        )
        for indicator in indicators
    )


def light_assessments(campaign, territories, plan) -> list[Assessment]:
    """An assessment of the light questionnaire for each territory, as ``plan`` says of it:
    (publication, status, answers: "best", "worst" or None)."""
    return [
        AssessmentFactory(
            campaign=campaign,
            territory=territory,
            light=True,
            publication=publication,
            status=status,
            answers=answers,
        )
        for territory, (publication, status, answers) in zip(territories, plan, strict=True)
    ]


def publish(campaign: Campaign) -> None:
    """Publish ``campaign`` as it stands and compute its results."""
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.PUBLISHED)
    campaign.refresh_from_db()
    campaign_recompute(campaign=campaign)


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    class Params:
        open = factory.Trait(status=CampaignStatus.OPEN)
        closed = factory.Trait(status=CampaignStatus.CLOSED)
        published = factory.Trait(status=CampaignStatus.PUBLISHED)
        demo = factory.Trait(is_demo=True, title="Observatoire de démonstration")

    year = 2026
    edition = 2026
    title = factory.LazyAttribute(lambda campaign: f"Observatoire {campaign.year}")
    status = CampaignStatus.DRAFT


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    class Params:
        light = factory.Trait(questionnaire=Questionnaire.LIGHT)
        submitted = factory.Trait(status=AssessmentStatus.SUBMITTED)
        published = factory.Trait(
            status=AssessmentStatus.SUBMITTED,
            campaign=factory.SubFactory(CampaignFactory, published=True),
        )

    campaign = factory.SubFactory(CampaignFactory, open=True)
    territory = factory.SubFactory(CommuneFactory)

    @factory.post_generation
    def answers(assessment, create, extracted, indicators=FRAMEWORK.light_indicators):
        """``answers="best"`` or ``"worst"``: ``indicators`` answered."""
        if extracted:
            answer(assessment, indicators, VALUES[extracted])

    @factory.post_generation
    def scored(assessment, create, extracted, **kwargs):
        """``scored=True``: its score computed from its answers."""
        if extracted:
            assessment_rescore(assessment=assessment)


class AnswerFactory(DjangoModelFactory):
    """An answer; ``not_concerned`` for « non concerné »."""

    class Meta:
        model = Answer

    class Params:
        not_concerned = factory.Trait(status=AnswerStatus.NOT_CONCERNED, value=None)

    assessment = factory.SubFactory(AssessmentFactory)
    indicator_code = "LAB-03"
    status = AnswerStatus.ANSWERED
    value = 1.0
