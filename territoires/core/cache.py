"""A versioned cache: values that go stale together, dropped at once by moving a version on.

A *namespace* (``observatory:results:7``) groups the values computed from the same data.
Each value is stored under the namespace's current version; ``version_bump`` moves the
version on, so that every value of the namespace is computed again at its next read (the
stale ones expire on their own), without listing or deleting keys. Use a shared cache
(``REDIS_URL``) when the site runs in several processes.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")
DAY = 24 * 3600


def version_key(namespace: str) -> str:
    """The key of ``namespace``'s version (missing: version 0)."""
    return f"{namespace}:version"


def version_bump(namespace: str) -> None:
    """Drop every value cached in ``namespace``."""
    try:
        cache.incr(version_key(namespace))
    except ValueError:  # no version yet
        cache.set(version_key(namespace), 1, None)


def versioned_get_or_set(
    namespace: str, name: str, compute: Callable[[], T], *, timeout: int | None = DAY
) -> T:
    """``compute()``, cached under ``name`` until ``namespace``'s version moves on.

    The version is read before ``compute`` runs: a value computed while the data changes is
    stored under the version it started from, which the change has already left behind."""
    version = cache.get_or_set(version_key(namespace), 0, None)
    return cache.get_or_set(f"{namespace}:{version}:{name}", compute, timeout)


def versioned_get(namespace: str, name: str) -> Any:
    """The value cached under ``name`` at ``namespace``'s current version; None if there is
    none (never computed since the last change, or expired)."""
    version = cache.get(version_key(namespace), 0)
    return cache.get(f"{namespace}:{version}:{name}")
