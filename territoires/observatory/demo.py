"""Synthetic campaigns: demonstration data, and data at the scale of the whole country.

``demo_campaign_generate(year=…, count=…, seed=…)`` writes a campaign marked
``is_demo`` (shown everywhere with ``Campaign.demo_label``) for ``count``
current collectivités drawn with the seed, or for every current région,
département, EPCI and commune (``count=None``: about 36,000 assessments), then
scores it with ``campaign_recompute``. The same seed gives the same answers. It
replaces the demo campaign of that year, and never touches a real one.

How answers are drawn, so that the figures look like a real campaign's:

- each collectivité has a latent maturity that grows with the logarithm of its
  population, plus noise; each of its axes adds an effect of its own, so axes
  correlate through the maturity without being equal; each indicator has a
  difficulty. Their sum, through a logistic curve, is the probability of a
  good answer, turned into a value of the indicator's type (yes/no, level,
  percentage, count up to past its last threshold, options of a multiple
  choice). Context counts (staff) follow the population;
- most assessments are submitted and nearly complete, the others are drafts
  with many questions unanswered; a few answers are *non concerné*; part of
  the communes eligible for the light questionnaire use it; the publication
  choices are mixed.
"""

import dataclasses
import datetime
from collections.abc import Callable
from itertools import pairwise, repeat

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from territoires.core.db import bulk_insert
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory
from territoires.observatory import scoring
from territoires.observatory.enums import (
    AnswerStatus,
    AssessmentStatus,
    CampaignStatus,
    Publication,
    Questionnaire,
)
from territoires.observatory.framework import IndicatorType, edition_for
from territoires.observatory.models import (
    DEMO_LABEL,
    Answer,
    AnswerChange,
    Assessment,
    AssessmentScore,
    AssessmentTransition,
    Campaign,
    CampaignTransition,
)
from territoires.observatory.results import campaign_recompute

DEFAULT_SEED = 2026
DEMO_KINDS = (
    TerritoryKind.REGION,
    TerritoryKind.DEPARTEMENT,
    TerritoryKind.EPCI,
    TerritoryKind.COMMUNE,
)
# The states a campaign goes through, in order, up to the one asked for.
CAMPAIGN_PATH = (
    CampaignStatus.DRAFT,
    CampaignStatus.OPEN,
    CampaignStatus.CLOSED,
    CampaignStatus.PUBLISHED,
)
SUBMITTED_SHARE = 0.85
LIGHT_SHARE = 0.4  # of the communes eligible for the light questionnaire
NOT_CONCERNED_SHARE = 0.03
PUBLICATION_SHARES = {
    Publication.AGGREGATES: 0.35,
    Publication.SCORES: 0.45,
    Publication.OPEN_DATA: 0.20,
}
# Inhabitants per agent, for the context counts of staff (full-time equivalents).
INHABITANTS_PER_AGENT = {
    TerritoryKind.COMMUNE: 60,
    TerritoryKind.EPCI: 300,
    TerritoryKind.DEPARTEMENT: 150,
    TerritoryKind.REGION: 700,
}


class DemoError(Exception):
    """A demo campaign that cannot be written; the message is French, for the operator."""


@dataclasses.dataclass(frozen=True)
class DemoReport:
    campaign: Campaign
    assessments: int
    submitted: int
    light: int
    answers: int
    replaced: bool


