"""The rankings of the applications a jury scored: pure computation, no database.

A score sheet is one juror's weighted mean of their marks (0 to 5). Three rankings are
computed side by side, because a jury is not a measuring instrument:

- the **raw mean** of an application's sheets;
- their **median**, which one outlying juror cannot move much;
- the mean of its **normalised** sheets: each juror's totals become z-scores over the
  sheets of that juror (``(total - juror's mean) / juror's standard deviation``), so that a
  severe juror and a generous one weigh alike. A juror whose totals are all equal (or who
  sent a single sheet) tells nothing on that scale: their z-scores are 0.

Ranks are competition ranks (1, 2, 2, 4), best first. An application whose rank differs
between the methods is flagged for the staff who choose the finalists.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Totals closer than this are equal (floating-point sums of the same marks in another order).
TIE = 1e-9


@dataclass(frozen=True)
class Sheet:
    application_id: int
    juror_id: int
    total: float


@dataclass(frozen=True)
class Ranked:
    application_id: int
    sheets: int
    mean: float
    median: float
    zscore: float
    rank_mean: int
    rank_median: int
    rank_zscore: int

    @property
    def differs(self) -> bool:
        return len({self.rank_mean, self.rank_median, self.rank_zscore}) > 1


def sheet_total(marks: Mapping[int, int], weights: Mapping[int, int]) -> float:
    """The weighted mean of ``marks`` (criterion -> 0..5) by ``weights`` (criterion -> weight),
    over the criteria marked; 0 when none is."""
    weight = sum(weights[criterion] for criterion in marks)
    if not weight:
        return 0.0
    return sum(weights[criterion] * mark for criterion, mark in marks.items()) / weight


def competition_ranks(values: Mapping[int, float]) -> dict[int, int]:
    """Rank 1 for the highest value; equal values share the rank, the next ones skip."""
    ordered = sorted(values.items(), key=lambda item: -item[1])
    ranks: dict[int, int] = {}
    for position, (key, value) in enumerate(ordered):
        if position and abs(value - ordered[position - 1][1]) <= TIE:
            ranks[key] = ranks[ordered[position - 1][0]]
        else:
            ranks[key] = position + 1
    return ranks


def juror_zscores(sheets: Sequence[Sheet]) -> list[float]:
    """Each sheet's z-score over its juror's sheets (population standard deviation)."""
    by_juror: dict[int, list[float]] = defaultdict(list)
    for sheet in sheets:
        by_juror[sheet.juror_id].append(sheet.total)
    scale = {}
    for juror, totals in by_juror.items():
        mean = statistics.fmean(totals)
        deviation = statistics.pstdev(totals, mean) if len(totals) > 1 else 0.0
        scale[juror] = (mean, deviation)
    result = []
    for sheet in sheets:
        mean, deviation = scale[sheet.juror_id]
        result.append((sheet.total - mean) / deviation if deviation > TIE else 0.0)
    return result


def rankings(sheets: Iterable[Sheet]) -> list[Ranked]:
    """The applications scored in ``sheets``, ranked three ways, best raw mean first."""
    sheets = list(sheets)
    totals: dict[int, list[float]] = defaultdict(list)
    zscores: dict[int, list[float]] = defaultdict(list)
    for sheet, zscore in zip(sheets, juror_zscores(sheets), strict=True):
        totals[sheet.application_id].append(sheet.total)
        zscores[sheet.application_id].append(zscore)
    means = {key: statistics.fmean(values) for key, values in totals.items()}
    medians = {key: statistics.median(values) for key, values in totals.items()}
    normalised = {key: statistics.fmean(values) for key, values in zscores.items()}
    by_mean, by_median, by_zscore = (
        competition_ranks(means),
        competition_ranks(medians),
        competition_ranks(normalised),
    )
    ranked = [
        Ranked(
            application_id=key,
            sheets=len(totals[key]),
            mean=means[key],
            median=medians[key],
            zscore=normalised[key],
            rank_mean=by_mean[key],
            rank_median=by_median[key],
            rank_zscore=by_zscore[key],
        )
        for key in totals
    ]
    ranked.sort(key=lambda row: (row.rank_mean, row.rank_zscore, row.application_id))
    return ranked
