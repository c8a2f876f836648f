"""Matching needs and offers: which offers can serve a requester, why the others cannot, and
a score whose every part is shown to the user.

Pure: plain data in, plain data out, no ORM (``selectors`` reads the facts from the
database). For a need, each candidate offer (a skill sharing an axis of the observatory with
the need's) is either *excluded*, with the reason in French (not published, no place left,
the requester not eligible, outside the provider's intercommunality under a service commun or
a mise à disposition de services, a département or a région under an entente, out of the
offer's area), or *ranked* by a score out of 100:

===========================  ======  =====================================================
part                          points  rule
===========================  ======  =====================================================
adéquation de la compétence      40   the same skill: 40; another skill sharing axes:
                                      20 × (shared axes / axes of the need's skill)
proximité                        25   same EPCI 25, same département 20, same région 15,
                                      neighbouring région 10, further 5
complémentarité de taille        15   15 × log10(provider's population / requester's),
                                      between 0 and 15; 7.5 when a population is unknown
places disponibles               10   10 × places left / capacity
réactivité observée              10   10 × responsiveness (0 to 1); 5 without history
===========================  ======  =====================================================

An offer whose provider is outside the requester's EPCI is labelled so, never hidden.
"""

import math
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np

from territoires.core.formats import number
from territoires.geo.enums import KIND_PLURALS, TerritoryKind

SKILL_POINTS = 40
RELATED_SKILL_POINTS = 20
PROXIMITY_POINTS = {
    "epci": 25,
    "departement": 20,
    "region": 15,
    "voisine": 10,
    "national": 5,
}
PROXIMITY_LABELS = {
    "epci": "même intercommunalité",
    "departement": "même département",
    "region": "même région",
    "voisine": "région voisine",
    "national": "plus loin",
}
SIZE_POINTS = 15
CAPACITY_POINTS = 10
RESPONSIVENESS_POINTS = 10
PUBLISHED = "publiee"


class Place(NamedTuple):
    """Where an organisation sits and what it is: its territory's own id and the ids of the
    EPCI, département and région it belongs to (a territory's own id at its own level), the
    région's INSEE code, its kind (a TerritoryKind, or an organisation kind without a
    territory) and its population."""

    kind: str
    population: int | None = None
    epci_id: int | None = None
    departement_id: int | None = None
    region_id: int | None = None
    region_code: str = ""


class OfferFacts(NamedTuple):
    id: int
    skill: str
    status: str
    capacity: int
    places_taken: int
    national: bool
    area_ids: frozenset[int]
    eligible_kinds: tuple[str, ...]
    population_ceiling: int | None
    provider: Place
    responsiveness: float | None  # 0 to 1, None without history
    provider_id: int = 0
    # Under a framework that holds within an intercommunalité only (service commun, mise à
    # disposition de services): it serves the provider's EPCI and its communes.
    members_only: bool = False
    # Under an entente (CGCT L5221-1): between communes, EPCI and syndicats mixtes.
    entente: bool = False

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)


class NeedFacts(NamedTuple):
    id: int
    skill: str
    requester: Place
    organisation_id: int = 0


class Part(NamedTuple):
    """One line of a score's breakdown."""

    label: str
    points: float
    maximum: int
    detail: str


class Match(NamedTuple):
    offer_id: int
    need_id: int
    total: float
    parts: tuple[Part, ...]
    proximity: str  # a key of PROXIMITY_POINTS
    outside_epci: bool


class Exclusion(NamedTuple):
    offer_id: int
    need_id: int
    reason: str


class Ranking(NamedTuple):
    matches: list[Match]
    excluded: list[Exclusion]


def responsiveness(*, answered: int, unanswered: int, satisfaction: float | None) -> float | None:
    """A provider's observed responsiveness, 0 to 1: the mean of its answer rate (requests
    answered among those answered or left without answer) and of its mean satisfaction
    (1 to 5, as 0 to 1), over what is known; None when nothing is."""
    known = []
    if answered + unanswered:
        known.append(answered / (answered + unanswered))
    if satisfaction is not None:
        known.append((satisfaction - 1) / 4)
    return sum(known) / len(known) if known else None


