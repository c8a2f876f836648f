"""The scoring engine: properties on random data, a plain reference, and the worked examples."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from territoires.observatory import scoring
from territoires.observatory.framework import ASSESSED_KINDS, IndicatorType, get_framework
from territoires.observatory.methodology import AXIS_EXAMPLE, LIGHT_EXAMPLE, example_assessment
from territoires.observatory.scoring import ANSWERED, NOT_CONCERNED, UNANSWERED

FRAMEWORK = get_framework(2026)
MODEL = scoring.model_for(2026)
INDICATORS = FRAMEWORK.indicators
PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- Random assessments --------------------------------------------------------


def random_values(rng, count):
    """(count, I) raw values, each within its indicator's range."""
    columns = []
    for indicator in INDICATORS:
        if indicator.type == IndicatorType.YES_NO:
            column = rng.integers(0, 2, count)
        elif indicator.type == IndicatorType.LEVEL:
            column = rng.integers(0, 5, count)
        elif indicator.type == IndicatorType.PERCENTAGE:
            column = rng.choice([0, 100, rng.uniform(0, 100)], count)
        elif indicator.type == IndicatorType.COUNT:
            column = rng.integers(0, 400, count)
        else:
            column = rng.integers(0, 2 ** len(indicator.options), count)
        columns.append(column.astype(float))
    return np.stack(columns, axis=1)


@st.composite
def assessments(draw, max_count=6):
    """(kinds, populations, light, values, status) for 1 to max_count assessments.

    Hypothesis draws the collectivités and a seed; numpy fills the matrices
    from the seed, with a drawn share of answers, so that completeness falls
    on both sides of the threshold.
    """
    count = draw(st.integers(1, max_count))
    kinds = draw(st.lists(st.sampled_from(ASSESSED_KINDS), min_size=count, max_size=count))
    populations = draw(
        st.lists(st.one_of(st.none(), st.integers(0, 2_500_000)), min_size=count, max_size=count)
    )
    light = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    unanswered = draw(st.sampled_from([0.0, 0.2, 0.5, 0.9]))
    not_concerned = draw(st.sampled_from([0.0, 0.1, 0.3]))
    status = rng.choice(
        [UNANSWERED, NOT_CONCERNED, ANSWERED],
        size=(count, len(INDICATORS)),
        p=[unanswered, not_concerned * (1 - unanswered), (1 - not_concerned) * (1 - unanswered)],
    ).astype(np.int8)
    return kinds, populations, light, random_values(rng, count), status


def form_answer(indicator, raw):
    """The answer as a form gives it, from a raw value."""
    if indicator.type == IndicatorType.MULTIPLE_CHOICE:
        return [o.code for n, o in enumerate(indicator.options) if int(raw) >> n & 1]
    return raw


def run(kinds, populations, light, values, status):
    applicable = scoring.applicability(MODEL, kinds=kinds, populations=populations, light=light)
    return scoring.score(MODEL, values, status, applicable), applicable


# --- A plain reference, one assessment at a time --------------------------------


def reference_indicator_score(indicator, value):
    if indicator.context:
        return 0.0
    if indicator.type == IndicatorType.YES_NO:
        return 100.0 if value >= 1 else 0.0
    if indicator.type == IndicatorType.LEVEL:
        return indicator.level_scores[int(value)]
    if indicator.type == IndicatorType.COUNT:
        score = 0.0
        for threshold, threshold_score in indicator.thresholds:
            if value >= threshold:
                score = threshold_score
        return score
    if indicator.type == IndicatorType.PERCENTAGE:
        points = indicator.points
        if value >= points[-1][0]:
            return points[-1][1]
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            if x1 <= value <= x2:
                return y1 + (y2 - y1) * (value - x1) / (x2 - x1)
    chosen = [o.points for n, o in enumerate(indicator.options) if int(value) >> n & 1]
    return min(100.0, sum(chosen))


