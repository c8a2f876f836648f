"""Statistical secrecy of the bourse's counts: no count under 5, no withheld count found by
subtraction from the total."""

from hypothesis import given
from hypothesis import strategies as st

from territoires.exchange.statistics import partition_publishable, total_publishable


def test_small_counts_are_withheld_with_the_smallest_other_when_alone():
    # 3 alone would be the total minus the others: 6 is withheld with it (3 + 6 = 9 ≥ 5).
    assert partition_publishable({"a": 3, "b": 6, "c": 10, "d": 0}) == {
        "a": None,
        "b": None,
        "c": 10,
        "d": 0,
    }
    # 2 + 4 = 6 ≥ 5: nothing more to withhold.
    assert partition_publishable({"a": 2, "b": 4, "c": 10}) == {"a": None, "b": None, "c": 10}
    assert total_publishable(4) is None and total_publishable(0) == 0 and total_publishable(5) == 5


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 30), max_size=8))
def test_no_count_under_5_and_the_withheld_ones_amount_to_0_or_at_least_5(counts):
    shown = partition_publishable(counts)
    assert set(shown) == set(counts)
    assert all(value is None or value == 0 or value >= 5 for value in shown.values())
    hidden = sum(counts[key] for key, value in shown.items() if value is None)
    # A withheld remainder under 5 only where the total is itself withheld (under 5).
    assert hidden == 0 or hidden >= 5 or sum(counts.values()) < 5
    for key, value in shown.items():
        assert value is None or value == counts[key]
