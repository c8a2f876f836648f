"""The scoring engine of the observatory: pure and vectorised (numpy, no ORM).

Input: matrices, one row per assessment and one column per indicator, in the
order of ``model.indicator_codes`` (the order of the framework file).

``values``  float, shape (A, I). The raw answer: yes/no 1 or 0; level 0 to 4;
            percentage 0 to 100; count ≥ 0; multiple choice the bit mask of the
            chosen options (option n of the indicator sets bit n). Ignored
            (NaN is fine) where the indicator is not answered.
``status``  int8, shape (A, I): ``UNANSWERED`` (0), ``ANSWERED`` (1) or
            ``NOT_CONCERNED`` (2, *non concerné*).
``applicable`` bool, shape (A, I): whether the indicator applies to the
            collectivité; ``applicability()`` derives it from the kind, the
            population, the competences held and the questionnaire chosen
            (light or full).

The campaign part feeds it from the database: answer rows
``(row, indicator_code, status, value)``, e.g. from
``Answer.objects.values_list(...)``, go through ``build_matrices()``; the
territories' kind and population through ``applicability()``.

Rules, for every assessment:

- indicator score: the indicator's rule maps the answer to 0–100;
- axis score: the weighted mean of the scores of its applicable, answered
  indicators; *non concerné* leaves the denominator; no answered indicator
  gives no score;
- completeness: the share of applicable questions that have an answer
  (answered or *non concerné*), per axis and overall;
- an axis score is published when its completeness reaches the framework's
  threshold; the index is the weighted mean of the published axis scores,
  published when the overall completeness reaches the same threshold;
- the maturity level follows from the index and the framework's thresholds
  (0: no level, the index is not published).

``improvements()`` gives, for each indicator not already at 100, the points
its best answer would add to the index; ``path_to_next_level()`` chains the
best of them until the next level is reached.
"""

import dataclasses
import functools
from collections.abc import Iterable
from typing import Any

import numpy as np

from territoires.observatory.framework import (
    ASSESSED_KINDS,
    Framework,
    Indicator,
    IndicatorType,
    get_framework,
)

UNANSWERED, ANSWERED, NOT_CONCERNED = 0, 1, 2


@dataclasses.dataclass(frozen=True)
class _Rule:
    """How one indicator's raw answer becomes a 0–100 score."""

    kind: str  # "step", "linear", "choice" or "none" (context indicator)
    x: np.ndarray  # step: thresholds; linear: the points' values
    y: np.ndarray  # step: score from each threshold on; linear: the points' scores; choice: points
    floor: float = 0.0  # step: the score below the first threshold

    @classmethod
    def of(cls, indicator: Indicator) -> "_Rule":
        if indicator.context:
            return cls("none", np.empty(0), np.empty(0))
        if indicator.type == IndicatorType.YES_NO:
            return cls("step", np.array([1.0]), np.array([100.0]))
        if indicator.type == IndicatorType.LEVEL:
            scores = indicator.level_scores
            return cls("step", np.arange(1.0, len(scores)), np.array(scores[1:]), scores[0])
        if indicator.type == IndicatorType.COUNT:
            x, y = zip(*indicator.thresholds, strict=True)
            return cls("step", np.array(x), np.array(y))
        if indicator.type == IndicatorType.PERCENTAGE:
            x, y = zip(*indicator.points, strict=True)
            return cls("linear", np.array(x), np.array(y))
        points = [option.points for option in indicator.options]
        return cls("choice", np.empty(0), np.array(points))

    def apply(self, column: np.ndarray) -> np.ndarray:
        if self.kind == "step":
            steps = np.concatenate(([self.floor], self.y))
            return steps[np.searchsorted(self.x, column, side="right")]
        if self.kind == "linear":
            return np.interp(column, self.x, self.y)
        if self.kind == "choice":
            masks = np.clip(column, 0, None).astype(np.int64)
            chosen = (masks[:, None] >> np.arange(len(self.y))) & 1
            return np.minimum(100.0, chosen @ self.y)
        return np.zeros_like(column)


