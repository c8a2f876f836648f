"""Writes of the observatory's results: scoring assessments and storing their scores.

Answers are read as rows, turned into the engine's matrices in one vectorised
step, scored by the pure engine (``scoring.py``), and written back as
``AssessmentScore`` rows (and ``PeerStatistic`` rows for a whole campaign).

A whole campaign may be the whole country (36,000 assessments, millions of
answers): its answers are read from a plain cursor a chunk at a time into
numpy columns, and its scores written with one bulk insert (COPY on
PostgreSQL). ``bench/campaign_recompute.py`` measures it on both engines.
"""

import dataclasses
import json
import math
from collections.abc import Iterable, Iterator
from itertools import repeat

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from territoires.core.db import bulk_insert
from territoires.core.jobs import job_enqueue_on_commit
from territoires.observatory import scoring
from territoires.observatory.cache import results_changed
from territoires.observatory.enums import Questionnaire
from territoires.observatory.matrices import INDEX, answer_matrices, assessment_applicability
from territoires.observatory.models import (
    Answer,
    Assessment,
    AssessmentScore,
    Campaign,
    PeerStatistic,
)
from territoires.observatory.peers import peer_statistics
from territoires.observatory.tasks import results_cache_warm

ANSWER_CHUNK = 50_000


def _rounded(values: list[float]) -> list[float | None]:
    return [None if math.isnan(value) else round(value, 2) for value in values]


def _score_fields(model: scoring.ScoringModel, result: scoring.Scores) -> list[dict]:
    """The stored fields of each scored assessment: rounded, None where not published."""
    return [
        {
            "index": index,
            "level": level,
            "completeness": round(completeness, 2),
            "axis_scores": dict(zip(model.axis_codes, _rounded(axis_scores), strict=True)),
            "axis_completeness": dict(
                zip(model.axis_codes, _rounded(axis_completeness), strict=True)
            ),
        }
        for index, level, completeness, axis_scores, axis_completeness in zip(
            _rounded(result.index.tolist()),
            result.level.tolist(),
            result.completeness.tolist(),
            result.axis_scores.tolist(),
            result.axis_completeness.tolist(),
            strict=True,
        )
    ]


def assessment_rescore(
    *, assessment: Assessment, answers: Iterable[Answer] | None = None
) -> AssessmentScore:
    """Score one assessment from its answers and store the result (after every change).

    ``answers``: all of them, when the caller has just read and written them, so that
    they are not read again.

    The results cache is left alone: every cached value reads the published
    assessments only, and a rescored assessment belongs to an open campaign,
    never a published one (``campaign_recompute`` drops the cache on publication).
    """
    model = scoring.model_for(assessment.campaign.edition)
    if answers is None:
        answers = Answer.objects.filter(assessment=assessment)
    rows = [(assessment.pk, a.indicator_code, a.status, a.value) for a in answers]
    values, status = answer_matrices(model, [assessment.pk], rows)
    applicable = assessment_applicability(model, [assessment])
    result = scoring.score(model, values, status, applicable)
    stored, _ = AssessmentScore.objects.update_or_create(
        assessment=assessment,
        defaults={**_score_fields(model, result)[0], "computed_at": timezone.now()},
    )
    return stored


@dataclasses.dataclass(frozen=True)
class CampaignInput:
    """What a recomputation reads: each assessment's territory and its answers, as the engine's
    arrays, one row per assessment in the order of ``ids``."""

    ids: np.ndarray  # (A,) int, ascending
    kinds: list[str]
    populations: list[int | None]
    strata: np.ndarray  # (A,) object
    light: np.ndarray  # (A,) bool: the light questionnaire
    published: np.ndarray  # (A,) bool: counts among the peers
    values: np.ndarray  # (A, I)
    status: np.ndarray  # (A, I)


@dataclasses.dataclass(frozen=True)
class CampaignResult:
    """What a recomputation writes: each assessment's stored fields and peer ranks, and the
    rows ``(stratum, metric, group_size, median, first_quartile, third_quartile)`` of the peer
    statistics shown."""

    ids: list[int]
    fields: list[dict]
    peer_ranks: list[dict]
    peers: list[tuple]


@transaction.atomic
def campaign_recompute(*, campaign: Campaign) -> int:
    """Score every assessment of ``campaign``, compute peers, and store it all.

    Peers are the stratum of each collectivité; their statistics count the
    published assessments only, and are stored only for groups of at least
    ``OBSERVATORY_PEER_MIN_GROUP``. Returns the number of assessments scored.

    Built for the whole country (36,000 assessments, millions of answers): the
    answers are read in chunks of columns straight into the engine's matrices,
    and the scores are written with one bulk insert (COPY on PostgreSQL). Three
    stages, which ``bench/campaign_recompute.py`` times one by one: read, compute, write.
    """
    model = scoring.model_for(campaign.edition)
    result = campaign_compute(model, campaign_read(model, campaign))
    campaign_write(campaign, result)
    return len(result.ids)


def campaign_read(model: scoring.ScoringModel, campaign: Campaign) -> CampaignInput:
    """Read every assessment of ``campaign``, its territory and its answers."""
    assessments = Assessment.objects.filter(campaign=campaign).order_by("pk")
    columns = ("pk", "territory__kind", "territory__population", "territory__stratum")
    rows = list(assessments.values_list(*columns, "questionnaire"))
    ids, kinds, populations, strata, questionnaires = (
        np.array(rows, dtype=object).reshape(-1, len(columns) + 1).T
    )
    ids = ids.astype(np.int64)
    values, status = _campaign_answer_matrices(model, campaign, ids)
    return CampaignInput(
        ids=ids,
        kinds=kinds.tolist(),
        populations=populations.tolist(),
        strata=strata,
        light=questionnaires == Questionnaire.LIGHT,
        published=np.isin(ids, list(assessments.published().values_list("pk", flat=True))),
        values=values,
        status=status,
    )


