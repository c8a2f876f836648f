"""Counts the bourse publishes over groups, under statistical secrecy (pure).

A count of 1 to ``k`` − 1 is never given: it could point at one collectivité. Nor may a
withheld count be found by subtraction: within a partition (the skills, the régions …) whose
total is given, the withheld counts together amount to 0 or at least ``k``; when they do not,
the smallest given counts are withheld too (secondary secrecy, as ADR 0009 asks of the
observatory's figures).
"""

from collections.abc import Mapping

MIN_GROUP = 5


def partition_publishable(counts: Mapping[str, int], k: int = MIN_GROUP) -> dict[str, int | None]:
    """Each group's count, or None where it is withheld; the groups of ``counts`` partition
    a whole whose total is published (when it is at least ``k``)."""
    shown = {key: count if count == 0 or count >= k else None for key, count in counts.items()}
    hidden = sum(counts[key] for key, value in shown.items() if value is None)
    for key in sorted((key for key, value in shown.items() if value), key=lambda key: counts[key]):
        if hidden == 0 or hidden >= k:
            break
        shown[key] = None
        hidden += counts[key]
    return shown


def total_publishable(total: int, k: int = MIN_GROUP) -> int | None:
    return total if total == 0 or total >= k else None