@dataclasses.dataclass(frozen=True)
class ScoringModel:
    """A framework compiled into arrays, built once per framework."""

    framework: Framework
    indicator_codes: tuple[str, ...]
    axis_codes: tuple[str, ...]
    axis_of: np.ndarray  # (I,) axis number of each indicator
    axis_matrix: np.ndarray  # (I, X) one-hot
    weights: np.ndarray  # (I,)
    axis_weights: np.ndarray  # (X,)
    light: np.ndarray  # (I,) bool
    kind_allowed: np.ndarray  # (kinds, I) bool
    population_min: np.ndarray  # (I,) -inf when unbounded
    population_below: np.ndarray  # (I,) +inf when unbounded
    competence_codes: tuple[str, ...]
    competence_required: np.ndarray  # (C, I) bool
    level_minimums: np.ndarray  # (levels,)
    completeness_threshold: float
    rules: tuple[_Rule, ...]

    @classmethod
    def from_framework(cls, framework: Framework) -> "ScoringModel":
        indicators = framework.indicators
        axis_codes = tuple(axis.code for axis in framework.axes)
        axis_of = np.array([axis_codes.index(i.axis) for i in indicators])
        competence_codes = tuple(c.code for c in framework.competences)
        return cls(
            framework=framework,
            indicator_codes=tuple(i.code for i in indicators),
            axis_codes=axis_codes,
            axis_of=axis_of,
            axis_matrix=np.eye(len(axis_codes))[axis_of],
            weights=np.array([i.weight for i in indicators]),
            axis_weights=np.array([axis.weight for axis in framework.axes]),
            light=np.array([i.light for i in indicators]),
            kind_allowed=np.array(
                [
                    [not i.applies_to.kinds or kind in i.applies_to.kinds for i in indicators]
                    for kind in ASSESSED_KINDS
                ]
            ),
            population_min=np.array(
                [
                    -np.inf if i.applies_to.population_min is None else i.applies_to.population_min
                    for i in indicators
                ]
            ),
            population_below=np.array(
                [
                    np.inf
                    if i.applies_to.population_below is None
                    else i.applies_to.population_below
                    for i in indicators
                ]
            ),
            competence_codes=competence_codes,
            competence_required=np.array(
                [
                    [code in i.applies_to.competences for i in indicators]
                    for code in competence_codes
                ]
            ).reshape(len(competence_codes), len(indicators)),
            level_minimums=np.array([level.min_index for level in framework.levels]),
            completeness_threshold=framework.completeness_threshold,
            rules=tuple(_Rule.of(i) for i in indicators),
        )


@functools.cache
def model_for(edition: int) -> ScoringModel:
    """The scoring model of an edition's framework, built once per process."""
    return ScoringModel.from_framework(get_framework(edition))


@dataclasses.dataclass(frozen=True)
class Scores:
    """Scores of A assessments. NaN marks a score that does not exist or is not published."""

    indicator_scores: np.ndarray  # (A, I), NaN unless answered and applicable
    axis_raw_scores: np.ndarray  # (A, X), NaN without any answered indicator
    axis_completeness: np.ndarray  # (A, X) in %, NaN when nothing applies
    axis_published: np.ndarray  # (A, X) bool
    completeness: np.ndarray  # (A,) in %
    index: np.ndarray  # (A,), NaN unless published
    level: np.ndarray  # (A,) int, 0 without a published index
    # Partial sums, kept for improvements():
    axis_numerator: np.ndarray
    axis_denominator: np.ndarray
    axis_resolved: np.ndarray
    axis_applicable: np.ndarray

    @property
    def axis_scores(self) -> np.ndarray:
        """Published axis scores (A, X), NaN elsewhere."""
        return np.where(self.axis_published, self.axis_raw_scores, np.nan)


# --- Input -------------------------------------------------------------------


def raw_value(indicator: Indicator, answer: Any) -> float:
    """The engine's number for an answer: bool → 1/0, option codes → bit mask."""
    if indicator.type == IndicatorType.MULTIPLE_CHOICE:
        codes = [option.code for option in indicator.options]
        return float(sum(1 << codes.index(code) for code in set(answer)))
    return float(answer)


def build_matrices(
    model: ScoringModel,
    assessment_count: int,
    answers: Iterable[tuple[int, str, int, Any]],
) -> tuple[np.ndarray, np.ndarray]:
    """``values`` and ``status`` from answer rows ``(row, indicator_code, status, answer)``.

    ``answer`` is the answer as a form gives it (bool, number, or option codes
    for a multiple choice), ignored unless the status is ``ANSWERED``. The
    order of the rows does not matter; a (row, indicator) pair appears once.
    """
    column_of = {code: column for column, code in enumerate(model.indicator_codes)}
    indicators = model.framework.indicators
    values = np.full((assessment_count, len(column_of)), np.nan)
    status = np.zeros((assessment_count, len(column_of)), dtype=np.int8)
    for row, code, answer_status, answer in answers:
        column = column_of[code]
        status[row, column] = answer_status
        if answer_status == ANSWERED:
            values[row, column] = raw_value(indicators[column], answer)
    return values, status


