"""The recomputation benchmark's check, at a tiny size: DuckDB, fed apart from the
application (plain SQL, the framework's definitions), agrees with every figure the
recomputation stored, and says so when one is wrong."""

import pytest
from django.db.models import F

from bench import campaign_recompute as benchmark
from territoires.observatory.demo import demo_campaign_generate
from territoires.observatory.models import AssessmentScore

pytestmark = pytest.mark.django_db


def _check(campaign) -> list[str]:
    rows = benchmark._independent_rows(campaign)
    _seconds, expected = benchmark._duckdb_compute(benchmark._duckdb_load(rows))
    return benchmark._compare(campaign, expected)


@pytest.fixture
def campaign(imported):
    return demo_campaign_generate(year=2026, count=None, seed=benchmark.SEED).campaign


def test_duckdb_agrees_with_every_stored_figure(campaign):
    scored = AssessmentScore.objects.filter(assessment__campaign=campaign)
    assert scored.exclude(index=None).count() >= 5  # something to agree on

    lines = _check(campaign)

    assert len(lines) == 5
    assert all(line.startswith("accord avec DuckDB") for line in lines), lines


def test_one_wrong_stored_index_is_a_disagreement(campaign):
    scored = AssessmentScore.objects.filter(assessment__campaign=campaign).exclude(index=None)
    total = AssessmentScore.objects.filter(assessment__campaign=campaign).count()
    scored.filter(pk=scored.order_by("pk").first().pk).update(index=F("index") + 1)

    lines = _check(campaign)

    assert lines[0] == (
        f"DÉSACCORD avec DuckDB, indice et niveau : {total - 1} évaluations sur {total}"
    )
    assert all(line.startswith("accord") for line in lines[1:]), lines
