"""Peer statistics: never under the minimum group, over published scores only."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from territoires.observatory.methodology import PEER_EXAMPLE, peer_example
from territoires.observatory.peers import peer_statistics, score_matrix

MIN_GROUP = 5

scores_strategy = st.one_of(st.just(np.nan), st.floats(0, 100), st.sampled_from([0.0, 50.0, 100.0]))


@st.composite
def populations(draw):
    count = draw(st.integers(1, 40))
    strata = draw(st.lists(st.sampled_from("abcd"), min_size=count, max_size=count))
    published = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    scores = draw(
        st.lists(st.lists(scores_strategy, min_size=2, max_size=2), min_size=count, max_size=count)
    )
    return np.array(scores, dtype=float), strata, np.array(published)


def reference_column(values, strata, published, row):
    """The statistics of one assessment's peers, computed plainly."""
    peers = [
        values[other]
        for other in range(len(values))
        if strata[other] == strata[row] and published[other] and not np.isnan(values[other])
    ]
    if len(peers) < MIN_GROUP:
        return len(peers), None
    others = list(peers)
    if published[row] and not np.isnan(values[row]):
        others.remove(values[row])
    rank = None
    if not np.isnan(values[row]) and others:
        below = sum(v < values[row] for v in others)
        equal = sum(v == values[row] for v in others)
        rank = 100 * (below + equal / 2) / len(others)
    return len(peers), (np.percentile(peers, [50, 25, 75]), rank)


@settings(max_examples=150, deadline=None)
@given(populations())
def test_peer_statistics_match_a_plain_computation_and_hide_small_groups(data):
    scores, strata, published = data
    stats = peer_statistics(scores, strata, published, min_group=MIN_GROUP)
    for column in range(scores.shape[1]):
        for row in range(len(strata)):
            size, expected = reference_column(scores[:, column], strata, published, row)
            assert stats.group_size[row, column] == size
            shown = [
                stats.median[row, column],
                stats.first_quartile[row, column],
                stats.third_quartile[row, column],
            ]
            if expected is None:
                assert np.isnan(shown).all()
                assert np.isnan(stats.percentile_rank[row, column])
                continue
            quartiles, rank = expected
            np.testing.assert_allclose(shown, quartiles, atol=1e-9)
            if rank is None:
                assert np.isnan(stats.percentile_rank[row, column])
            else:
                assert stats.percentile_rank[row, column] == pytest.approx(rank)


def test_unpublished_assessments_are_not_peers_but_see_their_rank():
    scores = np.array([10, 20, 30, 40, 50, 99, 35], dtype=float)
    published = np.array([True, True, True, True, True, False, False])
    stats = peer_statistics(scores, ["s"] * 7, published, min_group=MIN_GROUP)
    assert (stats.group_size[:, 0] == 5).all()
    assert (stats.median[:, 0] == 30).all()  # 99 and 35 are not counted
    assert stats.percentile_rank[6, 0] == 60  # 35 is above 3 of the 5 published peers
    assert stats.percentile_rank[5, 0] == 100


def test_a_group_one_short_of_the_minimum_shows_nothing():
    scores = np.array([10, 20, 30, 40, 50], dtype=float)
    stats = peer_statistics(scores, ["s"] * 5, [True] * 4 + [False], min_group=MIN_GROUP)
    assert (stats.group_size[:, 0] == 4).all()
    for values in (stats.median, stats.first_quartile, stats.third_quartile):
        assert np.isnan(values).all()
    assert np.isnan(stats.percentile_rank).all()


def test_worked_example_of_peers():
    example = peer_example(59.5, min_group=MIN_GROUP)
    values = sorted([59.5, *PEER_EXAMPLE["other_indices"]])
    assert values == [31, 44.5, 52, 58, 59.5, 63, 67.5, 72]
    assert example["size"] == 8
    assert example["median"] == (58 + 59.5) / 2  # 58,75
    assert example["first_quartile"] == 44.5 + 0.75 * (52 - 44.5)  # 50,125
    assert example["third_quartile"] == 63 + 0.25 * (67.5 - 63)  # 64,125
    assert example["percentile_rank"] == pytest.approx(100 * 4 / 7)  # 4 of its 7 peers below
    assert example["small_hidden"]


@settings(max_examples=50, deadline=None)
@given(populations())
def test_without_ranks_the_group_statistics_are_the_same(data):
    scores, strata, published = data
    full = peer_statistics(scores, strata, published, min_group=MIN_GROUP)
    quick = peer_statistics(scores, strata, published, min_group=MIN_GROUP, ranks=False)

    for field in ("group_size", "median", "first_quartile", "third_quartile"):
        np.testing.assert_array_equal(getattr(quick, field), getattr(full, field))
    assert np.isnan(quick.percentile_rank).all()


def test_score_matrix_reads_stored_scores_with_nan_where_not_published():
    rows = [(61.5, {"A": 40.0, "B": None}), (None, None), (12.0, {"B": 7.0})]

    np.testing.assert_array_equal(
        score_matrix(rows, ["A", "B"]),
        [[61.5, 40.0, np.nan], [np.nan, np.nan, np.nan], [12.0, np.nan, 7.0]],
    )
    assert score_matrix([], ["A", "B"]).shape == (0, 3)