def default_competences(model: ScoringModel, kinds: Iterable[str]) -> np.ndarray:
    """(A, C) bool: the competences each kind of collectivité holds by default."""
    by_kind = {
        kind: [kind in c.default_kinds for c in model.framework.competences]
        for kind in ASSESSED_KINDS
    }
    rows = [by_kind[kind] for kind in kinds]
    return np.array(rows, dtype=bool).reshape(len(rows), len(model.competence_codes))


def applicability(
    model: ScoringModel,
    *,
    kinds: Iterable[str],
    populations: Iterable[float | None],
    competences: np.ndarray | None = None,
    light: Iterable[bool] | None = None,
) -> np.ndarray:
    """(A, I) bool: which indicators apply to each collectivité.

    ``kinds``: TerritoryKind values; ``populations``: None when unknown (it
    then fails any population bound); ``competences``: (A, C) bool in the
    order of ``model.competence_codes``, by default those of the kind;
    ``light``: whether each assessment uses the light questionnaire, which
    keeps only the indicators flagged ``light``.
    """
    kinds = list(kinds)
    kind_numbers = np.array([ASSESSED_KINDS.index(kind) for kind in kinds], dtype=int)
    population = np.array([np.nan if p is None else p for p in populations], dtype=float).reshape(
        -1, 1
    )
    known = ~np.isnan(population)
    applies = model.kind_allowed[kind_numbers]
    applies &= np.isneginf(model.population_min) | (
        known & (np.nan_to_num(population) >= model.population_min)
    )
    applies &= np.isposinf(model.population_below) | (
        known & (np.nan_to_num(population) < model.population_below)
    )
    if competences is None:
        competences = default_competences(model, kinds)
    needs_competence = model.competence_required.any(axis=0)
    holds_one = (competences.astype(float) @ model.competence_required.astype(float)) > 0
    applies &= ~needs_competence | holds_one
    if light is not None:
        light = np.asarray(list(light), dtype=bool).reshape(-1, 1)
        applies &= ~light | model.light
    return applies


# --- Scores --------------------------------------------------------------------


def indicator_scores(model: ScoringModel, values: np.ndarray, status: np.ndarray) -> np.ndarray:
    """(A, I) scores 0–100 of the answered indicators, NaN elsewhere."""
    values = np.asarray(values, dtype=float)
    answered = np.asarray(status) == ANSWERED
    if np.isnan(values[answered]).any():
        raise ValueError("an answered indicator has no value")
    filled = np.where(answered, values, 0.0)
    scores = np.empty_like(filled)
    for column, rule in enumerate(model.rules):
        scores[:, column] = rule.apply(filled[:, column])
    return np.where(answered, scores, np.nan)


def aggregate(
    model: ScoringModel, scores: np.ndarray, status: np.ndarray, applicable: np.ndarray
) -> Scores:
    """Axis scores, completeness, index and level from indicator scores (A, I)."""
    status = np.asarray(status)
    applicable = np.asarray(applicable, dtype=bool)
    answered = (status == ANSWERED) & applicable
    resolved = (status != UNANSWERED) & applicable
    weighted = np.where(answered, np.nan_to_num(scores) * model.weights, 0.0)
    numerator = weighted @ model.axis_matrix
    denominator = (answered * model.weights) @ model.axis_matrix
    axis_resolved = resolved.astype(float) @ model.axis_matrix
    axis_applicable = applicable.astype(float) @ model.axis_matrix
    threshold = model.completeness_threshold
    with np.errstate(invalid="ignore", divide="ignore"):
        axis_raw = np.where(denominator > 0, numerator / denominator, np.nan)
        axis_completeness = np.where(
            axis_applicable > 0, 100 * axis_resolved / axis_applicable, np.nan
        )
        applicable_total = applicable.sum(axis=1)
        completeness = np.where(
            applicable_total > 0, 100 * resolved.sum(axis=1) / applicable_total, 0.0
        )
    axis_published = (denominator > 0) & (np.nan_to_num(axis_completeness) >= threshold)
    index = _index(model, axis_raw, axis_published, completeness)
    return Scores(
        indicator_scores=np.where(answered, scores, np.nan),
        axis_raw_scores=axis_raw,
        axis_completeness=axis_completeness,
        axis_published=axis_published,
        completeness=completeness,
        index=index,
        level=levels(model, index),
        axis_numerator=numerator,
        axis_denominator=denominator,
        axis_resolved=axis_resolved,
        axis_applicable=axis_applicable,
    )


def _index(model, axis_raw, axis_published, completeness) -> np.ndarray:
    published_weights = axis_published * model.axis_weights
    numerator = (np.nan_to_num(axis_raw) * published_weights).sum(axis=-1)
    denominator = published_weights.sum(axis=-1)
    published = (denominator > 0) & (completeness >= model.completeness_threshold)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(published, numerator / denominator, np.nan)


