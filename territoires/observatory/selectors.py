"""Reads of the observatory: campaigns, the questionnaire of an assessment, its results."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from territoires.geo.models import Territory
from territoires.geo.search_text import words
from territoires.observatory import scoring
from territoires.observatory.answers import answer_of, answer_text, is_valid
from territoires.observatory.enums import AnswerStatus, AssessmentStatus, CampaignStatus
from territoires.observatory.framework import Axis, Indicator, get_framework
from territoires.observatory.matrices import INDEX, answer_matrices, assessment_applicability
from territoires.observatory.models import (
    Answer,
    Assessment,
    AssessmentScore,
    Campaign,
    PeerStatistic,
)
from territoires.observatory.obligations import obligations_for
from territoires.observatory.public.selectors import campaign_groups

# ------------------------------------------------------------------ campaigns


def campaigns_for_staff():
    """Every campaign, with its participation counts."""
    return Campaign.objects.annotate(
        assessment_count=Count("assessments"),
        submitted_count=Count(
            "assessments", filter=Q(assessments__status=AssessmentStatus.SUBMITTED)
        ),
    ).order_by("-year")


def campaign_participation(campaign: Campaign) -> list[dict]:
    """Assessments of a campaign by kind of collectivité: started and submitted."""
    rows = (
        Assessment.objects.filter(campaign=campaign)
        .values("territory__kind")
        .annotate(
            started=Count("pk"),
            submitted=Count("pk", filter=Q(status=AssessmentStatus.SUBMITTED)),
        )
        .order_by("territory__kind")
    )
    labels = dict(Territory._meta.get_field("kind").choices)
    return [{**row, "kind_label": labels[row["territory__kind"]]} for row in rows]


def campaign_assessments(
    campaign: Campaign,
    *,
    query: str = "",
    kind: str = "",
    status: str = "",
    questionnaire: str = "",
    ordering: tuple[str, ...] = ("territory__search_name", "territory__code", "pk"),
):
    """A campaign's assessments, for staff: searched by name or code, filtered, ordered.

    Names are compared and ordered in their search form (no accents, no case): « Athée »
    comes before « Athis-Mons », and « athee » finds it.
    """
    assessments = Assessment.objects.filter(campaign=campaign)
    for word in words(query):
        assessments = assessments.filter(
            Q(territory__search_name__contains=f" {word}")
            | Q(territory__search_codes__contains=f" {word}")
        )
    if kind:
        assessments = assessments.filter(territory__kind=kind)
    if status:
        assessments = assessments.filter(status=status)
    if questionnaire:
        assessments = assessments.filter(questionnaire=questionnaire)
    return assessments.select_related("territory", "score").order_by(*ordering)


def territory_campaigns(territory: Territory) -> list[tuple[Campaign, Assessment | None]]:
    """Campaigns a collectivité may take part in or has taken part in, newest first."""
    assessments = {a.campaign_id: a for a in Assessment.objects.filter(territory=territory)}
    campaigns = Campaign.objects.exclude(status=CampaignStatus.DRAFT).order_by("-year")
    return [
        (campaign, assessments.get(campaign.pk))
        for campaign in campaigns
        if campaign.status == CampaignStatus.OPEN or campaign.pk in assessments
    ]


# ------------------------------------------------------------------ the questionnaire


def applicable(assessment: Assessment) -> np.ndarray:
    """(I,) bool: the indicators asked to this assessment (applicable, light or full)."""
    model = scoring.model_for(assessment.campaign.edition)
    return assessment_applicability(model, [assessment])[0]


def asked_indicators(assessment: Assessment) -> dict[str, Indicator]:
    """The questions of the assessment, by code, in the framework's order."""
    framework = get_framework(assessment.campaign.edition)
    mask = applicable(assessment)
    return {
        indicator.code: indicator
        for indicator, asked in zip(framework.indicators, mask, strict=True)
        if asked
    }


