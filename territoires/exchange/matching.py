"""Matching needs and offers: which offers can serve a requester, why the others cannot, and
a score whose every part is shown to the user.

Pure: plain data in, plain data out, no ORM (``selectors`` reads the facts from the
database). For a need, each candidate offer (a skill sharing an axis of the observatory with
the need's) is either *excluded*, with the reason in French (not published, no place left,
the requester not eligible, out of the offer's area), or *ranked* by a score out of 100:

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

from territoires.core.formats import number
from territoires.geo.enums import KIND_PLURALS

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
    if (
        not offer.national
        and not ({requester.departement_id, requester.region_id} - {None}) & offer.area_ids
    ):
        return "hors zone"
    return None


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


def points(
    offer: OfferFacts,
    need: NeedFacts,
    skill_axes: Mapping[str, tuple[str, ...]],
    neighbours: Mapping[str, frozenset[str]],
) -> Points:
    requester, provider = need.requester, offer.provider
    need_axes = skill_axes[need.skill]
    if offer.skill == need.skill:
        skill, shared = SKILL_POINTS, 0
    else:
        shared = len(set(need_axes).intersection(skill_axes[offer.skill]))
        skill = RELATED_SKILL_POINTS * shared / len(need_axes)
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
        need_axes=len(need_axes),
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


def _match(offer: OfferFacts, need: NeedFacts, found: Points, detailed: bool) -> Match:
    return Match(
        offer_id=offer.id,
        need_id=need.id,
        total=found.total,
        parts=breakdown(offer, found) if detailed else (),
        proximity=found.proximity,
        outside_epci=offer.provider.epci_id is None
        or offer.provider.epci_id != need.requester.epci_id,
    )


def score(
    offer: OfferFacts,
    need: NeedFacts,
    *,
    skill_axes: Mapping[str, tuple[str, ...]],
    neighbours: Mapping[str, frozenset[str]],
) -> Match:
    """The score of ``offer`` for ``need``, with its breakdown."""
    return _match(offer, need, points(offer, need, skill_axes, neighbours), detailed=True)


def _rank(pairs, skill_axes, neighbours, detailed: int | None, by_offer: bool) -> Ranking:
    """Filter and score each (offer, need) pair; the best first (ties by id), the first
    ``detailed`` with their breakdown (all of them when None)."""
    scored, excluded = [], []
    for offer, need in pairs:
        reason = exclusion_reason(offer, need.requester)
        if reason is None:
            scored.append((offer, need, points(offer, need, skill_axes, neighbours)))
        else:
            excluded.append(Exclusion(offer.id, need.id, reason))
    scored.sort(key=lambda item: (-item[2].total, item[0].id if by_offer else item[1].id))
    limit = len(scored) if detailed is None else detailed
    matches = [
        _match(offer, need, found, detailed=position < limit)
        for position, (offer, need, found) in enumerate(scored)
    ]
    return Ranking(matches, excluded)


def rank_offers(
    need: NeedFacts,
    offers: Iterable[OfferFacts],
    *,
    skill_axes: Mapping[str, tuple[str, ...]],
    neighbours: Mapping[str, frozenset[str]],
    detailed: int | None = None,
) -> Ranking:
    """The offers that can serve ``need``, best first (ties by offer id), the first
    ``detailed`` with the breakdown of their score (every one when None), and the others
    with their reason."""
    pairs = ((offer, need) for offer in offers)
    return _rank(pairs, skill_axes, neighbours, detailed, by_offer=True)


def rank_needs(
    offer: OfferFacts,
    needs: Iterable[NeedFacts],
    *,
    skill_axes: Mapping[str, tuple[str, ...]],
    neighbours: Mapping[str, frozenset[str]],
    detailed: int | None = None,
) -> Ranking:
    """The needs ``offer`` can serve, best first (ties by need id), and the others with
    their reason, scored as :func:`rank_offers` scores."""
    pairs = ((offer, need) for need in needs)
    return _rank(pairs, skill_axes, neighbours, detailed, by_offer=False)
