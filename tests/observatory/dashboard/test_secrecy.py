"""The differencing attack (ADR 0009): every group a visitor can ask for, two by two.

On the ``dash`` campaign, Nevers and villages 2 and 3 chose « agrégats anonymes
seulement ». A visitor may ask, on any public dashboard, for every comparison
group offered (stratum, département, région, EPCI nature, every population
band), question by question, and read the roll-ups and the aggregates by
stratum, département, région and over the country (the national view, the API
and the open data files all read ``campaign_statistics``). The attacker knows
who belongs to each group (the référentiel is public): subtracting the figures
of two groups, one inside the other, must never isolate a private member.
"""

import itertools

import pytest

from territoires.geo.models import Territory
from territoires.observatory import secrecy
from territoires.observatory.dashboard import selectors
from territoires.observatory.enums import Publication
from territoires.observatory.models import Assessment
from territoires.observatory.public.selectors import GroupBy, campaign_statistics, with_areas
from tests.observatory.dashboard.conftest import set_scores

pytestmark = pytest.mark.django_db

K = 5


def _published_figures(dash):
    """Every published group, by key: (members, statistics, {indicator: (answered, counts)})."""
    campaign = dash["campaign"]
    figures = {}
    territories = Territory.objects.filter(assessments__campaign=campaign).distinct()
    for territory in territories:
        for value, _ in selectors.peer_group_choices(territory):
            kind = selectors.PeerGroupKind(value)
            bands = range(len(secrecy.POPULATION_BANDS)) if kind == "population" else [None]
            for band in bands:
                group = selectors.peer_group(territory, kind, band=band)
                members = set(selectors._published(campaign, group).values_list("pk", flat=True))
                statistics = selectors.group_statistics(campaign, group)
                shares = {}
                if statistics.shown:
                    for item in selectors.indicator_shares(campaign, group):
                        counts = [round(s.percent * item.answered / 100) for s in item.shares]
                        if item.shares:
                            shares[item.indicator.code] = (item.answered, counts)
                    figures[group.key] = (members, statistics, shares)
    for territory in (dash["epci"], dash["departement"], dash["region"]):
        for (_, members, _), result in zip(
            selectors.member_territories(territory),
            selectors.rollup(campaign, territory),
            strict=True,
        ):
            pks = set(
                Assessment.objects.published()
                .filter(campaign=campaign, territory__in=members)
                .values_list("pk", flat=True)
            )
            if result.shown:
                figures[f"rollup-{territory.pk}-{result.kind_label}"] = (pks, result, {})
    statistics = campaign_statistics(campaign)
    rows = list(
        with_areas(Assessment.objects.published().filter(campaign=campaign)).values_list(
            "pk", "departement_code", "region_code", "territory__stratum"
        )
    )
    field = {GroupBy.DEPARTEMENT: 1, GroupBy.REGION: 2, GroupBy.STRATUM: 3}
    for group_by, aggregates in statistics.groups.items():
        for aggregate in aggregates:
            pks = {row[0] for row in rows if row[field[group_by]] == aggregate.code}
            figures[f"aggregate-{group_by}-{aggregate.code}"] = (pks, aggregate, {})
    if statistics.national[0][1] is not None:
        figures["national"] = ({row[0] for row in rows}, statistics.national, {})
    return figures


def test_no_two_published_groups_isolate_a_private_collectivite(client, dash):
    set_scores(dash)
    private = set(
        Assessment.objects.published()
        .filter(campaign=dash["campaign"], publication=Publication.AGGREGATES)
        .values_list("pk", flat=True)
    )
    assert len(private) == 3  # Nevers, villages 2 and 3
    figures = _published_figures(dash)
    # The attack has material: groups that hold a private collectivité are published.
    assert sum(1 for members, _, _ in figures.values() if members & private) >= 5
    assert any(shares for members, _, shares in figures.values() if members & private)

    for members, _, shares in figures.values():
        # Alone, a group never gives away a member's answer: no share of 0 % or 100 %.
        assert len(members) >= K
        for answered, counts in shares.values():
            assert all(K <= count <= answered - K for count in counts)
    for (name, (big, _, big_shares)), (other, (small, _, small_shares)) in itertools.permutations(
        figures.items(), 2
    ):
        if not small <= big:
            continue
        difference = big - small
        # Two groups one inside the other differ by nobody or by at least K members.
        assert not difference or len(difference) >= K, (name, other, difference)
        for code in big_shares.keys() & small_shares.keys():
            (big_answered, big_counts), (small_answered, small_counts) = (
                big_shares[code],
                small_shares[code],
            )
            answered = big_answered - small_answered
            for big_count, small_count in zip(big_counts, small_counts, strict=True):
                part = big_count - small_count
                # The members in the difference did not all answer the same.
                assert not answered or K <= part <= answered - K, (name, other, code)


def test_free_population_bounds_are_not_a_group(client, dash):
    village = dash["villages"][0]
    for query in (
        "population_min=100&population_max=104",
        "population_min=100&population_max=103",
    ):
        response = client.get(
            f"/observatoire/collectivites/communes/{village.code}/questions/"
            f"?campagne=2026&groupe=population&{query}"
        )
        text = response.content.decode()
        assert "Choisissez une tranche de population." in text or "strate" in text
        assert "habitants et d’au plus" not in text
