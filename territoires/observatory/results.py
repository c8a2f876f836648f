"""Writes of the observatory's results: scoring assessments and storing their scores.

Answers are read as rows, turned into the engine's matrices in one vectorised
step, scored by the pure engine (``scoring.py``), and written back as
``AssessmentScore`` rows (and ``PeerStatistic`` rows for a whole campaign).
"""

from collections.abc import Sequence

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from territoires.observatory import scoring
from territoires.observatory.cache import results_changed
from territoires.observatory.enums import Questionnaire
from territoires.observatory.models import (
    Answer,
    Assessment,
    AssessmentScore,
    Campaign,
    PeerStatistic,
)
from territoires.observatory.peers import peer_statistics

INDEX = "index"


def answer_matrices(
    model: scoring.ScoringModel, assessment_ids: Sequence[int], rows
) -> tuple[np.ndarray, np.ndarray]:
    """``values`` and ``status`` (A, I) from rows ``(assessment_id, code, status, value)``.

    Stored values are already the engine's numbers; answers to indicators that
    are no longer in the framework are ignored.
    """
    row_of = {assessment_id: row for row, assessment_id in enumerate(assessment_ids)}
    column_of = {code: column for column, code in enumerate(model.indicator_codes)}
    values = np.full((len(assessment_ids), len(column_of)), np.nan)
    status = np.zeros((len(assessment_ids), len(column_of)), dtype=np.int8)
    kept = [(row_of[a], column_of[c], s, v) for a, c, s, v in rows if c in column_of]
    if kept:
        row_index, column_index, statuses, answer_values = zip(*kept, strict=True)
        status[row_index, column_index] = statuses
        values[row_index, column_index] = np.array(answer_values, dtype=float)
    return values, status


def assessment_applicability(model: scoring.ScoringModel, assessments) -> np.ndarray:
    return scoring.applicability(
        model,
        kinds=[a.territory.kind for a in assessments],
        populations=[a.territory.population for a in assessments],
        light=[a.questionnaire == Questionnaire.LIGHT for a in assessments],
    )


def _score_fields(model: scoring.ScoringModel, result: scoring.Scores, row: int) -> dict:
    def number(value) -> float | None:
        return None if np.isnan(value) else round(float(value), 2)

    return {
        "index": number(result.index[row]),
        "level": int(result.level[row]),
        "completeness": round(float(result.completeness[row]), 2),
        "axis_scores": {
            code: number(result.axis_scores[row, x]) for x, code in enumerate(model.axis_codes)
        },
        "axis_completeness": {
            code: number(result.axis_completeness[row, x])
            for x, code in enumerate(model.axis_codes)
        },
    }


def assessment_rescore(*, assessment: Assessment) -> AssessmentScore:
    """Score one assessment from its answers and store the result (after every save)."""
    model = scoring.model_for(assessment.campaign.edition)
    rows = Answer.objects.filter(assessment=assessment).values_list(
        "assessment_id", "indicator_code", "status", "value"
    )
    values, status = answer_matrices(model, [assessment.pk], rows)
    applicable = assessment_applicability(model, [assessment])
    result = scoring.score(model, values, status, applicable)
    stored, _ = AssessmentScore.objects.update_or_create(
        assessment=assessment,
        defaults={**_score_fields(model, result, 0), "computed_at": timezone.now()},
    )
    transaction.on_commit(lambda: results_changed(assessment.campaign_id))
    return stored


@transaction.atomic
def campaign_recompute(*, campaign: Campaign) -> int:
    """Score every assessment of ``campaign``, compute peers, and store it all.

    Peers are the stratum of each collectivité; their statistics count the
    published assessments only, and are stored only for groups of at least
    ``OBSERVATORY_PEER_MIN_GROUP``. Returns the number of assessments scored.
    """
    model = scoring.model_for(campaign.edition)
    assessments = list(
        Assessment.objects.filter(campaign=campaign).select_related("territory").order_by("pk")
    )
    ids = [a.pk for a in assessments]
    rows = Answer.objects.filter(assessment__campaign=campaign).values_list(
        "assessment_id", "indicator_code", "status", "value"
    )
    values, status = answer_matrices(model, ids, rows.iterator(chunk_size=20_000))
    applicable = assessment_applicability(model, assessments)
    result = scoring.score(model, values, status, applicable)

    published_ids = set(
        Assessment.objects.filter(campaign=campaign).published().values_list("pk", flat=True)
    )
    published = np.array([a.pk in published_ids for a in assessments], dtype=bool)
    strata = np.array([a.territory.stratum for a in assessments])
    metrics = [INDEX, *model.axis_codes]
    metric_scores = np.column_stack([result.index, result.axis_scores])
    min_group = settings.OBSERVATORY_PEER_MIN_GROUP
    peers = peer_statistics(metric_scores, strata, published, min_group=min_group)

    now = timezone.now()
    scores, statistics = [], {}
    for row, assessment in enumerate(assessments):
        ranks = {
            metric: round(float(peers.percentile_rank[row, m]), 1)
            for m, metric in enumerate(metrics)
            if peers.group_size[row, m] >= min_group and not np.isnan(peers.percentile_rank[row, m])
        }
        scores.append(
            AssessmentScore(
                assessment=assessment,
                peer_ranks=ranks,
                computed_at=now,
                **_score_fields(model, result, row),
            )
        )
        for m, metric in enumerate(metrics):
            key = (assessment.territory.stratum, metric)
            if key not in statistics and peers.group_size[row, m] >= min_group:
                statistics[key] = PeerStatistic(
                    campaign=campaign,
                    stratum=key[0],
                    metric=metric,
                    group_size=int(peers.group_size[row, m]),
                    median=float(peers.median[row, m]),
                    first_quartile=float(peers.first_quartile[row, m]),
                    third_quartile=float(peers.third_quartile[row, m]),
                )
    AssessmentScore.objects.filter(assessment__campaign=campaign).delete()
    AssessmentScore.objects.bulk_create(scores, batch_size=2000)
    PeerStatistic.objects.filter(campaign=campaign).delete()
    PeerStatistic.objects.bulk_create(statistics.values())
    transaction.on_commit(lambda: results_changed(campaign.pk))
    return len(assessments)