def _kinds_text(kinds: Iterable[str]) -> str:
    names = [KIND_PLURALS.get(kind, kind) for kind in kinds]
    return " et ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


def exclusion_reason(offer: OfferFacts, requester: Place) -> str | None:
    """Why ``offer`` cannot serve ``requester``, in French; None when it can."""
    if offer.status != PUBLISHED:
        return "offre non publiée"
    if offer.places_left == 0:
        return "capacité atteinte"
    if offer.eligible_kinds and requester.kind not in offer.eligible_kinds:
        return f"réservé aux {_kinds_text(offer.eligible_kinds)}"
    if offer.population_ceiling is not None and (
        requester.population is None or requester.population >= offer.population_ceiling
    ):
        who = _kinds_text(offer.eligible_kinds) if offer.eligible_kinds else "collectivités"
        return f"réservé aux {who} de moins de {number(offer.population_ceiling)} habitants"
    if offer.members_only and not _same_epci(offer.provider, requester):
        return MEMBERS_ONLY_REASON
    if offer.entente and requester.kind in OUTSIDE_ENTENTE:
        return ENTENTE_REASON
    if (
        not offer.national
        and not ({requester.departement_id, requester.region_id} - {None}) & offer.area_ids
    ):
        return "hors zone"
    return None


MEMBERS_ONLY_REASON = "réservé à l’intercommunalité de l’offreur et à ses communes membres"
# The collectivités an entente does not unite.
OUTSIDE_ENTENTE = (TerritoryKind.DEPARTEMENT.value, TerritoryKind.REGION.value)
ENTENTE_REASON = "une entente réunit des communes, des EPCI ou des syndicats mixtes"


def _same_epci(provider: Place, requester: Place) -> bool:
    return provider.epci_id is not None and provider.epci_id == requester.epci_id


def proximity(provider: Place, requester: Place, neighbours: Mapping[str, frozenset[str]]) -> str:
    """How close the provider is to the requester in the territorial hierarchy."""
    for level in ("epci", "departement", "region"):
        own = getattr(provider, f"{level}_id")
        if own is not None and own == getattr(requester, f"{level}_id"):
            return level
    if provider.region_code and provider.region_code in neighbours.get(requester.region_code, ()):
        return "voisine"
    return "national"


class Points(NamedTuple):
    """The numbers behind a score, before they are worded (``score`` words them)."""

    skill: float
    shared_axes: int  # with the need's skill; 0 for the same skill
    need_axes: int
    proximity: str
    size: float
    ratio: float | None  # provider's population / requester's
    places: float
    answer: float

    @property
    def total(self) -> float:
        return self.skill + PROXIMITY_POINTS[self.proximity] + self.size + self.places + self.answer


def _skill(need_skill: str, offer_skill: str, skill_axes) -> tuple[float, int]:
    """The skill part of a score, and the axes the skills share (0 for the same skill)."""
    if offer_skill == need_skill:
        return SKILL_POINTS, 0
    need_axes = skill_axes[need_skill]
    shared = len(set(need_axes).intersection(skill_axes[offer_skill]))
    return RELATED_SKILL_POINTS * shared / len(need_axes), shared


def points(
    offer: OfferFacts,
    need: NeedFacts,
    skill_axes: Mapping[str, tuple[str, ...]],
    neighbours: Mapping[str, frozenset[str]],
) -> Points:
    requester, provider = need.requester, offer.provider
    skill, shared = _skill(need.skill, offer.skill, skill_axes)
    if provider.population and requester.population:
        ratio = provider.population / requester.population
        size = SIZE_POINTS * min(max(math.log10(ratio), 0.0), 1.0)
    else:
        ratio, size = None, SIZE_POINTS / 2
    answer = (
        RESPONSIVENESS_POINTS / 2
        if offer.responsiveness is None
        else RESPONSIVENESS_POINTS * offer.responsiveness
    )
    return Points(
        skill=skill,
        shared_axes=shared,
        need_axes=len(skill_axes[need.skill]),
        proximity=proximity(provider, requester, neighbours),
        size=size,
        ratio=ratio,
        places=CAPACITY_POINTS * offer.places_left / offer.capacity,
        answer=answer,
    )


