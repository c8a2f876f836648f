"""A cache of what is computed from a campaign's results, dropped when they change.

Every cached value of a campaign lives in the campaign's namespace of core's versioned
cache; ``results_changed`` moves its version on (after a whole recomputation, on
publication), so that no stale figure is ever served, and drops the cached public pages,
which show them. Every cached value reads
published assessments only: rescoring one assessment, always of an open campaign,
leaves the cache alone.
"""

from collections.abc import Callable
from typing import TypeVar

from territoires.core.cache import DAY, version_bump, versioned_get, versioned_get_or_set
from territoires.core.pagecache import public_pages_changed

T = TypeVar("T")


def _namespace(campaign_id: int) -> str:
    return f"observatory:results:{campaign_id}"


def results_changed(campaign_id: int) -> None:
    """Drop every cached value computed from the campaign's results, and the public pages."""
    version_bump(_namespace(campaign_id))
    public_pages_changed()


def cached_results(
    campaign_id: int, name: str, compute: Callable[[], T], *, timeout: int | None = DAY
) -> T:
    """``compute()``, cached until the campaign's results change (or ``timeout`` seconds;
    None: until they change)."""
    return versioned_get_or_set(_namespace(campaign_id), name, compute, timeout=timeout)


def cached_result(campaign_id: int, name: str):
    """What ``cached_results`` stored under ``name`` since the results last changed; None if
    nothing was (the job that computes it has not run yet)."""
    return versioned_get(_namespace(campaign_id), name)