def campaign_compute(model: scoring.ScoringModel, read: CampaignInput) -> CampaignResult:
    """Score every assessment, then its peers' statistics and its ranks among them. Pure."""
    applicable = scoring.applicability(
        model, kinds=read.kinds, populations=read.populations, light=read.light
    )
    result = scoring.score(model, read.values, read.status, applicable)

    metrics = [INDEX, *model.axis_codes]
    # Scores equal but for floating-point noise (27.2 and 27.200000000000003, summed in another
    # order) are ties among peers: they get the same rank.
    metric_scores = np.round(np.column_stack([result.index, result.axis_scores]), 9)
    min_group = settings.OBSERVATORY_PEER_MIN_GROUP
    peers = peer_statistics(metric_scores, read.strata, read.published, min_group=min_group)
    shown = peers.group_size >= min_group

    ranked = shown & ~np.isnan(peers.percentile_rank)
    peer_ranks = [
        {
            metric: round(rank, 1)
            for metric, rank, kept in zip(metrics, ranks, keep, strict=True)
            if kept
        }
        for ranks, keep in zip(peers.percentile_rank.tolist(), ranked.tolist(), strict=True)
    ]
    # The statistics are the same for every member of a group: read them on its first row.
    _, first_rows = np.unique(read.strata, return_index=True)
    statistics = [
        (
            read.strata[row],
            metric,
            int(peers.group_size[row, m]),
            float(peers.median[row, m]),
            float(peers.first_quartile[row, m]),
            float(peers.third_quartile[row, m]),
        )
        for row in first_rows.tolist()
        for m, metric in enumerate(metrics)
        if shown[row, m]
    ]
    return CampaignResult(
        ids=read.ids.tolist(),
        fields=_score_fields(model, result),
        peer_ranks=peer_ranks,
        peers=statistics,
    )


def campaign_write(campaign: Campaign, result: CampaignResult) -> None:
    """Replace the stored scores and peer statistics of ``campaign`` by ``result``; once
    committed, drop the cached results and warm them again in a worker."""
    AssessmentScore.objects.filter(assessment__campaign=campaign).delete()
    bulk_insert(AssessmentScore, SCORE_FIELDS, score_rows(result))
    PeerStatistic.objects.filter(campaign=campaign).delete()
    bulk_insert(PeerStatistic, PEER_FIELDS, peer_rows(campaign, result))
    results_changed_on_commit(campaign.pk)


def results_changed_on_commit(campaign_id: int) -> None:
    """Once the transaction commits, drop every figure and file cached from the campaign's
    results (``results_changed``); then, in a worker, compute again what the public pages
    and the open data files show, before anyone asks (``results_cache_warm``)."""
    transaction.on_commit(lambda: results_changed(campaign_id))
    job_enqueue_on_commit(results_cache_warm, campaign_id)


def _campaign_answer_matrices(
    model: scoring.ScoringModel, campaign: Campaign, assessment_ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``answer_matrices`` of a whole campaign, for ``assessment_ids`` sorted ascending.

    The rows come from a plain cursor, ANSWER_CHUNK at a time, and each chunk
    goes into the matrices as numpy columns, not row by row.
    """
    column_of = {code: column for column, code in enumerate(model.indicator_codes)}
    values = np.full((len(assessment_ids), len(column_of)), np.nan)
    status = np.zeros((len(assessment_ids), len(column_of)), dtype=np.int8)
    answers = Answer.objects.filter(assessment__campaign=campaign).values_list(
        "assessment_id", "indicator_code", "status", "value"
    )
    with connection.cursor() as cursor:
        cursor.execute(*answers.query.sql_with_params())
        while chunk := cursor.fetchmany(ANSWER_CHUNK):
            assessment, code, answer_status, value = np.array(chunk, dtype=object).T
            column = np.fromiter(map(column_of.get, code, repeat(-1)), np.int64, len(chunk))
            kept = column >= 0
            row = np.searchsorted(assessment_ids, assessment[kept].astype(np.int64))
            status[row, column[kept]] = answer_status[kept].astype(np.int8)
            values[row, column[kept]] = value[kept].astype(float)  # None (NULL) becomes NaN
    return values, status


SCORE_FIELDS = [
    "assessment_id",
    "index",
    "level",
    "completeness",
    "axis_scores",
    "axis_completeness",
    "peer_ranks",
    "computed_at",
]
PEER_FIELDS = [
    "campaign_id",
    "stratum",
    "metric",
    "group_size",
    "median",
    "first_quartile",
    "third_quartile",
]


def score_rows(result: CampaignResult) -> Iterator[tuple]:
    """The ``AssessmentScore`` rows of ``result`` as ``bulk_insert`` takes them (SCORE_FIELDS)."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for assessment_id, stored, ranks in zip(
        result.ids, result.fields, result.peer_ranks, strict=True
    ):
        yield (
            assessment_id,
            stored["index"],
            stored["level"],
            stored["completeness"],
            json.dumps(stored["axis_scores"]),
            json.dumps(stored["axis_completeness"]),
            json.dumps(ranks),
            now,
        )


def peer_rows(campaign: Campaign, result: CampaignResult) -> Iterator[tuple]:
    """The ``PeerStatistic`` rows of ``result`` as ``bulk_insert`` takes them (PEER_FIELDS)."""
    for row in result.peers:
        yield (campaign.pk, *row)