def breakdown(offer: OfferFacts, found: Points) -> tuple[Part, ...]:
    """The parts of a score, each with its French label and detail."""
    if found.shared_axes == 0:
        skill = Part("Adéquation de la compétence", found.skill, SKILL_POINTS, "même compétence")
    else:
        plural = "s" if found.shared_axes > 1 else ""
        skill = Part(
            "Adéquation de la compétence",
            found.skill,
            SKILL_POINTS,
            f"compétence voisine ({found.shared_axes} axe{plural} en commun sur {found.need_axes})",
        )
    size_detail = (
        "population inconnue"
        if found.ratio is None
        else f"offreur {number(round(found.ratio, 1))} fois plus peuplé"
    )
    answer_detail = (
        "sans historique"
        if offer.responsiveness is None
        else f"{round(offer.responsiveness * 100)} %"
    )
    return (
        skill,
        Part(
            "Proximité",
            PROXIMITY_POINTS[found.proximity],
            PROXIMITY_POINTS["epci"],
            PROXIMITY_LABELS[found.proximity],
        ),
        Part("Complémentarité de taille", found.size, SIZE_POINTS, size_detail),
        Part(
            "Places disponibles",
            found.places,
            CAPACITY_POINTS,
            f"{offer.places_left} sur {offer.capacity}",
        ),
        Part("Réactivité observée", found.answer, RESPONSIVENESS_POINTS, answer_detail),
    )


def score(
    offer: OfferFacts,
    need: NeedFacts,
    *,
    skill_axes: Mapping[str, tuple[str, ...]],
    neighbours: Mapping[str, frozenset[str]],
) -> Match:
    """The score of ``offer`` for ``need``, with its breakdown."""
    found = points(offer, need, skill_axes, neighbours)
    return _match(offer, need, found.total, found, found.proximity)


def _match(offer, need, total: float, found: Points | None, proximity: str) -> Match:
    """The match of ``offer`` and ``need``, with the breakdown of ``found`` (none without)."""
    return Match(
        offer.id,
        need.id,
        total,
        breakdown(offer, found) if found is not None else (),
        proximity,
        offer.provider.epci_id is None or offer.provider.epci_id != need.requester.epci_id,
    )


# The codes of ``_vector_rank`` whose reason names the offer's conditions.
OFFER_WORDED = (2, 3)
# The proximity levels, closest first: a proximity code of ``_vector_rank`` is a position.
PROXIMITY_ORDER = tuple(PROXIMITY_POINTS)
NONE_ID = -1  # an id the facts do not have (None); never equal to another place's


def _ids(values: Iterable[int | None]) -> np.ndarray:
    return np.array([NONE_ID if value is None else value for value in values], dtype=np.int64)


def _floats(values: Iterable[float | None]) -> np.ndarray:
    return np.array([np.nan if value is None else value for value in values], dtype=float)


def _category(values: Iterable[str]) -> tuple[np.ndarray, list[str]]:
    """A column of a few distinct texts (skills, kinds, codes): the position of each value
    among the distinct ones, and those."""
    distinct: dict[str, int] = {}
    index = [distinct.setdefault(value, len(distinct)) for value in values]
    return np.array(index, dtype=np.int64), list(distinct)


