"""The pure matching: filters with their French reason, a score with its breakdown.

The small world below is worked by hand: a village of 500 inhabitants (EPCI 10, département
20, région 30 = Bourgogne-Franche-Comté « 27 ») needs a shared DPO (skill « dpo-mutualise »,
axes RGPD and GOUV).
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from territoires.exchange.matching import (
    NeedFacts,
    OfferFacts,
    Place,
    exclusion_reason,
    points,
    rank_needs,
    rank_offers,
    responsiveness,
    score,
)
from territoires.exchange.selectors import skill_axes
from territoires.exchange.taxonomy import get_taxonomy, region_neighbours

SKILL_AXES = skill_axes()
NEIGHBOURS = region_neighbours()
VILLAGE = Place(
    kind="commune", population=500, epci_id=10, departement_id=20, region_id=30, region_code="27"
)
NEED = NeedFacts(id=1, skill="dpo-mutualise", requester=VILLAGE)


def offer(id_, provider, **fields) -> OfferFacts:
    values = {
        "skill": "dpo-mutualise",
        "status": "publiee",
        "capacity": 2,
        "places_taken": 0,
        "national": False,
        "area_ids": frozenset({20}),
        "eligible_kinds": (),
        "population_ceiling": None,
        "responsiveness": None,
    }
    return OfferFacts(id=id_, provider=provider, **{**values, **fields})


# The EPCI itself, 50,000 inhabitants: 4 places, 1 taken; no history.
EPCI = Place(kind="epci", population=50_000, epci_id=10, departement_id=20, region_id=30,
             region_code="27")  # fmt: skip
# Another département of the same région, 5,000 inhabitants, for a related skill.
DEPARTEMENT = Place(kind="departement", population=5_000, departement_id=21, region_id=30,
                    region_code="27")  # fmt: skip
# A région next door (Auvergne-Rhône-Alpes), oddly of 50 inhabitants: no size complement.
NEIGHBOUR = Place(kind="region", population=50, region_id=40, region_code="84")
# An OPSN with no territory.
OPSN = Place(kind="opsn")
# Bretagne: no border with Bourgogne-Franche-Comté.
FAR = Place(kind="region", population=5_000, region_id=50, region_code="53")

OFFERS = [
    offer(1, EPCI, capacity=4, places_taken=1),
    offer(2, DEPARTEMENT, skill="cybersecurite", responsiveness=0.75),
    offer(3, NEIGHBOUR, capacity=1, national=True, area_ids=frozenset(), responsiveness=1.0),
    offer(4, OPSN, capacity=10, places_taken=5, national=True, responsiveness=0.5),
    offer(5, EPCI, places_taken=2),
    offer(6, EPCI, eligible_kinds=("epci",)),
    offer(7, EPCI, eligible_kinds=("commune",), population_ceiling=500),
    offer(8, DEPARTEMENT, area_ids=frozenset({21})),
    offer(9, EPCI, status="brouillon"),
]


def breakdown(match) -> list[tuple[str, float, str]]:
    return [(part.label, part.points, part.detail) for part in match.parts]


def test_offers_are_ranked_with_their_breakdown_worked_by_hand():
    ranking = rank_offers(NEED, OFFERS, skill_axes=SKILL_AXES, neighbours=NEIGHBOURS)

    # 1: 40 + 25 + 15 (100 times larger, capped) + 10 × 3/4 + 5 (no history) = 92.5
    # 3: 40 + 10 (neighbour) + 0 (smaller) + 10 × 1/1 + 10 × 1.0 = 70
    # 4: 40 + 5 (no territory) + 7.5 (unknown size) + 10 × 5/10 + 10 × 0.5 = 62.5
    # 2: 20 × 1/2 (GOUV shared of RGPD, GOUV) + 15 (same région) + 15 × log10(10) + 10
    #    + 10 × 0.75 = 57.5
    assert [(m.offer_id, m.total) for m in ranking.matches] == [
        (1, 92.5), (3, 70.0), (4, 62.5), (2, 57.5)
    ]  # fmt: skip
    first, third, fourth, second = ranking.matches
    assert breakdown(first) == [
        ("Adéquation de la compétence", 40, "même compétence"),
        ("Proximité", 25, "même intercommunalité"),
        ("Complémentarité de taille", 15, "offreur 100 fois plus peuplé"),
        ("Places disponibles", 7.5, "3 sur 4"),
        ("Réactivité observée", 5, "sans historique"),
    ]
    assert breakdown(second) == [
        ("Adéquation de la compétence", 10, "compétence voisine (1 axe en commun sur 2)"),
        ("Proximité", 15, "même région"),
        ("Complémentarité de taille", 15, "offreur 10 fois plus peuplé"),
        ("Places disponibles", 10, "2 sur 2"),
        ("Réactivité observée", 7.5, "75 %"),
    ]
    assert breakdown(third)[1:3] == [
        ("Proximité", 10, "région voisine"),
        ("Complémentarité de taille", 0, "offreur 0,1 fois plus peuplé"),
    ]
    assert breakdown(fourth)[1:3] == [
        ("Proximité", 5, "plus loin"),
        ("Complémentarité de taille", 7.5, "population inconnue"),
    ]
    # Outside the EPCI: labelled, not hidden.
    assert [m.outside_epci for m in ranking.matches] == [False, True, True, True]


def test_excluded_offers_each_have_their_reason():
    ranking = rank_offers(NEED, OFFERS, skill_axes=SKILL_AXES, neighbours=NEIGHBOURS)

    assert [(e.offer_id, e.reason) for e in ranking.excluded] == [
        (5, "capacité atteinte"),
        (6, "réservé aux EPCI à fiscalité propre"),
        (7, "réservé aux communes de moins de 500 habitants"),
        (8, "hors zone"),
        (9, "offre non publiée"),
    ]


def test_a_ceiling_without_kinds_and_several_kinds_are_worded():
    ceiling = offer(1, EPCI, population_ceiling=3500)
    big = VILLAGE._replace(population=12_000)
    assert (
        exclusion_reason(ceiling, big)
        == "réservé aux collectivités de moins de 3\u202f500 habitants"
    )
    assert exclusion_reason(ceiling, VILLAGE._replace(population=None)) == (
        "réservé aux collectivités de moins de 3\u202f500 habitants"
    )
    kinds = offer(1, EPCI, eligible_kinds=("region", "departement", "epci"))
    assert exclusion_reason(kinds, VILLAGE) == (
        "réservé aux régions, départements et EPCI à fiscalité propre"
    )


def test_a_region_without_border_is_further_than_a_neighbour():
    match = score(offer(1, FAR, national=True), NEED, skill_axes=SKILL_AXES, neighbours=NEIGHBOURS)
    assert (match.proximity, match.parts[1].points) == ("national", 5)


def test_an_area_given_by_region_covers_its_communes():
    assert exclusion_reason(offer(1, FAR, area_ids=frozenset({30})), VILLAGE) is None
    assert exclusion_reason(offer(1, FAR, area_ids=frozenset({31})), VILLAGE) == "hors zone"
    assert exclusion_reason(offer(1, FAR, area_ids=frozenset({30})), OPSN) == "hors zone"


def test_needs_for_an_offer_are_ranked_the_same_way():
    town = Place(kind="commune", population=5_000, epci_id=11, departement_id=20, region_id=30,
                 region_code="27")  # fmt: skip
    needs = [
        NeedFacts(id=7, skill="dpo-mutualise", requester=town),
        NeedFacts(id=8, skill="dpo-mutualise", requester=VILLAGE),
        NeedFacts(id=9, skill="dpo-mutualise", requester=FAR),
    ]
    ranking = rank_needs(
        offer(1, EPCI, capacity=4, places_taken=1), needs, skill_axes=SKILL_AXES,
        neighbours=NEIGHBOURS,
    )  # fmt: skip
    # 8 (the village, same EPCI): 92.5 as above. 7 (same département, 10 times smaller):
    # 40 + 20 + 15 + 7.5 + 5 = 87.5. 9: out of the area.
    assert [(m.need_id, m.total) for m in ranking.matches] == [(8, 92.5), (7, 87.5)]
    assert [(e.need_id, e.reason) for e in ranking.excluded] == [(9, "hors zone")]


def test_a_service_commun_serves_the_providers_intercommunality_only():
    common = offer(1, EPCI, members_only=True)
    reason = "réservé à l’intercommunalité de l’offreur et à ses communes membres"
    assert exclusion_reason(common, VILLAGE) is None
    assert exclusion_reason(common, VILLAGE._replace(epci_id=11)) == reason
    assert exclusion_reason(common, DEPARTEMENT) == reason
    assert exclusion_reason(offer(1, DEPARTEMENT, members_only=True), VILLAGE) == reason


def test_an_entente_unites_communes_and_epci_not_departements_or_regions():
    entente = offer(1, EPCI, entente=True, national=True)
    reason = "une entente réunit des communes, des EPCI ou des syndicats mixtes"
    assert exclusion_reason(entente, VILLAGE) is None
    assert exclusion_reason(entente, EPCI) is None
    assert exclusion_reason(entente, DEPARTEMENT) == reason
    assert exclusion_reason(entente, NEIGHBOUR) == reason


def test_responsiveness_is_the_mean_of_what_is_known():
    assert responsiveness(answered=0, unanswered=0, satisfaction=None) is None
    assert responsiveness(answered=3, unanswered=1, satisfaction=None) == 0.75
    assert responsiveness(answered=0, unanswered=0, satisfaction=5) == 1.0
    assert responsiveness(answered=1, unanswered=1, satisfaction=2) == (0.5 + 0.25) / 2


# ---------------------------------------------------------------- properties

SKILLS = [skill.code for skill in get_taxonomy().skills]
places = st.builds(
    Place,
    kind=st.sampled_from(["commune", "epci", "departement", "region", "opsn"]),
    population=st.none() | st.integers(0, 3_000_000),
    epci_id=st.none() | st.integers(1, 3),
    departement_id=st.none() | st.integers(1, 3),
    region_id=st.none() | st.integers(1, 3),
    region_code=st.sampled_from(["", "11", "27", "53", "84", "94"]),
)


@st.composite
def offers(draw, id_):
    capacity = draw(st.integers(1, 20))
    return OfferFacts(
        id=id_,
        skill=draw(st.sampled_from(SKILLS)),
        status=draw(st.sampled_from(["publiee", "publiee", "brouillon"])),
        capacity=capacity,
        places_taken=draw(st.integers(0, capacity)),
        national=draw(st.booleans()),
        area_ids=frozenset(draw(st.sets(st.integers(1, 3), max_size=3))),
        eligible_kinds=tuple(draw(st.sets(st.sampled_from(["commune", "epci"]), max_size=2))),
        population_ceiling=draw(st.none() | st.integers(1, 100_000)),
        provider=draw(places),
        responsiveness=draw(st.none() | st.floats(0, 1)),
        members_only=draw(st.booleans()),
        entente=draw(st.booleans()),
    )


@st.composite
def worlds(draw):
    count = draw(st.integers(0, 12))
    need = NeedFacts(id=1, skill=draw(st.sampled_from(SKILLS)), requester=draw(places))
    return need, [draw(offers(n)) for n in range(count)]


@given(worlds())
def test_every_offer_is_either_ranked_or_excluded_once_and_ranks_are_ordered(world):
    need, candidates = world
    ranking = rank_offers(need, candidates, skill_axes=SKILL_AXES, neighbours=NEIGHBOURS)
    ids = [m.offer_id for m in ranking.matches] + [e.offer_id for e in ranking.excluded]
    assert sorted(ids) == [o.id for o in candidates]
    totals = [m.total for m in ranking.matches]
    assert totals == sorted(totals, reverse=True)


@given(worlds(), st.integers(0, 3))
def test_only_the_first_matches_are_detailed_and_their_order_does_not_change(world, detailed):
    need, candidates = world
    full = rank_offers(need, candidates, skill_axes=SKILL_AXES, neighbours=NEIGHBOURS)
    short = rank_offers(
        need, candidates, skill_axes=SKILL_AXES, neighbours=NEIGHBOURS, detailed=detailed
    )
    assert [m.offer_id for m in short.matches] == [m.offer_id for m in full.matches]
    assert short.matches[:detailed] == full.matches[:detailed]
    assert all(m.parts == () for m in short.matches[detailed:])


@given(worlds())
def test_a_score_is_the_sum_of_its_parts_each_within_its_maximum(world):
    need, candidates = world
    for candidate in candidates:
        match = score(candidate, need, skill_axes=SKILL_AXES, neighbours=NEIGHBOURS)
        assert match.total == pytest.approx(sum(part.points for part in match.parts))
        assert all(0 <= part.points <= part.maximum for part in match.parts)
        assert sum(part.maximum for part in match.parts) == 100


@given(worlds(), st.integers(1, 5))
def test_freeing_places_never_lowers_a_score(world, freed):
    need, candidates = world
    for candidate in candidates:
        freer = candidate._replace(places_taken=max(candidate.places_taken - freed, 0))
        before = score(candidate, need, skill_axes=SKILL_AXES, neighbours=NEIGHBOURS).total
        after = score(freer, need, skill_axes=SKILL_AXES, neighbours=NEIGHBOURS).total
        assert after >= before


@given(worlds())
def test_an_offer_the_filters_let_through_has_room_and_covers_the_requester(world):
    need, candidates = world
    ranking = rank_offers(need, candidates, skill_axes=SKILL_AXES, neighbours=NEIGHBOURS)
    by_id = {o.id: o for o in candidates}
    for match in ranking.matches:
        chosen = by_id[match.offer_id]
        assert chosen.status == "publiee" and chosen.places_left > 0
        requester = need.requester
        assert chosen.national or {requester.departement_id, requester.region_id} & chosen.area_ids


@st.composite
def needs_worlds(draw):
    count = draw(st.integers(0, 12))
    needs = [
        NeedFacts(id=n, skill=draw(st.sampled_from(SKILLS)), requester=draw(places))
        for n in range(count)
    ]
    return draw(offers(1)), needs


def _as_the_rules_say(ranking, pairs):
    """Each match scored as ``points`` scores it, with the same proximity; each exclusion with
    the reason ``exclusion_reason`` gives, and every other pair ranked."""
    for match in ranking.matches:
        offer_, need = pairs[match.offer_id, match.need_id]
        found = points(offer_, need, SKILL_AXES, NEIGHBOURS)
        assert exclusion_reason(offer_, need.requester) is None
        assert (match.total, match.proximity) == (pytest.approx(found.total), found.proximity)
        assert match.outside_epci == (
            offer_.provider.epci_id is None or offer_.provider.epci_id != need.requester.epci_id
        )
    for exclusion in ranking.excluded:
        offer_, need = pairs[exclusion.offer_id, exclusion.need_id]
        assert exclusion.reason == exclusion_reason(offer_, need.requester) is not None
    assert len(ranking.matches) + len(ranking.excluded) == len(pairs)


@given(worlds())
def test_offers_are_ranked_as_the_rules_say_one_by_one(world):
    # The ranking computes thousands of pairs at once (numpy); the rules are written for one.
    need, candidates = world
    ranking = rank_offers(need, candidates, skill_axes=SKILL_AXES, neighbours=NEIGHBOURS)
    _as_the_rules_say(ranking, {(o.id, need.id): (o, need) for o in candidates})


@given(needs_worlds())
def test_needs_are_ranked_as_the_rules_say_one_by_one(world):
    offer_, needs = world
    ranking = rank_needs(offer_, needs, skill_axes=SKILL_AXES, neighbours=NEIGHBOURS)
    totals = [m.total for m in ranking.matches]
    assert totals == sorted(totals, reverse=True)
    _as_the_rules_say(ranking, {(offer_.id, n.id): (offer_, n) for n in needs})