def demo_campaign_generate(
    *,
    year: int,
    count: int | None,
    seed: int = DEFAULT_SEED,
    status: str = CampaignStatus.PUBLISHED,
    progress: Callable[[str], None] = lambda message: None,
) -> DemoReport:
    """Write the demo campaign of ``year`` for ``count`` collectivités (None: all), and score it.

    Replaces the demo campaign of that year if there is one; raises
    ``DemoError`` (and changes nothing) if the year's campaign is a real one.
    """
    edition = edition_for(year)
    if count is not None and count < 1:
        raise DemoError("Le nombre de collectivités doit être d’au moins 1.")
    with transaction.atomic():
        existing = Campaign.objects.select_for_update().filter(year=year).first()
        if existing is not None and not existing.is_demo:
            raise DemoError(
                f"La campagne {year} n’est pas une campagne de démonstration : "
                "elle n’a pas été modifiée."
            )
        if existing is not None:
            progress(f"Suppression de la campagne de démonstration {year} précédente…")
            _delete(existing)
        rng = np.random.default_rng(seed)
        territories = _draw_territories(rng, count)
        if not territories["pk"].size:
            raise DemoError("Aucune collectivité en vigueur : importez d’abord le référentiel.")
        progress(f"Génération de {territories['pk'].size} évaluations…")
        campaign = Campaign.objects.create(
            year=year,
            edition=edition,
            framework_version=scoring.model_for(edition).framework.version,
            title=f"Observatoire {year} — {DEMO_LABEL.lower()}",
            status=status,
            is_demo=True,
        )
        _write_campaign_transitions(campaign, status)
        sample = _draw_assessments(rng, scoring.model_for(edition), territories, year)
        assessment_ids = _write_assessments(campaign, territories, sample)
        progress(f"Écriture de {int((sample.status > 0).sum())} réponses…")
        answers = _write_answers(scoring.model_for(edition), assessment_ids, sample)
        progress("Calcul des scores et des statistiques de pairs…")
        campaign_recompute(campaign=campaign)
    return DemoReport(
        campaign=campaign,
        assessments=len(assessment_ids),
        submitted=int(sample.submitted.sum()),
        light=int(sample.light.sum()),
        answers=answers,
        replaced=existing is not None,
    )


def demo_campaign_delete(*, campaign: Campaign) -> None:
    """Delete a demo campaign with everything it holds; a real campaign is never deleted."""
    if not campaign.is_demo:
        raise DemoError(
            f"La campagne {campaign.year} n’est pas une campagne de démonstration : "
            "elle n’a pas été supprimée."
        )
    _delete(campaign)


def _delete(campaign: Campaign) -> None:
    """Delete a demo campaign with its assessments, answers and results.

    Each table in one statement: the ORM's cascade would load every assessment
    and delete their rows in thousands of small batches (minutes for the whole
    country). A table added later that points to assessments makes this fail
    on its foreign key rather than lose rows silently: add it to the list.
    """
    for model in (Answer, AnswerChange, AssessmentTransition, AssessmentScore):
        model.objects.filter(assessment__campaign=campaign).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(Assessment._meta.db_table)} "
            "WHERE campaign_id = %s",
            [campaign.pk],
        )
    campaign.delete()


def _draw_territories(rng: np.random.Generator, count: int | None) -> dict[str, np.ndarray]:
    """The collectivités assessed: all, or ``count`` drawn with a weight growing with size.

    The weight (square root of the population) keeps a small demo varied: a few
    cities, EPCI and départements beside the many small communes.
    """
    rows = list(
        Territory.objects.current()
        .filter(kind__in=DEMO_KINDS)
        .order_by("kind", "code")
        .values_list("pk", "kind", "population")
    )
    territories = {
        "pk": np.array([pk for pk, _kind, _population in rows], dtype=np.int64),
        "kind": np.array([kind for _pk, kind, _population in rows], dtype=object),
        "population": np.array(
            [np.nan if population is None else population for _pk, _kind, population in rows],
            dtype=float,
        ),
    }
    if count is None or count >= len(rows):
        return territories
    weights = np.sqrt(np.nan_to_num(territories["population"]) + 1)
    chosen = np.sort(rng.choice(len(rows), size=count, replace=False, p=weights / weights.sum()))
    return {name: column[chosen] for name, column in territories.items()}


@dataclasses.dataclass(frozen=True)
class _Sample:
    """What was drawn for A assessments and I indicators."""

    light: np.ndarray  # (A,) bool
    submitted: np.ndarray  # (A,) bool
    publication: np.ndarray  # (A,) Publication values
    created_at: list[datetime.datetime]
    submitted_at: list[datetime.datetime | None]
    status: np.ndarray  # (A, I) int8: 0 no answer row, else AnswerStatus
    values: np.ndarray  # (A, I) float, NaN unless answered