def levels(model: ScoringModel, index: np.ndarray) -> np.ndarray:
    """Maturity level (1 to 5) of each index; 0 for an unpublished index."""
    level = np.searchsorted(model.level_minimums, np.nan_to_num(index), side="right")
    return np.where(np.isnan(index), 0, level)


def score(
    model: ScoringModel, values: np.ndarray, status: np.ndarray, applicable: np.ndarray
) -> Scores:
    """Score A assessments at once."""
    return aggregate(model, indicator_scores(model, values, status), status, applicable)


# --- What would raise the level --------------------------------------------------


def improvements(
    model: ScoringModel, result: Scores, status: np.ndarray, applicable: np.ndarray
) -> np.ndarray:
    """(A, I): points each indicator's best answer (score 100) would add to the index.

    Only for applicable, scored indicators that are unanswered or answered
    below 100 (not those marked *non concerné*), and only where the index is
    published before and after; NaN elsewhere. Answering an unanswered
    indicator also raises completeness, and may publish its axis: the gain
    accounts for it (and may then be negative).
    """
    status = np.asarray(status)
    answered = (status == ANSWERED) & applicable
    scores = np.nan_to_num(result.indicator_scores)
    candidate = (
        applicable & (model.weights > 0) & (status != NOT_CONCERNED) & ~(answered & (scores >= 100))
    )
    axis = model.axis_of
    weight = model.weights
    newly = ~answered  # an unanswered indicator becomes answered
    numerator = result.axis_numerator[:, axis] + weight * (100 - scores * answered)
    denominator = result.axis_denominator[:, axis] + weight * newly
    resolved = result.axis_resolved[:, axis] + newly
    axis_applicable = result.axis_applicable[:, axis]
    threshold = model.completeness_threshold
    with np.errstate(invalid="ignore", divide="ignore"):
        new_axis_score = numerator / denominator
        new_published = (denominator > 0) & (100 * resolved / axis_applicable >= threshold)
        axis_weight = model.axis_weights[axis]
        old_published = result.axis_published[:, axis]
        old_term = axis_weight * old_published * np.nan_to_num(result.axis_raw_scores[:, axis])
        published_weights = result.axis_published * model.axis_weights
        index_numerator = (np.nan_to_num(result.axis_raw_scores) * published_weights).sum(axis=1)
        index_denominator = published_weights.sum(axis=1)
        new_numerator = (
            index_numerator[:, None] - old_term + axis_weight * new_published * new_axis_score
        )
        new_denominator = (
            index_denominator[:, None] - axis_weight * old_published + axis_weight * new_published
        )
        applicable_total = applicable.sum(axis=1)[:, None]
        resolved_total = ((status != UNANSWERED) & applicable).sum(axis=1)[:, None]
        new_completeness = 100 * (resolved_total + newly) / applicable_total
        new_index = np.where(
            (new_denominator > 0) & (new_completeness >= threshold),
            new_numerator / new_denominator,
            np.nan,
        )
    gain = new_index - result.index[:, None]
    return np.where(candidate, gain, np.nan)


@dataclasses.dataclass(frozen=True)
class Step:
    indicator: Indicator
    gain: float  # points added to the index
    index_after: float


def path_to_next_level(
    model: ScoringModel, scores: np.ndarray, status: np.ndarray, applicable: np.ndarray
) -> list[Step]:
    """For one assessment (vectors of length I): the fewest best answers to the next level.

    Greedy: each step takes the indicator whose best answer adds the most
    points, until the level rises. Empty when the index is not published
    (complete the questionnaire first), at the top level, or when no answer
    can raise it.
    """
    scores = np.array(scores, dtype=float, ndmin=2)
    status = np.array(status, ndmin=2)
    applicable = np.array(applicable, dtype=bool, ndmin=2)
    result = aggregate(model, scores, status, applicable)
    start_level = int(result.level[0])
    if start_level in (0, len(model.level_minimums)):
        return []
    steps = []
    while int(result.level[0]) == start_level:
        gains = improvements(model, result, status, applicable)[0]
        if np.isnan(gains).all() or np.nanmax(gains) <= 0:
            return []
        column = int(np.nanargmax(gains))
        scores[0, column], status[0, column] = 100.0, ANSWERED
        result = aggregate(model, scores, status, applicable)
        steps.append(
            Step(
                indicator=model.framework.indicators[column],
                gain=float(gains[column]),
                index_after=float(result.index[0]),
            )
        )
    return steps