class _Table:
    """Facts of many offers or needs and the same facts as columns (numpy arrays), to rank
    thousands of them at once. Built once and kept with the facts (``selectors``). A column
    of texts holds positions in ``categories`` (``by_value`` reads it)."""

    def __init__(self, facts):
        self.facts = list(facts)
        self.columns = self._columns(self.facts)
        self.categories = {}
        for name, column in list(self.columns.items()):
            if isinstance(column, tuple):
                self.columns[name], self.categories[name] = column

    def by_value(self, name: str, function, dtype) -> np.ndarray:
        """``function`` of the text column ``name``, computed once per distinct text."""
        values = np.array([function(value) for value in self.categories[name]], dtype=dtype)
        return values[self.columns[name]]

    @staticmethod
    def _columns(facts) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self.facts)

    def where(self, keep: np.ndarray):
        """The facts marked in ``keep`` (bool, one per fact), in the same order."""
        table = object.__new__(type(self))
        table.facts = [fact for fact, kept in zip(self.facts, keep.tolist(), strict=True) if kept]
        table.columns = {name: column[keep] for name, column in self.columns.items()}
        table.categories = self.categories
        return table


def _place_columns(places: list[Place], prefix: str) -> dict[str, np.ndarray]:
    return {
        f"{prefix}kind": _category(place.kind for place in places),
        f"{prefix}population": _floats(place.population for place in places),
        f"{prefix}epci": _ids(place.epci_id for place in places),
        f"{prefix}departement": _ids(place.departement_id for place in places),
        f"{prefix}region": _ids(place.region_id for place in places),
        f"{prefix}region_code": _category(place.region_code for place in places),
    }


class OfferTable(_Table):
    """Offers' facts, as columns too. The kinds an offer is reserved to are one column per kind
    (``kind:<kind>``, true where the offer admits it) and ``any_kind``; its area, the pairs
    (``area_offer``: position, ``area_territory``) kept beside the columns."""

    def __init__(self, facts):
        super().__init__(facts)
        self.area_offer, self.area_territory = self._areas(self.facts)

    @staticmethod
    def _areas(facts) -> tuple[np.ndarray, np.ndarray]:
        pairs = [(position, t) for position, fact in enumerate(facts) for t in fact.area_ids]
        array = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        return array[:, 0], array[:, 1]

    @staticmethod
    def _columns(facts) -> dict[str, np.ndarray]:
        columns = {
            "id": _ids(fact.id for fact in facts),
            "skill": _category(fact.skill for fact in facts),
            "published": np.array([fact.status == PUBLISHED for fact in facts], dtype=bool),
            "capacity": _ids(fact.capacity for fact in facts),
            "left": _ids(fact.places_left for fact in facts),
            "national": np.array([fact.national for fact in facts], dtype=bool),
            "any_kind": np.array([not fact.eligible_kinds for fact in facts], dtype=bool),
            "members_only": np.array([fact.members_only for fact in facts], dtype=bool),
            "entente": np.array([fact.entente for fact in facts], dtype=bool),
            "ceiling": _floats(fact.population_ceiling for fact in facts),
            "responsiveness": _floats(fact.responsiveness for fact in facts),
            "provider_id": _ids(fact.provider_id for fact in facts),
            **_place_columns([fact.provider for fact in facts], "provider_"),
        }
        for kind in {kind for fact in facts for kind in fact.eligible_kinds}:
            columns[f"kind:{kind}"] = np.array(
                [kind in fact.eligible_kinds for fact in facts], dtype=bool
            )
        return columns

    def where(self, keep: np.ndarray):
        table = super().where(keep)
        positions = np.cumsum(keep) - 1
        inside = keep[self.area_offer]
        table.area_offer = positions[self.area_offer[inside]]
        table.area_territory = self.area_territory[inside]
        return table


class NeedTable(_Table):
    """Needs' facts, as columns too."""

    @staticmethod
    def _columns(facts) -> dict[str, np.ndarray]:
        return {
            "id": _ids(fact.id for fact in facts),
            "skill": _category(fact.skill for fact in facts),
            "organisation_id": _ids(fact.organisation_id for fact in facts),
            **_place_columns([fact.requester for fact in facts], "requester_"),
        }