def reference(kind, population, light, values, status):
    """Axis scores, axis completeness, published axes, completeness, index and level."""
    competences = {c.code for c in FRAMEWORK.competences if kind in c.default_kinds}
    threshold = FRAMEWORK.completeness_threshold
    axes, all_applicable, all_resolved = {}, 0, 0
    for axis in FRAMEWORK.axes:
        numerator = denominator = applicable = resolved = 0
        for indicator in axis.indicators:
            column = INDICATORS.index(indicator)
            applies = indicator.applies_to.applies(
                kind=kind, population=population, competences=competences
            ) and (not light or indicator.light)
            if not applies:
                continue
            applicable += 1
            if status[column] != UNANSWERED:
                resolved += 1
            if status[column] == ANSWERED:
                score = reference_indicator_score(indicator, values[column])
                numerator += indicator.weight * score
                denominator += indicator.weight
        all_applicable += applicable
        all_resolved += resolved
        score = numerator / denominator if denominator else None
        completeness = 100 * resolved / applicable if applicable else None
        published = score is not None and completeness >= threshold
        axes[axis.code] = (score, completeness, published)
    completeness = 100 * all_resolved / all_applicable if all_applicable else 0
    published_axes = [
        (FRAMEWORK.axes[n].weight, s) for n, (s, _, p) in enumerate(axes.values()) if p
    ]
    index = level = None
    if published_axes and completeness >= threshold:
        index = sum(w * s for w, s in published_axes) / sum(w for w, _ in published_axes)
        level = FRAMEWORK.level_for(index).level
    return axes, completeness, index, level


def same(engine_value, reference_value):
    if reference_value is None:
        return math.isnan(engine_value)
    return math.isclose(engine_value, reference_value, rel_tol=1e-9, abs_tol=1e-9)


@PROPERTIES
@given(assessments())
def test_the_vectorised_engine_agrees_with_a_plain_reference(data):
    kinds, populations, light, values, status = data
    result, _ = run(*data)
    for row in range(len(kinds)):
        axes, completeness, index, level = reference(
            kinds[row], populations[row], light[row], values[row], status[row]
        )
        for column, (score, axis_completeness, published) in enumerate(axes.values()):
            assert same(result.axis_raw_scores[row, column], score)
            assert same(result.axis_completeness[row, column], axis_completeness)
            assert result.axis_published[row, column] == published
        assert same(result.completeness[row], completeness)
        assert same(result.index[row], index)
        assert result.level[row] == (level or 0)


@PROPERTIES
@given(assessments())
def test_every_score_is_between_0_and_100(data):
    result, _ = run(*data)
    for scores in (result.indicator_scores, result.axis_raw_scores, result.index):
        present = scores[~np.isnan(scores)]
        assert ((present >= 0) & (present <= 100)).all()
    assert ((result.completeness >= 0) & (result.completeness <= 100)).all()
    assert set(result.level) <= {0, 1, 2, 3, 4, 5}


def scored_applicable_cells(applicable):
    return [
        (row, column)
        for row, column in zip(*np.nonzero(applicable), strict=True)
        if MODEL.weights[column] > 0
    ]


@PROPERTIES
@given(assessments(max_count=3), st.data())
def test_non_concerne_never_lowers_a_score(data, pick):
    kinds, populations, light, values, status = data
    _, applicable = run(*data)
    cells = scored_applicable_cells(applicable)
    if not cells:
        return
    row, column = pick.draw(st.sampled_from(cells))
    worst, unanswered, not_concerned = status.copy(), status.copy(), status.copy()
    worst_values = values.copy()
    worst[row, column], worst_values[row, column] = ANSWERED, 0.0  # scores 0 for every type
    unanswered[row, column] = UNANSWERED
    not_concerned[row, column] = NOT_CONCERNED
    with_worst, _ = run(kinds, populations, light, worst_values, worst)
    with_nothing, _ = run(kinds, populations, light, values, unanswered)
    with_nc, _ = run(kinds, populations, light, values, not_concerned)
    axis = MODEL.axis_of[column]
    assert with_worst.indicator_scores[row, column] == 0
    # Against the worst answer: the axis and the index are never lower.
    if not np.isnan(with_nc.axis_raw_scores[row, axis]):
        assert with_nc.axis_raw_scores[row, axis] >= with_worst.axis_raw_scores[row, axis] - 1e-9
    if not np.isnan(with_nc.index[row]) and not np.isnan(with_worst.index[row]):
        assert with_nc.index[row] >= with_worst.index[row] - 1e-9
    # Against no answer: the axis score is the same, completeness only grows.
    np.testing.assert_array_equal(
        with_nc.axis_raw_scores[row, axis], with_nothing.axis_raw_scores[row, axis]
    )
    assert with_nc.completeness[row] > with_nothing.completeness[row]
    assert with_nc.axis_completeness[row, axis] > with_nothing.axis_completeness[row, axis]


