"""The weekly counts of a debate (pure), with hypothesis."""

import datetime
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from territoires.debates.stats import week_start, weekly_counts

DAYS = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2027, 12, 31))


def test_weeks_worked_by_hand():
    # Tuesday 1 December 2026 to Monday 14 December: the weeks of 30 November, 7 and 14.
    days = [datetime.date(2026, 12, 1), datetime.date(2026, 12, 6), datetime.date(2026, 12, 7)]

    weeks = weekly_counts(days, start=datetime.date(2026, 12, 1), end=datetime.date(2026, 12, 14))

    assert weeks == [
        (datetime.date(2026, 11, 30), 2),
        (datetime.date(2026, 12, 7), 1),
        (datetime.date(2026, 12, 14), 0),
    ]


@given(st.lists(DAYS, max_size=50), DAYS, st.integers(min_value=0, max_value=120))
def test_every_day_counts_once_in_consecutive_mondays(days, start, length):
    end = start + datetime.timedelta(days=length)

    weeks = weekly_counts(days, start=start, end=end)

    assert sum(count for _, count in weeks) == len(days)
    assert all(week.weekday() == 0 for week, _ in weeks)
    assert weeks[0][0] == week_start(start) and weeks[-1][0] == week_start(end)
    assert all((b - a).days == 7 for (a, _), (b, _) in pairwise(weeks))