def _vector_rank(offers, requesters, *, skill, neighbour, in_area, eligible, count):
    """``points`` and ``exclusion_reason`` over many pairs at once: the columns of both sides
    (an array, or one value for every pair), the skill points, whether the provider's région
    neighbours the requester's, whether the requester is in the offer's area and of a kind
    it admits, to the totals, the exclusion codes (-1: none; else the position of the
    reason in ``exclusion_reason``'s order) and the proximity codes (``PROXIMITY_ORDER``)."""
    left, capacity = offers["left"], offers["capacity"]
    population = requesters["population"]
    same = {
        level: (offers[f"provider_{level}"] != NONE_ID)
        & (offers[f"provider_{level}"] == requesters[level])
        for level in ("epci", "departement", "region")
    }
    failing = [
        ~offers["published"],
        left == 0,
        ~eligible,
        ~np.isnan(offers["ceiling"]) & (np.isnan(population) | (population >= offers["ceiling"])),
        offers["members_only"] & ~same["epci"],
        offers["entente"] & requesters["outside_entente"],
        ~offers["national"] & ~in_area,
    ]
    code = np.full(count, -1)
    for position in reversed(range(len(failing))):
        code = np.where(failing[position], position, code)
    code_of = {level: position for position, level in enumerate(PROXIMITY_ORDER)}
    proximity = np.where(neighbour, code_of["voisine"], code_of["national"])
    for level in ("region", "departement", "epci"):  # the closest last: it wins
        proximity = np.where(same[level], code_of[level], proximity)
    provider = offers["provider_population"]
    known = ~np.isnan(provider) & (provider != 0) & ~np.isnan(population) & (population != 0)
    ratio = np.divide(provider, population, out=np.ones(count), where=known)
    size = np.where(
        known, SIZE_POINTS * np.minimum(np.maximum(np.log10(ratio), 0.0), 1.0), SIZE_POINTS / 2
    )
    places = CAPACITY_POINTS * left / capacity
    answer = np.where(
        np.isnan(offers["responsiveness"]),
        RESPONSIVENESS_POINTS / 2,
        RESPONSIVENESS_POINTS * np.nan_to_num(offers["responsiveness"]),
    )
    points = np.array([PROXIMITY_POINTS[level] for level in PROXIMITY_ORDER], dtype=float)
    totals = skill + points[proximity] + size + places + answer
    return (
        np.broadcast_to(totals, count),
        np.broadcast_to(code, count),
        np.broadcast_to(proximity, count),
    )


def _ranking(pair, ids, vectors, detailed, skill_axes, neighbours) -> Ranking:
    """The matches and exclusions from ``_vector_rank``'s ``vectors``: the best first (ties
    by ``ids``, those of the ranked side), the first ``detailed`` with their breakdown (all
    when None); ``pair`` gives the (offer, need) of a position."""
    totals, codes, proximities = vectors
    scored = np.flatnonzero(codes == -1)
    order = scored[np.lexsort((ids[scored], -totals[scored]))]
    limit = len(order) if detailed is None else detailed
    matches = []
    for rank, (position, total, proximity) in enumerate(
        zip(order.tolist(), totals[order].tolist(), proximities[order].tolist(), strict=True)
    ):
        offer, need = pair(position)
        found = points(offer, need, skill_axes, neighbours) if rank < limit else None
        matches.append(_match(offer, need, total, found, PROXIMITY_ORDER[proximity]))
    # A reason is worded once: the same for every offer, but those that name the offer's
    # conditions (kinds, population ceiling), the same for every requester of an offer.
    reasons: dict[tuple[int | None, int], str | None] = {}
    excluded = []
    for position, code in zip(
        np.flatnonzero(codes != -1).tolist(), codes[codes != -1].tolist(), strict=True
    ):
        offer, need = pair(position)
        key = (offer.id if code in OFFER_WORDED else None, code)
        if key not in reasons:
            reasons[key] = exclusion_reason(offer, need.requester)
        excluded.append(Exclusion(offer.id, need.id, reasons[key]))
    return Ranking(matches, excluded)


