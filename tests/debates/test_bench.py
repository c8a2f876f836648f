"""The debates' benchmark at a tiny size: it builds, measures and agrees."""

import pytest

from bench.debates import scenario

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_and_its_page_agrees_with_the_bare_query(settings):
    result = scenario(contributions=30, writes=3)

    assert result["agreement"] and result["count_shown"]
    assert {name: len(samples) for name, samples in result["timings"].items()} == {
        "page": 3,
        "bare": 3,
        "contribution": 3,
        "support": 3,
    }
