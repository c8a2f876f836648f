"""A cache of what is computed from a campaign's results, dropped when they change.

Every cached value of a campaign is keyed by the campaign's results version;
``results_changed`` moves the version on (after a whole recomputation, on
publication), so that no stale figure is ever served. Every cached value reads
published assessments only: rescoring one assessment, always of an open
campaign, leaves the cache alone. Use a shared cache
(``REDIS_URL``) when the site runs in several processes.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
TIMEOUT = 24 * 3600


def _version_key(campaign_id: int) -> str:
    return f"observatory:results-version:{campaign_id}"


def results_changed(campaign_id: int) -> None:
    """Drop every cached value computed from the campaign's results."""
    try:
        cache.incr(_version_key(campaign_id))
    except ValueError:  # no version yet
        cache.set(_version_key(campaign_id), 1, None)


def cached_results(campaign_id: int, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, cached until the campaign's results change."""
    version = cache.get_or_set(_version_key(campaign_id), 0, None)
    return cache.get_or_set(f"observatory:{campaign_id}:{version}:{name}", compute, TIMEOUT)