@PROPERTIES
@given(assessments(max_count=3), st.data())
def test_a_better_answer_never_lowers_its_axis_or_the_index(data, pick):
    kinds, populations, light, values, status = data
    _, applicable = run(*data)
    cells = scored_applicable_cells(applicable)
    if not cells:
        return
    row, column = pick.draw(st.sampled_from(cells))
    indicator = INDICATORS[column]
    rng = np.random.default_rng(pick.draw(st.integers(0, 2**32 - 1)))
    better_value, worse_value = random_values(rng, 2)[:, column]
    if indicator.type == IndicatorType.MULTIPLE_CHOICE:
        better_value = float(int(better_value) | int(worse_value))  # more options chosen
    elif better_value < worse_value:
        better_value, worse_value = worse_value, better_value
    answered = status.copy()
    answered[row, column] = ANSWERED
    worse, better = values.copy(), values.copy()
    worse[row, column], better[row, column] = worse_value, better_value
    with_worse, _ = run(kinds, populations, light, worse, answered)
    with_better, _ = run(kinds, populations, light, better, answered)
    axis = MODEL.axis_of[column]
    assert with_better.indicator_scores[row, column] >= with_worse.indicator_scores[row, column]
    assert with_better.axis_raw_scores[row, axis] >= with_worse.axis_raw_scores[row, axis]
    assert np.isnan(with_better.index[row]) == np.isnan(with_worse.index[row])
    if not np.isnan(with_better.index[row]):
        assert with_better.index[row] >= with_worse.index[row]
        assert with_better.level[row] >= with_worse.level[row]


@PROPERTIES
@given(assessments(), st.randoms(use_true_random=False))
def test_the_order_of_answers_and_of_assessments_changes_nothing(data, random):
    kinds, populations, light, values, status = data
    count = len(kinds)
    answers = [
        (row, indicator.code, int(status[row, column]), form_answer(indicator, values[row, column]))
        for row in range(count)
        for column, indicator in enumerate(INDICATORS)
    ]
    shuffled = answers[:]
    random.shuffle(shuffled)
    rebuilt = [scoring.build_matrices(MODEL, count, rows) for rows in (answers, shuffled)]
    np.testing.assert_array_equal(rebuilt[0][0], rebuilt[1][0])
    answered = status == ANSWERED
    np.testing.assert_array_equal(rebuilt[0][0][answered], values[answered])
    np.testing.assert_array_equal(rebuilt[0][1], rebuilt[1][1])
    result, _ = run(kinds, populations, light, *rebuilt[1])
    order = list(range(count))
    random.shuffle(order)
    permuted, _ = run(
        [kinds[i] for i in order],
        [populations[i] for i in order],
        [light[i] for i in order],
        rebuilt[1][0][order],
        rebuilt[1][1][order],
    )
    np.testing.assert_allclose(permuted.index, result.index[order], equal_nan=True)
    np.testing.assert_allclose(
        permuted.axis_raw_scores, result.axis_raw_scores[order], equal_nan=True
    )
    np.testing.assert_array_equal(permuted.level, result.level[order])


@PROPERTIES
@given(assessments(max_count=3))
def test_improvements_are_the_gain_of_actually_giving_the_best_answer(data):
    status = data[4]
    result, applicable = run(*data)
    gains = scoring.improvements(MODEL, result, status, applicable)
    for row, column in zip(*np.nonzero(~np.isnan(gains)), strict=True):
        scores, improved = result.indicator_scores.copy(), status.copy()
        scores[row, column], improved[row, column] = 100.0, ANSWERED
        after = scoring.aggregate(MODEL, scores, improved, applicable)
        assert math.isclose(gains[row, column], after.index[row] - result.index[row], abs_tol=1e-9)
    # No gain is offered for what is non concerné, already at 100, or not applicable.
    offered = ~np.isnan(gains)
    assert not (offered & (status == NOT_CONCERNED)).any()
    assert not (offered & ~applicable).any()
    assert not (offered & (np.nan_to_num(result.indicator_scores) >= 100)).any()


