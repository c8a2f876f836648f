"""The cost of a search is bounded whatever is typed: a repeated or covered word, or a flood of
words, never adds a lookup (issue: « s s s … » made each public search endpoint 20 to 50 times
slower). Counted in lookups of the word index, not in time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoires.geo.selectors import MAX_SEARCH_WORDS, territory_search

pytestmark = pytest.mark.django_db

WORD_TABLE = '"geo_territoryword"'

ADVERSARIAL = [
    " ".join(["s"] * 50),
    " ".join(["sa", "s", "sai", "sain", "saint"] * 10),
    " ".join(f"mot{n}" for n in range(40)),
    "a" * 100,
    " ".join(["nevers", "n", "ne", "nev"] * 12),
]


def lookups(query: str) -> tuple[int, list[str]]:
    """The word-index lookups the search makes for ``query``, and what it finds."""
    with CaptureQueriesContext(connection) as captured:
        found = list(territory_search(query).values_list("code", flat=True)[:20])
    return sum(q["sql"].count(WORD_TABLE) for q in captured.captured_queries), found


def test_the_worst_query_costs_at_most_a_few_ordinary_ones(imported):
    ordinary, _ = lookups("saint eloi")

    for query in ADVERSARIAL:
        cost, _ = lookups(query)
        assert cost <= 3 * ordinary, query
        assert cost <= MAX_SEARCH_WORDS + 1, query


def test_dropping_repeated_and_covered_words_finds_the_same_territories(imported):
    # The same territories; their order follows the query as typed (an exact name first).
    assert set(lookups("s s s s saint")[1]) == set(lookups("saint")[1])
    assert set(lookups("nevers n ne nev")[1]) == set(lookups("nevers")[1])
    assert "58194" in lookups("nevers")[1]
    assert set(lookups("eloi saint saint")[1]) == set(lookups("saint eloi")[1])