def answers_by_code(assessment: Assessment) -> dict[str, Answer]:
    """The assessment's answers by indicator code (one query)."""
    return {answer.indicator_code: answer for answer in assessment.answers.all()}


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The collectivité's assessment of the latest earlier campaign, if any."""
    return (
        Assessment.objects.filter(
            territory_id=assessment.territory_id, campaign__year__lt=assessment.campaign.year
        )
        .order_by("-campaign__year")
        .first()
    )


@dataclass(frozen=True)
class Proposal:
    """An answer of the previous campaign, proposed for a question not yet answered."""

    status: int
    value: float | None
    text: str
    year: int


def prefill_proposals(
    assessment: Assessment, *, asked: dict[str, Indicator], answered: Collection[str]
) -> dict[str, Proposal]:
    """Proposals by indicator code: last campaign's answers to the ``asked`` questions not
    ``answered`` yet (the codes of the assessment's answers, read by the caller).

    Answers that no longer fit the question (another edition) are not proposed.
    """
    previous = previous_assessment(assessment)
    if previous is None:
        return {}
    proposals = {}
    for answer in Answer.objects.filter(assessment=previous).exclude(indicator_code__in=answered):
        indicator = asked.get(answer.indicator_code)
        if indicator is not None and is_valid(indicator, answer.status, answer.value):
            proposals[indicator.code] = Proposal(
                status=answer.status,
                value=answer.value,
                text=answer_text(indicator, answer.status, answer.value),
                year=previous.campaign.year,
            )
    return proposals


@dataclass(frozen=True)
class Question:
    """One question as the questionnaire shows it."""

    indicator: Indicator
    status: int | None  # None: not yet answered
    answer: Any  # the form's answer, None unless answered
    proposal: Proposal | None

    @property
    def not_concerned(self) -> bool:
        return self.status == AnswerStatus.NOT_CONCERNED

    @property
    def resolved(self) -> bool:
        return self.status is not None


@dataclass(frozen=True)
class AxisProgress:
    axis: Axis
    questions: list[Question]

    @property
    def resolved(self) -> int:
        return sum(question.resolved for question in self.questions)

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def percent(self) -> int:
        return round(100 * self.resolved / self.total) if self.total else 0

    @property
    def proposals(self) -> list[Question]:
        return [question for question in self.questions if question.proposal]


def questionnaire(assessment: Assessment) -> list[AxisProgress]:
    """The axes that ask something of this assessment, with their questions and progress."""
    framework = get_framework(assessment.campaign.edition)
    asked = asked_indicators(assessment)
    answers = answers_by_code(assessment)
    proposals = prefill_proposals(assessment, asked=asked, answered=answers.keys())
    axes = []
    for axis in framework.axes:
        questions = []
        for indicator in axis.indicators:
            if indicator.code not in asked:
                continue
            stored = answers.get(indicator.code)
            answered = stored is not None and stored.status == AnswerStatus.ANSWERED
            questions.append(
                Question(
                    indicator=indicator,
                    status=stored.status if stored else None,
                    answer=answer_of(indicator, stored.value) if answered else None,
                    proposal=proposals.get(indicator.code),
                )
            )
        if questions:
            axes.append(AxisProgress(axis=axis, questions=questions))
    return axes


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class Improvement:
    indicator: Indicator
    gain: float


@dataclass(frozen=True)
class PeerComparison:
    label: str
    score: float | None
    statistic: PeerStatistic
    rank: float | None