@PROPERTIES
@given(assessments(max_count=1))
def test_the_path_to_the_next_level_reaches_it(data):
    result, applicable = run(*data)
    status = data[4]
    path = scoring.path_to_next_level(MODEL, result.indicator_scores[0], status[0], applicable[0])
    if path:
        # The last step reaches the next level (or beyond); the steps before do not.
        assert FRAMEWORK.level_for(path[-1].index_after).level > result.level[0]
        for step in path[:-1]:
            assert FRAMEWORK.level_for(step.index_after).level == result.level[0]
        assert all(step.gain > 0 for step in path)
        assert len({step.indicator.code for step in path}) == len(path)


def test_an_answered_indicator_needs_a_value():
    status = np.ones((1, len(INDICATORS)), dtype=np.int8)
    with pytest.raises(ValueError):
        scoring.indicator_scores(MODEL, np.full((1, len(INDICATORS)), np.nan), status)


def test_applicability_follows_kind_population_competences_and_questionnaire():
    codes = MODEL.indicator_codes
    applies = scoring.applicability(
        MODEL,
        kinds=["commune", "commune", "commune", "epci", "region"],
        populations=[800, 800, 20_000, 60_000, None],
        light=[True, False, False, False, False],
    )
    light_commune, small_commune, town, epci, region = (
        dict(zip(codes, r, strict=True)) for r in applies
    )
    assert sum(light_commune.values()) == len(FRAMEWORK.light_indicators)
    assert not small_commune["LAB-01"] and town["LAB-01"]  # from 3 500 inhabitants
    assert town["DATA-04"] and not epci["DATA-04"]  # communes only
    assert not town["ENTR-01"] and epci["ENTR-01"]  # economic development competence
    assert region["ENTR-01"] and not region["LAB-01"]  # unknown population fails its bound
    with_competence = scoring.applicability(
        MODEL,
        kinds=["commune"],
        populations=[20_000],
        competences=np.ones((1, len(MODEL.competence_codes)), dtype=bool),
    )
    assert with_competence[0, codes.index("ENTR-01")]


# --- Worked examples of the methodology page, by hand -----------------------------------


def test_worked_example_of_an_axis():
    example = example_assessment(MODEL, AXIS_EXAMPLE)
    (axis,) = example.axes
    # CYBR-01 oui (×3) 100, CYBR-02 non (×2) 0, CYBR-03 60 % (×2): 60 + (60 − 50) × 40 ÷ 50 = 68,
    # CYBR-04 non concerné, CYBR-05 level 2 (×3) 50, CYBR-06 unanswered.
    assert [row.score for row in example.rows] == [100, 0, 68, None, 50, None]
    assert axis.score == pytest.approx((3 * 100 + 2 * 0 + 2 * 68 + 3 * 50) / (3 + 2 + 2 + 3))
    assert axis.score == pytest.approx(58.6)
    assert axis.completeness == pytest.approx(100 * 5 / 6)
    assert axis.published


def test_worked_example_of_a_light_questionnaire():
    example = example_assessment(MODEL, LIGHT_EXAMPLE)
    scores = {result.axis.code: result.score for result in example.axes}
    assert scores == pytest.approx(
        {
            "EADM": (2 * 100 + 2 * 50) / 4,
            "DATA": 0,
            "AMEN": 70 + (85 - 80) * 30 / 20,
            "USAG": (1 * 100 + 2 * 0 + 2 * 100) / 5,
            "INCL": 100,
            "NRES": 60,
            "CYBR": (3 * 100 + 2 * 0) / 5,
            "RGPD": (3 * 100 + 3 * 0) / 6,
            "ARCH": None,
            "ACHT": None,
            "GOUV": (3 * 25 + 2 * 100) / 5,
        }
    )
    published = [result.axis.code for result in example.axes if result.published]
    assert "ARCH" not in published and "ACHT" not in published
    index = (75 + 0 + 77.5 + 60 + 100 + 60 + 1.5 * 60 + 50 + 1.5 * 55) / (7 + 1.5 + 1.5)
    assert index == 59.5
    assert example.index == pytest.approx(index)
    assert example.level.name == "Structuré"
    assert example.completeness == pytest.approx(100 * 18 / 20)
    # Answering "oui" to DATA-04 brings the data axis from 0 to 100: +10 points, level 4.
    assert [(step.indicator.code, step.gain) for step in example.path] == [
        ("DATA-04", pytest.approx(10))
    ]
    assert example.path[0].index_after == pytest.approx(69.5)
