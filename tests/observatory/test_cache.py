"""The results cache, on the real Redis server of the machine (as in production with REDIS_URL)."""

import uuid

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from territoires.observatory.cache import cached_results, results_changed

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_cache():
    """The cache on Redis, under keys of this test alone: parallel workers (and other runs on
    the machine) share the server, so the test neither sees nor flushes their keys."""
    prefix = f"tests-{uuid.uuid4().hex}"
    cache_settings = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    with override_settings(CACHES={"default": cache_settings}):
        yield caches["default"]
    server = redis.Redis.from_url(REDIS_URL)
    keys = list(server.scan_iter(match=f"{prefix}:*"))
    if keys:
        server.delete(*keys)
    server.close()


def test_a_cached_value_is_kept_until_the_results_change(redis_cache):
    calls = []

    def compute():
        calls.append(1)
        return {"median": 42.0 + len(calls)}

    assert cached_results(7, "national:index", compute) == {"median": 43.0}
    assert cached_results(7, "national:index", compute) == {"median": 43.0}
    results_changed(7)
    assert cached_results(7, "national:index", compute) == {"median": 44.0}
    # Another campaign's results are not touched.
    results_changed(8)
    assert cached_results(7, "national:index", compute) == {"median": 44.0}
    assert len(calls) == 2


def test_results_changed_before_anything_was_cached(redis_cache):
    results_changed(9)
    assert cached_results(9, "x", lambda: "valeur") == "valeur"
