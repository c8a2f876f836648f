"""Stored results: one assessment rescored from its answers, a whole campaign with its peers."""

import io

import pytest
from django.core.management import call_command

from territoires.geo.models import Territory
from territoires.observatory.enums import (
    AnswerStatus,
    AssessmentStatus,
    CampaignStatus,
    Publication,
)
from territoires.observatory.models import (
    Answer,
    Assessment,
    AssessmentScore,
    Campaign,
    PeerStatistic,
)
from territoires.observatory.results import assessment_rescore, campaign_recompute
from tests.geo.factories import CommuneFactory
from tests.observatory.factories import (
    FRAMEWORK,
    AssessmentFactory,
    CampaignFactory,
    light_assessments,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def saint_eloi(imported):
    return Territory.objects.get(kind="commune", code="58238")


def test_an_assessment_without_answers_has_no_index(campaign, saint_eloi):
    assessment = AssessmentFactory(campaign=campaign, territory=saint_eloi, light=True)

    score = assessment_rescore(assessment=assessment)

    assert (score.index, score.level, score.completeness) == (None, 0, 0.0)
    assert set(score.axis_scores.values()) == {None}


def test_best_answers_to_the_light_questionnaire_give_100_and_the_top_level(campaign, saint_eloi):
    assessment = AssessmentFactory(
        campaign=campaign, territory=saint_eloi, light=True, answers="best"
    )

    score = assessment_rescore(assessment=assessment)

    assert score.index == 100.0
    assert score.level == 5
    assert score.completeness == 100.0
    scored_axes = {FRAMEWORK.indicators_by_code[i.code].axis for i in FRAMEWORK.light_indicators}
    assert {axis for axis, value in score.axis_scores.items() if value is not None} <= scored_axes
    assert AssessmentScore.objects.get(assessment=assessment).index == 100.0


def test_not_concerned_leaves_the_denominator(campaign, saint_eloi):
    assessment = AssessmentFactory(
        campaign=campaign, territory=saint_eloi, light=True, answers="best"
    )
    first = FRAMEWORK.light_indicators[0]
    Answer.objects.filter(assessment=assessment, indicator_code=first.code).update(
        status=AnswerStatus.NOT_CONCERNED, value=None
    )

    score = assessment_rescore(assessment=assessment)

    assert score.index == 100.0
    assert score.completeness == 100.0


def make_published_campaign(campaign, territories, *, published: int) -> list[Assessment]:
    """Submitted assessments of ``territories`` (the first ``published``; drafts after),
    best and worst answers in turn, in ``campaign`` marked published, not yet computed."""
    plan = [
        (
            Publication.SCORES,
            AssessmentStatus.SUBMITTED if number < published else AssessmentStatus.DRAFT,
            "best" if number % 2 == 0 else "worst",
        )
        for number in range(len(territories))
    ]
    assessments = light_assessments(campaign, territories, plan)
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.PUBLISHED)
    campaign.refresh_from_db()
    return assessments


def test_campaign_recompute_stores_scores_and_peers_of_published_assessments(campaign, imported):
    assessments = make_published_campaign(campaign, CommuneFactory.create_batch(7), published=5)

    assert campaign_recompute(campaign=campaign) == 7

    # 5 published: 3 with every best answer (100), 2 with every worst (0).
    index = PeerStatistic.objects.get(campaign=campaign, stratum="commune-0-499", metric="index")
    assert (index.group_size, index.median, index.first_quartile, index.third_quartile) == (
        5,
        100.0,
        0.0,
        100.0,
    )
    scores = {s.assessment_id: s for s in AssessmentScore.objects.all()}
    assert scores[assessments[0].pk].index == 100.0
    assert scores[assessments[1].pk].index == 0.0
    assert "index" in scores[assessments[6].pk].peer_ranks


def test_no_peer_statistic_under_five_published(campaign, imported):
    make_published_campaign(campaign, CommuneFactory.create_batch(6), published=4)

    campaign_recompute(campaign=campaign)

    assert not PeerStatistic.objects.exists()
    assert all(not s.peer_ranks for s in AssessmentScore.objects.all())
    assert AssessmentScore.objects.count() == 6


def test_campaign_recompute_stores_what_rescoring_each_assessment_gives(imported):
    """The whole-campaign path (bulk read and write) agrees with the one-assessment path."""
    call_command("generate_demo_campaign", "--count", "all", "--seed", "3", stdout=io.StringIO())
    campaign = Campaign.objects.get(year=2026)
    fields = ("index", "level", "completeness", "axis_scores", "axis_completeness")
    stored = {
        score["assessment_id"]: score
        for score in AssessmentScore.objects.values("assessment_id", *fields)
    }
    assert len(stored) == campaign.assessments.count() > 10
    assert any(score["index"] is not None for score in stored.values())

    for assessment in campaign.assessments.select_related("territory", "campaign"):
        rescored = assessment_rescore(assessment=assessment)
        assert {field: getattr(rescored, field) for field in fields} == {
            field: stored[assessment.pk][field] for field in fields
        }
