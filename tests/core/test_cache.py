"""The versioned cache of core (on the test settings' cache; the observatory's test runs it on
Redis)."""

from django.core.cache import cache

from territoires.core.cache import version_bump, versioned_get, versioned_get_or_set


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute


def test_a_value_is_kept_until_its_namespace_moves_on():
    compute = _counter()

    assert versioned_get_or_set("test:a", "x", compute) == 1
    assert versioned_get_or_set("test:a", "x", compute) == 1
    version_bump("test:a")
    assert versioned_get_or_set("test:a", "x", compute) == 2
    assert versioned_get_or_set("test:a", "x", compute) == 2


def test_namespaces_and_names_are_apart():
    compute = _counter()

    assert versioned_get_or_set("test:a", "x", compute) == 1
    assert versioned_get_or_set("test:a", "y", compute) == 2
    assert versioned_get_or_set("test:b", "x", compute) == 3
    version_bump("test:b")
    assert versioned_get_or_set("test:a", "x", compute) == 1
    assert versioned_get_or_set("test:b", "x", compute) == 4


def test_a_bump_before_anything_was_cached():
    version_bump("test:c")

    assert versioned_get_or_set("test:c", "x", lambda: "valeur") == "valeur"


def test_a_value_expires_after_its_timeout(time_machine):
    compute = _counter()
    time_machine.move_to("2026-12-01 08:00", tick=False)
    assert versioned_get_or_set("test:d", "x", compute, timeout=60) == 1

    time_machine.move_to("2026-12-01 08:00:59", tick=False)
    assert versioned_get_or_set("test:d", "x", compute, timeout=60) == 1
    time_machine.move_to("2026-12-01 08:01:01", tick=False)
    assert versioned_get_or_set("test:d", "x", compute, timeout=60) == 2
    assert cache.get("test:d:version") == 0


def test_a_value_is_read_without_computing_it():
    assert versioned_get("test:e", "x") is None
    versioned_get_or_set("test:e", "x", lambda: "valeur")
    assert versioned_get("test:e", "x") == "valeur"
    version_bump("test:e")
    assert versioned_get("test:e", "x") is None
