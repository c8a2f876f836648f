"""The matching benchmark at a tiny size, in the test's database: it writes its world, and
the ranking agrees with the bare filtering query on every draw."""

import io
from contextlib import redirect_stdout

import pytest

from bench import exchange_matching as bench
from territoires.exchange.selectors import needs_for_offer, offers_for_need

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_and_its_ranking_agrees_with_the_bare_query(imported):
    bench.populate(60)
    needs, offers = bench.samples()
    assert needs and offers
    output = io.StringIO()
    with redirect_stdout(output):
        bench.report("offres", needs, offers_for_need, bench.bare_offers,
                     lambda result: result.match_count)  # fmt: skip
        bench.report("besoins", offers, needs_for_offer, bench.bare_needs,
                     lambda result: result[1])  # fmt: skip
    assert output.getvalue().count("accord : le classement retient autant") == 2
    assert "DÉSACCORD" not in output.getvalue()
