"""The benchmark of the search of communs, at a tiny size: its catalogue is written, its
queries find what they should, the gap block answers."""

import random

import pytest

from bench import commons_search
from territoires.commons.models import Commun, CommunWord, Usage

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_at_a_tiny_size():
    rng = random.Random(commons_search.SEED)
    data = commons_search.populate(0.002, rng)
    # Sizes × 0.002, at least 20 each: 20 communs, 100 usages.
    assert (Commun.objects.count(), Usage.objects.count()) == (20, 100)
    assert CommunWord.objects.filter(word__startswith="type:").count() == 20
    queries = commons_search.generate_queries(data, rng)
    assert len(queries) >= 200
    results = [commons_search.search_page(arguments) for _category, arguments in queries]
    # A word of a name is always found (every name's words are indexed).
    names = [result for (category, _), result in zip(queries, results, strict=True)
             if category == commons_search.CATEGORIES[0]]  # fmt: skip
    assert all(total >= 1 for total, *_ in names)
    assert all(isinstance(commons_search.gap_block(item), list) for item in data["assessed"][:5])
