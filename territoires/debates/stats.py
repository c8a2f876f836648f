"""The statistics of a debate over time (pure: dates in, counts out)."""

import datetime
from collections import Counter
from collections.abc import Iterable


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


def weekly_counts(
    days: Iterable[datetime.date], *, start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, int]]:
    """How many of ``days`` fall in each week from ``start``'s to ``end``'s, every week
    listed (0 for an empty one); a day outside the period counts in its first or last week."""
    first, last = week_start(start), week_start(max(start, end))
    counts = Counter(min(max(week_start(day), first), last) for day in days)
    weeks, week = [], first
    while week <= last:
        weeks.append((week, counts.get(week, 0)))
        week += datetime.timedelta(days=7)
    return weeks
