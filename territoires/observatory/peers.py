"""Peer statistics: how a score compares with the same stratum's. Pure and vectorised.

Peers are the assessments of the same stratum (``Territory.stratum``: kind of
collectivité × population class). For every score column (the index, each
axis), the statistics of a stratum are computed over its *published*
assessments that have a published score in that column, and are given only
when there are at least ``min_group`` of them (the setting
``OBSERVATORY_PEER_MIN_GROUP``); below, every statistic is NaN, so that no
small group can be singled out.

- median and quartiles: linear interpolation between order statistics (the
  default of ``numpy.percentile``);
- percentile rank of a score: the share of the peers' scores below it, plus
  half of those equal to it, in %. It is given for every assessment that has
  a score, published or not: an unpublished assessment is compared with the
  published ones, without counting itself.
"""

import dataclasses

import numpy as np


@dataclasses.dataclass(frozen=True)
class PeerStatistics:
    """Arrays of shape (A, S): the statistics of each assessment's peer group, per score."""

    group_size: np.ndarray  # int: published peers with a score in the column
    median: np.ndarray
    first_quartile: np.ndarray
    third_quartile: np.ndarray
    percentile_rank: np.ndarray


def score_matrix(rows, axis_codes: list[str]) -> np.ndarray:
    """(A, 1 + X) scores from rows ``(index, axis_scores)`` as stored: the index, then each
    axis of ``axis_codes``; NaN where not published (None, or no score at all)."""
    return np.array(
        [[index, *((axes or {}).get(code) for code in axis_codes)] for index, axes in rows],
        dtype=float,
    ).reshape(len(rows), 1 + len(axis_codes))


def peer_statistics(
    scores: np.ndarray, strata, published, *, min_group: int, ranks: bool = True
) -> PeerStatistics:
    """Peer statistics of ``scores`` (A, S), with ``strata`` (A,) and ``published`` (A,) bool.

    ``scores`` holds NaN where a score is not published (see
    ``Scores.index`` and ``Scores.axis_scores``). With ``ranks`` false, the
    percentile ranks, half of the work, are left NaN: for callers that want
    the statistics of the groups only.
    """
    scores = np.asarray(scores, dtype=float)
    if scores.ndim == 1:
        scores = scores[:, None]
    _, group = np.unique(np.asarray(strata), return_inverse=True)
    group = group.reshape(-1)
    published = np.asarray(published, dtype=bool)
    columns = [
        _column(scores[:, s], group, published, min_group, ranks) for s in range(scores.shape[1])
    ]
    return PeerStatistics(*(np.stack(parts, axis=1) for parts in zip(*columns, strict=True)))


def _column(
    values: np.ndarray, group: np.ndarray, published: np.ndarray, min_group: int, ranks: bool
):
    """The five statistics of one score column, per assessment."""
    counted = published & ~np.isnan(values)
    group_count = int(group.max()) + 1 if group.size else 0
    sizes = np.bincount(group[counted], minlength=group_count)
    # Published scores sorted by group then value: each group is a contiguous slice.
    order = np.lexsort((values[counted], group[counted]))
    # A trailing NaN keeps the lookups of empty groups in bounds.
    sorted_values = np.append(values[counted][order], np.nan)
    sorted_groups = group[counted][order]
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))

    def quantile(q: float) -> np.ndarray:
        """The q-quantile of each group (NaN for an empty group)."""
        position = q * np.maximum(sizes - 1, 0)
        low = np.floor(position).astype(int)
        high = np.minimum(low + 1, np.maximum(sizes - 1, 0))
        fraction = position - low
        safe = sizes > 0
        lower = np.where(safe, sorted_values[np.where(safe, starts + low, 0)], np.nan)
        upper = np.where(safe, sorted_values[np.where(safe, starts + high, 0)], np.nan)
        return lower + (upper - lower) * fraction

    shown = sizes >= min_group
    per_group = [np.where(shown, quantile(q), np.nan) for q in (0.5, 0.25, 0.75)]
    statistics = (sizes[group], *(values_of_group[group] for values_of_group in per_group))
    if not ranks:
        return (*statistics, np.full(values.shape, np.nan))

    # Percentile rank: search each score among its group's sorted published scores.
    # Scores become exact integer ranks, and the groups are laid out one after
    # another on an integer line, each past the end of the previous one.
    has_score = ~np.isnan(values)
    distinct = np.unique(values[has_score])
    rank_of = np.searchsorted(distinct, np.nan_to_num(values))
    span = len(distinct) + 1
    line = sorted_groups * span + rank_of[counted][order]
    position = group * span + rank_of
    below = np.searchsorted(line, position, side="left") - starts[group]
    not_above = np.searchsorted(line, position, side="right") - starts[group]
    # An assessment counted among its peers does not compare with itself.
    itself = counted.astype(int)
    peers = sizes[group] - itself
    with np.errstate(invalid="ignore", divide="ignore"):
        rank = 100 * (below + 0.5 * (not_above - below - itself)) / peers
    rank = np.where(has_score & shown[group] & (peers > 0), rank, np.nan)
    return (*statistics, rank)