def assessment_progress(assessment: Assessment, *, limit: int = 5) -> dict:
    """What the answers of ``assessment`` say beyond its score, from one read of them:
    ``improvements``, the ``limit`` questions whose best answer would add the most points
    to the index; ``path``, the steps to the next level; ``obligations``, the legal
    obligations of the collectivité checked against the answers."""
    framework = get_framework(assessment.campaign.edition)
    model = scoring.model_for(assessment.campaign.edition)
    answers = list(
        Answer.objects.filter(assessment=assessment).values_list(
            "indicator_code", "status", "value"
        )
    )
    values, status = answer_matrices(
        model, [assessment.pk], [(assessment.pk, *answer) for answer in answers]
    )
    mask = assessment_applicability(model, [assessment])
    result = scoring.score(model, values, status, mask)
    gains = scoring.improvements(model, result, status, mask)[0]
    order = [
        column for column in np.argsort(-np.nan_to_num(gains, nan=-np.inf)) if gains[column] > 0
    ]
    given = {}
    for code, answer_status, value in answers:
        indicator = framework.indicators_by_code.get(code)
        if indicator is not None:
            given[code] = (
                answer_status,
                answer_of(indicator, value) if value is not None else None,
            )
    territory = assessment.territory
    return {
        "improvements": [
            Improvement(indicator=model.framework.indicators[column], gain=float(gains[column]))
            for column in order[:limit]
        ],
        "path": scoring.path_to_next_level(
            model, scoring.indicator_scores(model, values, status)[0], status[0], mask[0]
        ),
        "obligations": obligations_for(
            framework,
            kind=territory.kind,
            population=territory.population,
            answers=given,
            competences=[
                c.code for c in framework.competences if territory.kind in c.default_kinds
            ],
            on=timezone.localdate(),
        ),
    }


def peer_comparisons(assessment: Assessment, score: AssessmentScore) -> list[PeerComparison]:
    """The index and axes compared with peers: only once the campaign is published, and only
    for the groups the recomputation stored (never under the minimum group size) and the
    statistical secrecy lets be published (ADR 0009)."""
    if assessment.campaign.status != CampaignStatus.PUBLISHED:
        return []
    framework = get_framework(assessment.campaign.edition)
    metrics = [(INDEX, "Indice", score.index)] + [
        (axis.code, axis.name, score.axis_scores.get(axis.code)) for axis in framework.axes
    ]
    universe = campaign_groups(assessment.campaign)
    stratum = assessment.territory.stratum
    shown = {
        metric
        for column, (metric, _, _) in enumerate(metrics)
        if f"strate-{stratum}" in universe.publishable(column)
    }
    statistics = {
        statistic.metric: statistic
        for statistic in PeerStatistic.objects.filter(
            campaign=assessment.campaign,
            stratum=stratum,
            group_size__gte=settings.OBSERVATORY_PEER_MIN_GROUP,
            metric__in=shown,
        )
    }
    return [
        PeerComparison(
            label=label,
            score=value,
            statistic=statistics[metric],
            rank=score.peer_ranks.get(metric),
        )
        for metric, label, value in metrics
        if metric in statistics
    ]


# An axis at this level or below is a gap, whatever its peers score.
GAP_LEVEL = 2


@dataclass(frozen=True)
class Gap:
    """An axis where a collectivité has room to progress: at level 1 or 2, or below the
    median of its stratum's peers (known once the campaign is published, for a group of at
    least the minimum size)."""

    axis: str
    name: str
    score: float
    level: int
    peer_median: float | None


def assessment_gaps(assessment: Assessment, score: AssessmentScore | None) -> list[Gap]:
    """The gaps of an assessment's scores, in the framework's order of axes: what the other
    modules answer with help (the slot « observatory.gaps »)."""
    if score is None:
        return []
    framework = get_framework(assessment.campaign.edition)
    medians = {
        comparison.statistic.metric: comparison.statistic.median
        for comparison in peer_comparisons(assessment, score)
    }
    gaps = []
    for axis in framework.axes:
        value = score.axis_scores.get(axis.code)
        if value is None:
            continue
        level = framework.level_for(value).level
        median = medians.get(axis.code)
        if level <= GAP_LEVEL or (median is not None and value < median):
            gaps.append(
                Gap(axis=axis.code, name=axis.name, score=value, level=level, peer_median=median)
            )
    return gaps