def _draw_assessments(
    rng: np.random.Generator,
    model: scoring.ScoringModel,
    territories: dict[str, np.ndarray],
    year: int,
) -> _Sample:
    framework = model.framework
    kinds, population = territories["kind"], territories["population"]
    size = len(kinds)
    eligible = np.array(
        [
            framework.light_questionnaire.eligible(
                kind=kind, population=None if np.isnan(p) else int(p)
            )
            for kind, p in zip(kinds, population, strict=True)
        ],
        dtype=bool,
    )
    light = eligible & (rng.random(size) < LIGHT_SHARE)
    submitted = rng.random(size) < SUBMITTED_SHARE
    choices = [choice.value for choice in PUBLICATION_SHARES]
    publication = np.array(choices, dtype=object)[
        rng.choice(len(choices), size=size, p=list(PUBLICATION_SHARES.values()))
    ]
    publication[~submitted] = Publication.AGGREGATES
    applicable = scoring.applicability(
        model, kinds=kinds.tolist(), populations=population.tolist(), light=light
    )

    # Probability of a good answer: maturity (size + noise) + axis effects − difficulty.
    log_size = np.log10(np.nan_to_num(population, nan=100.0) + 1)
    maturity = 0.8 * (log_size - 3.0) + rng.normal(0, 0.8, size)
    axis_effect = rng.normal(0, 0.4, len(model.axis_codes)) + rng.normal(
        0, 0.5, (size, len(model.axis_codes))
    )
    difficulty = rng.normal(0.3, 0.6, len(model.indicator_codes))
    propensity = (
        maturity[:, None]
        + axis_effect[:, model.axis_of]
        - difficulty
        + rng.normal(0, 0.6, applicable.shape)
    )
    chance = 1 / (1 + np.exp(-propensity))
    values = _answer_values(rng, model, chance, kinds, population)

    # Statuses: a share of unanswered questions per assessment, a few « non concerné ».
    unanswered_share = np.where(submitted, rng.beta(1, 20, size), rng.uniform(0.2, 0.9, size))
    draw = rng.random(applicable.shape)
    status = np.where(
        draw < unanswered_share[:, None],
        scoring.UNANSWERED,
        np.where(draw > 1 - NOT_CONCERNED_SHARE, AnswerStatus.NOT_CONCERNED, AnswerStatus.ANSWERED),
    ).astype(np.int8)
    status[~applicable] = scoring.UNANSWERED
    values[status != AnswerStatus.ANSWERED] = np.nan

    created_at, submitted_at = _dates(rng, submitted, year)
    return _Sample(light, submitted, publication, created_at, submitted_at, status, values)


def _answer_values(rng, model, chance, kinds, population) -> np.ndarray:
    """(A, I) values of each indicator's type, better as ``chance`` (0–1) grows."""
    values = np.empty_like(chance)
    size = len(kinds)
    for column, indicator in enumerate(model.framework.indicators):
        p = chance[:, column]
        if indicator.type == IndicatorType.YES_NO:
            drawn = rng.random(size) < p
        elif indicator.type == IndicatorType.LEVEL:
            drawn = rng.binomial(len(indicator.levels) - 1, p)
        elif indicator.type == IndicatorType.PERCENTAGE:
            drawn = np.clip(np.round(100 * p + rng.normal(0, 12, size)), 0, 100)
        elif indicator.type == IndicatorType.COUNT and indicator.context:
            per_agent = np.array([INHABITANTS_PER_AGENT[kind] for kind in kinds])
            drawn = np.round(np.nan_to_num(population) / per_agent * rng.lognormal(0, 0.3, size))
        elif indicator.type == IndicatorType.COUNT:
            top = indicator.thresholds[-1][0]
            drawn = np.floor(1.5 * top * p * rng.lognormal(0, 0.3, size))
        else:
            chosen = rng.random((size, len(indicator.options))) < p[:, None]
            drawn = chosen @ (1 << np.arange(len(indicator.options)))
        if indicator.type == IndicatorType.COUNT:  # within the framework's bound, as typed
            drawn = np.minimum(drawn, indicator.maximum)
        values[:, column] = drawn
    return values


