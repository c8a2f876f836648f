"""What anonymous visitors can make the shared cache hold is bounded (issue 11, ADR 0009).

Two waves of anonymous requests, each hundreds of addresses with made-up parameters (free
population bounds, unknown groups and bands, years, axes, codes, extra parameters), over
every public page and API route that computes a figure: the results cache only ever holds
figures of the campaign's fixed groups, metrics and roll-up territories, and the second
wave adds none; the public pages stored stay within their budget.
"""

import itertools

import pytest
from django.core.cache import cache

from territoires.observatory import matrices
from territoires.observatory.framework import get_framework
from territoires.observatory.public.opendata import DATASETS
from territoires.observatory.public.selectors import campaign_groups
from territoires.observatory.secrecy import POPULATION_BANDS
from tests.observatory.dashboard.test_dashboard import url

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 40


@pytest.fixture
def roomy_cache(settings):
    """A cache that never culls (LocMem's default drops entries beyond 300), so that every
    key written stays to be counted; a small budget of public pages."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cache-bounds",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }
    settings.PUBLIC_PAGE_CACHE_MAX_PAGES = PAGE_BUDGET
    cache.clear()
    yield
    cache.clear()


def _keys() -> set[str]:
    return {key.split(":", 2)[2] for key in cache._cache}  # ":1:name" in LocMem


def _addresses(dash, wave: int) -> list[str]:
    """Hundreds of anonymous addresses, each wave with values of its own."""
    territories = [
        *dash["villages"],
        dash["nevers"],
        dash["epci"],
        dash["departement"],
    ]
    hostile = [
        f"groupe=population&population_min={wave * 7 + n}&population_max={wave * 7 + n + 1}"
        for n in range(6)
    ] + [
        f"groupe=population&tranche={band}"
        for band in ("-1", "5", "99", "abc", "1.5", "%00", "0" * 40, str(10**30 + wave))
    ]
    hostile += [f"groupe={kind}-{wave}" for kind in ("strate", "region", "'", "<b>")]
    hostile += [f"campagne={year}" for year in (wave, 2025, 1999 + wave, -2026, "２０２６")]
    hostile += [f"x{wave}-{n}={n}" for n in range(5)]
    groups = [f"groupe={value}" for value in ("strate", "departement", "region", "nature")]
    groups += [f"groupe=population&tranche={band}" for band in range(5)]
    addresses = []
    for territory, query, suffix in itertools.product(
        territories, groups + hostile, ("", "questions/")
    ):
        addresses.append(url(territory, suffix, f"campagne=2026&{query}"))
    axes = ["index", *(axis.code for axis in get_framework(2026).axes)]
    for axis in [*axes, f"NOPE{wave}", "", "index" * 50]:
        addresses.append(f"/observatoire/france/?axe={axis}&z={wave}")
    for group_by in ("departement", "region", "stratum", f"canton{wave}", ""):
        for campaign in ("2026", str(wave), "abc"):
            addresses.append(
                f"/api/v1/observatory/aggregates?group_by={group_by}&campaign={campaign}"
            )
    for slug in DATASETS:
        addresses.append(f"/observatoire/donnees-ouvertes/2026/{slug}.csv?v={wave}")
    for code in (territories[0].code, f"9{wave:04d}", "x" * 30):
        addresses.append(f"/observatoire/vignette/commune/{code}/?w={wave}")
        addresses.append(f"/observatoire/vignette/commune/{code}/badge.svg?w={wave}")
    addresses += [f"/observatoire/?page={n}&w={wave}" for n in range(20)]
    return addresses


def _expected_results(dash) -> set[str]:
    """Every name the campaign's results cache may hold: a fixed set, from the groups, the
    metrics, the open data files and the territories with a roll-up, whatever is asked."""
    campaign = dash["campaign"]
    groups = [
        *campaign_groups(campaign).keys,  # the groups with a published assessment
        *(
            f"population-{kind}-{band}"
            for kind in ("commune", "epci", "departement", "region")
            for band in range(len(POPULATION_BANDS))
        ),
    ]
    metrics = [code for code, _ in matrices.metrics(get_framework(campaign.edition))]
    territories = [dash["epci"], dash["departement"], dash["region"]]
    return {
        "statistics",
        "secrecy:groups",
        "national:participation",
        "dashboard:shares-secrecy",
        *(f"national:{metric}" for metric in metrics),
        *(f"opendata:rows:{slug}" for slug in DATASETS),
        *(f"dashboard:{what}:{key}" for what in ("size", "group", "shares") for key in groups),
        *(f"dashboard:rollup:{territory.pk}" for territory in territories),
    }


def _results(keys: set[str], campaign) -> set[str]:
    prefix = f"observatory:results:{campaign.pk}:"
    return {
        key.removeprefix(prefix).split(":", 1)[1]
        for key in keys
        if key.startswith(prefix) and key != f"{prefix}version"
    }


def test_anonymous_requests_create_a_bounded_set_of_cache_entries(client, dash, roomy_cache):
    campaign = dash["campaign"]
    first = _addresses(dash, 1)
    assert len(first) > 3 * PAGE_BUDGET
    for address in first:
        assert client.get(address).status_code < 500, address
    after_first = _keys()

    for address in _addresses(dash, 2):
        assert client.get(address).status_code < 500, address
    after_second = _keys()

    # The figures cached are those of the fixed groups: the first wave reached them all
    # (every comparison of every dashboard), the second, all new addresses, adds none.
    expected = _expected_results(dash)
    assert _results(after_second, campaign) <= expected
    assert _results(after_second, campaign) == _results(after_first, campaign)
    assert {
        "dashboard:size:strate-commune-0-499",
        "dashboard:shares:population-commune-0",
        f"dashboard:rollup:{dash['epci'].pk}",
    } <= _results(after_first, campaign)
    # Public pages: within their budget, whatever the number of addresses.
    pages = [
        key
        for key in after_second
        if key.startswith("core:public-pages:") and len(key.rsplit(":", 1)[1]) == 64
    ]
    assert 0 < len(pages) <= PAGE_BUDGET
    # Nothing else grows with the addresses asked (rate limits count by client, not by
    # address; the versions and counters are a handful).
    others = after_second - {
        key
        for key in after_second
        if key.startswith(("observatory:results:", "core:public-pages:"))
    }
    assert len(others) < 10, others