def _requester(place: Place) -> dict:
    """The requester's columns for ``_vector_rank``, one value each."""
    return {
        "population": np.nan if place.population is None else float(place.population),
        "epci": NONE_ID if place.epci_id is None else place.epci_id,
        "departement": NONE_ID if place.departement_id is None else place.departement_id,
        "region": NONE_ID if place.region_id is None else place.region_id,
        "outside_entente": place.kind in OUTSIDE_ENTENTE,
    }


def rank_offers(
    need: NeedFacts,
    offers: OfferTable | Iterable[OfferFacts],
    *,
    skill_axes: Mapping[str, tuple[str, ...]],
    neighbours: Mapping[str, frozenset[str]],
    detailed: int | None = None,
) -> Ranking:
    """The offers that can serve ``need``, best first (ties by offer id), the first
    ``detailed`` with the breakdown of their score (every one when None), and the others
    with their reason. Vectorised over the offers (``OfferTable``): each total is that of
    ``points``, each reason that of ``exclusion_reason``."""
    table = offers if isinstance(offers, OfferTable) else OfferTable(offers)
    columns, requester, count = table.columns, need.requester, len(table)
    near = neighbours.get(requester.region_code, frozenset())
    area = (table.area_territory == requester.departement_id) | (
        table.area_territory == requester.region_id
    )
    in_area = np.zeros(count, dtype=bool)
    in_area[table.area_offer[area]] = True
    vectors = _vector_rank(
        columns,
        _requester(requester),
        skill=table.by_value("skill", lambda code: _skill(need.skill, code, skill_axes)[0], float),
        neighbour=table.by_value(
            "provider_region_code", lambda code: bool(code) and code in near, bool
        ),
        in_area=in_area,
        eligible=columns["any_kind"]
        | columns.get(f"kind:{requester.kind}", np.zeros(count, dtype=bool)),
        count=count,
    )
    facts = table.facts
    return _ranking(lambda position: (facts[position], need), columns["id"], vectors,
                    detailed, skill_axes, neighbours)  # fmt: skip


def rank_needs(
    offer: OfferFacts,
    needs: NeedTable | Iterable[NeedFacts],
    *,
    skill_axes: Mapping[str, tuple[str, ...]],
    neighbours: Mapping[str, frozenset[str]],
    detailed: int | None = None,
) -> Ranking:
    """The needs ``offer`` can serve, best first (ties by need id), and the others with
    their reason, scored as :func:`rank_offers` scores (vectorised over the needs)."""
    table = needs if isinstance(needs, NeedTable) else NeedTable(needs)
    columns, count = table.columns, len(table)
    own = offer.provider.region_code
    areas = np.array(sorted(offer.area_ids), dtype=np.int64)
    vectors = _vector_rank(
        {name: column[0] for name, column in OfferTable([offer]).columns.items()},
        {
            **{
                name: columns[f"requester_{name}"]
                for name in ("population", "epci", "departement", "region")
            },
            "outside_entente": table.by_value(
                "requester_kind", lambda kind: kind in OUTSIDE_ENTENTE, bool
            ),
        },
        skill=table.by_value("skill", lambda code: _skill(code, offer.skill, skill_axes)[0], float),
        neighbour=table.by_value(
            "requester_region_code",
            lambda code: bool(own) and own in neighbours.get(code, frozenset()),
            bool,
        ),
        in_area=np.isin(columns["requester_departement"], areas)
        | np.isin(columns["requester_region"], areas),
        eligible=table.by_value(
            "requester_kind",
            lambda kind: not offer.eligible_kinds or kind in offer.eligible_kinds,
            bool,
        ),
        count=count,
    )
    facts = table.facts
    return _ranking(lambda position: (offer, facts[position]), columns["id"], vectors,
                    detailed, skill_axes, neighbours)  # fmt: skip