def _dates(rng, submitted, year: int) -> tuple[list, list]:
    """Started from January to March of the campaign's year, submitted 1 to 60 days later."""
    start = datetime.datetime(year, 1, 5, 9, tzinfo=datetime.UTC)
    started = rng.uniform(0, 80 * 86_400, submitted.size)
    took = rng.uniform(86_400, 60 * 86_400, submitted.size)
    created_at = [start + datetime.timedelta(seconds=s) for s in started.tolist()]
    submitted_at = [
        created + datetime.timedelta(seconds=t) if done else None
        for created, t, done in zip(created_at, took.tolist(), submitted.tolist(), strict=True)
    ]
    return created_at, submitted_at


def _write_campaign_transitions(campaign: Campaign, status: str) -> None:
    path = CAMPAIGN_PATH[: CAMPAIGN_PATH.index(status) + 1]
    CampaignTransition.objects.bulk_create(
        CampaignTransition(
            campaign=campaign,
            from_status=from_status,
            to_status=to_status,
            comment=DEMO_LABEL,
            created_at=campaign.created_at,
        )
        for from_status, to_status in pairwise(path)
    )


def _write_assessments(
    campaign: Campaign, territories: dict[str, np.ndarray], sample: _Sample
) -> np.ndarray:
    """Write the assessments and their submission log; their ids, in the territories' order."""
    adapt = connection.ops.adapt_datetimefield_value
    state = np.where(sample.submitted, AssessmentStatus.SUBMITTED, AssessmentStatus.DRAFT)
    questionnaire = np.where(sample.light, Questionnaire.LIGHT, Questionnaire.FULL)
    bulk_insert(
        Assessment,
        [
            "campaign_id",
            "territory_id",
            "questionnaire",
            "status",
            "publication",
            "created_at",
            "submitted_at",
        ],
        zip(
            repeat(campaign.pk),
            territories["pk"].tolist(),
            questionnaire.tolist(),
            state.tolist(),
            sample.publication.tolist(),
            map(adapt, sample.created_at),
            map(adapt, sample.submitted_at),
            strict=False,
        ),
    )
    id_of = dict(
        Assessment.objects.filter(campaign=campaign).values_list("territory_id", "pk").iterator()
    )
    assessment_ids = np.array([id_of[pk] for pk in territories["pk"].tolist()], dtype=np.int64)
    done = np.flatnonzero(sample.submitted)
    bulk_insert(
        AssessmentTransition,
        ["assessment_id", "from_status", "to_status", "comment", "created_at"],
        zip(
            assessment_ids[done].tolist(),
            repeat(AssessmentStatus.DRAFT),
            repeat(AssessmentStatus.SUBMITTED),
            repeat(DEMO_LABEL),
            (adapt(sample.submitted_at[row]) for row in done.tolist()),
            strict=False,
        ),
    )
    return assessment_ids


def _write_answers(model: scoring.ScoringModel, assessment_ids, sample: _Sample) -> int:
    """Write one answer row per answered or *non concerné* question; the number written."""
    rows, columns = np.nonzero(sample.status)
    values = sample.values[rows, columns]
    stored_values = np.where(np.isnan(values), None, values).tolist()
    codes = np.array(model.indicator_codes, dtype=object)[columns].tolist()
    bulk_insert(
        Answer,
        ["assessment_id", "indicator_code", "status", "value", "updated_at"],
        zip(
            assessment_ids[rows].tolist(),
            codes,
            sample.status[rows, columns].tolist(),
            stored_values,
            repeat(connection.ops.adapt_datetimefield_value(timezone.now())),
            strict=False,
        ),
    )
    return len(rows)
