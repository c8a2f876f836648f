"""The three rankings, worked by hand, and their properties."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from territoires.awards.ranking import Sheet, competition_ranks, rankings, sheet_total


def by_application(sheets):
    return {row.application_id: row for row in rankings(sheets)}


def test_normalisation_changes_the_order_of_a_generous_and_a_severe_juror():
    # Juror 1 is generous: A 5, C 4 (mean 4.5, deviation 0.5: A +1, C -1).
    # Juror 2 is severe: B 3, D 1 (mean 2, deviation 1: B +1, D -1).
    sheets = [Sheet(1, 1, 5.0), Sheet(3, 1, 4.0), Sheet(2, 2, 3.0), Sheet(4, 2, 1.0)]
    rows = by_application(sheets)
    # Raw mean: A 5, C 4, B 3, D 1.
    assert [rows[key].rank_mean for key in (1, 3, 2, 4)] == [1, 2, 3, 4]
    # Normalised: A and B are their juror's best (+1), C and D their worst (-1).
    assert [rows[key].zscore for key in (1, 2, 3, 4)] == [1.0, 1.0, -1.0, -1.0]
    assert [rows[key].rank_zscore for key in (1, 2, 3, 4)] == [1, 1, 3, 3]
    # B moves from third to first, C from second to third, D from fourth to third.
    assert [rows[key].differs for key in (1, 2, 3, 4)] == [False, True, True, True]


def test_the_median_resists_an_outlying_juror():
    # P: 0, 5, 5 (mean 10/3, median 5); Q: 4, 4, 4 (mean 4, median 4).
    sheets = [
        Sheet(1, 4, 0.0), Sheet(1, 5, 5.0), Sheet(1, 6, 5.0),
        Sheet(2, 4, 4.0), Sheet(2, 5, 4.0), Sheet(2, 6, 4.0),
    ]  # fmt: skip
    rows = by_application(sheets)
    assert rows[1].mean == pytest.approx(10 / 3) and rows[1].median == 5.0
    assert rows[2].mean == 4.0 and rows[2].median == 4.0
    assert (rows[1].rank_mean, rows[1].rank_median) == (2, 1)
    assert (rows[2].rank_mean, rows[2].rank_median) == (1, 2)
    # Juror 4: P -1, Q +1; jurors 5 and 6: P +1, Q -1. P: 1/3, Q: -1/3.
    assert rows[1].zscore == pytest.approx(1 / 3) and rows[2].zscore == pytest.approx(-1 / 3)
    assert (rows[1].rank_zscore, rows[2].rank_zscore) == (1, 2)
    # The list comes best raw mean first.
    assert [row.application_id for row in rankings(sheets)] == [2, 1]


def test_a_juror_who_gives_the_same_total_everywhere_weighs_nothing_normalised():
    sheets = [Sheet(1, 1, 3.0), Sheet(2, 1, 3.0), Sheet(1, 2, 4.0), Sheet(2, 2, 2.0)]
    rows = by_application(sheets)
    assert rows[1].zscore == pytest.approx(0.5) and rows[2].zscore == pytest.approx(-0.5)


def test_the_weighted_total_of_a_sheet():
    # Innovation (weight 2) 4, sobriety (weight 1) 1: (8 + 1) / 3 = 3.
    assert sheet_total({10: 4, 11: 1}, {10: 2, 11: 1}) == 3.0
    # An optional criterion left unmarked leaves the denominator.
    assert sheet_total({10: 4}, {10: 2, 11: 1}) == 4.0
    assert sheet_total({}, {10: 2}) == 0.0


def test_competition_ranks_share_and_skip():
    assert competition_ranks({1: 3.0, 2: 5.0, 3: 3.0, 4: 1.0}) == {2: 1, 1: 2, 3: 2, 4: 4}


totals = st.floats(min_value=0, max_value=5, allow_nan=False)
sheet_lists = st.lists(
    st.builds(Sheet, st.integers(1, 8), st.integers(1, 5), totals), min_size=1, max_size=40
).map(lambda sheets: list({(s.application_id, s.juror_id): s for s in sheets}.values()))


@given(sheet_lists)
def test_every_application_is_ranked_once_within_bounds(sheets):
    rows = rankings(sheets)
    assert sorted(row.application_id for row in rows) == sorted({s.application_id for s in sheets})
    for row in rows:
        assert 0 <= row.mean <= 5 and 0 <= row.median <= 5
        for rank in (row.rank_mean, row.rank_median, row.rank_zscore):
            assert 1 <= rank <= len(rows)


@given(sheet_lists, st.permutations(range(40)))
def test_the_order_of_the_sheets_does_not_matter(sheets, order):
    shuffled = by_application([sheets[index] for index in order if index < len(sheets)])
    for key, row in by_application(sheets).items():
        other = shuffled[key]
        assert (row.rank_mean, row.rank_median, row.sheets) == (
            other.rank_mean, other.rank_median, other.sheets,
        )  # fmt: skip
        # Sums taken in another order differ in their last bits, never beyond the tie margin.
        assert math.isclose(row.zscore, other.zscore, abs_tol=1e-9)
        assert math.isclose(row.mean, other.mean, abs_tol=1e-9)


@given(sheet_lists, st.floats(min_value=0.5, max_value=2), st.floats(min_value=-1, max_value=1))
def test_normalised_ranks_ignore_a_jurors_scale_and_offset(sheets, factor, offset):
    """Making juror 1 more severe or generous, or more spread, changes no normalised score."""
    moved = [
        Sheet(s.application_id, s.juror_id, s.total * factor + offset) if s.juror_id == 1 else s
        for s in sheets
    ]
    before, after = by_application(sheets), by_application(moved)
    for key, row in before.items():
        assert math.isclose(row.zscore, after[key].zscore, abs_tol=1e-6)
