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

import dataclasses
import math
from collections.abc import Iterable, Mapping

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


@dataclasses.dataclass(frozen=True)
class Place:
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


@dataclasses.dataclass(frozen=True)
class OfferFacts:
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

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)


@dataclasses.dataclass(frozen=True)
class NeedFacts:
    id: int
    skill: str
    requester: Place


@dataclasses.dataclass(frozen=True)
class Part:
    """One line of a score's breakdown."""

    label: str
    points: float
    maximum: int
    detail: str


@dataclasses.dataclass(frozen=True)
class Match:
    offer_id: int
    need_id: int
    total: float
    parts: tuple[Part, ...]
    proximity: str  # a key of PROXIMITY_POINTS
    outside_epci: bool


@dataclasses.dataclass(frozen=True)
class Exclusion:
    offer_id: int
    need_id: int
    reason: str


@dataclasses.dataclass(frozen=True)
class Ranking:
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


def score(
    offer: OfferFacts,
    need: NeedFacts,
    *,
    skill_axes: Mapping[str, tuple[str, ...]],
    neighbours: Mapping[str, frozenset[str]],
) -> Match:
    """The score of ``offer`` for ``need``, with its breakdown."""
    requester, provider = need.requester, offer.provider
    if offer.skill == need.skill:
        skill = Part("Adéquation de la compétence", SKILL_POINTS, SKILL_POINTS, "même compétence")
    else:
        axes = set(skill_axes[need.skill])
        shared = len(axes & set(skill_axes[offer.skill]))
        skill = Part(
            "Adéquation de la compétence",
            RELATED_SKILL_POINTS * shared / len(axes),
            SKILL_POINTS,
            f"compétence voisine ({shared} axe{'s' if shared > 1 else ''} en commun "
            f"sur {len(axes)})",
        )
    level = proximity(provider, requester, neighbours)
    near = Part(
        "Proximité", PROXIMITY_POINTS[level], PROXIMITY_POINTS["epci"], PROXIMITY_LABELS[level]
    )
    if provider.population and requester.population:
        ratio = provider.population / requester.population
        points = SIZE_POINTS * min(max(math.log10(ratio), 0.0), 1.0)
        detail = f"offreur {number(round(ratio, 1))} fois plus peuplé"
    else:
        points, detail = SIZE_POINTS / 2, "population inconnue"
    size = Part("Complémentarité de taille", points, SIZE_POINTS, detail)
    places = Part(
        "Places disponibles",
        CAPACITY_POINTS * offer.places_left / offer.capacity,
        CAPACITY_POINTS,
        f"{offer.places_left} sur {offer.capacity}",
    )
    if offer.responsiveness is None:
        points, detail = RESPONSIVENESS_POINTS / 2, "sans historique"
        answer = Part("Réactivité observée", points, RESPONSIVENESS_POINTS, detail)
    else:
        answer = Part(
            "Réactivité observée",
            RESPONSIVENESS_POINTS * offer.responsiveness,
            RESPONSIVENESS_POINTS,
            f"{round(offer.responsiveness * 100)} %",
        )
    parts = (skill, near, size, places, answer)
    return Match(
        offer_id=offer.id,
        need_id=need.id,
        total=sum(part.points for part in parts),
        parts=parts,
        proximity=level,
        outside_epci=provider.epci_id is None or provider.epci_id != requester.epci_id,
    )


def _ranked(matches: list[Match], by_offer: bool) -> list[Match]:
    return sorted(
        matches, key=lambda match: (-match.total, match.offer_id if by_offer else match.need_id)
    )


def rank_offers(
    need: NeedFacts,
    offers: Iterable[OfferFacts],
    *,
    skill_axes: Mapping[str, tuple[str, ...]],
    neighbours: Mapping[str, frozenset[str]],
) -> Ranking:
    """The offers that can serve ``need``, best first (ties by offer id), and the others with
    their reason."""
    matches, excluded = [], []
    for offer in offers:
        reason = exclusion_reason(offer, need.requester)
        if reason is None:
            matches.append(score(offer, need, skill_axes=skill_axes, neighbours=neighbours))
        else:
            excluded.append(Exclusion(offer.id, need.id, reason))
    return Ranking(_ranked(matches, by_offer=True), excluded)


def rank_needs(
    offer: OfferFacts,
    needs: Iterable[NeedFacts],
    *,
    skill_axes: Mapping[str, tuple[str, ...]],
    neighbours: Mapping[str, frozenset[str]],
) -> Ranking:
    """The needs ``offer`` can serve, best first (ties by need id), and the others with their
    reason, scored as :func:`rank_offers` scores."""
    matches, excluded = [], []
    for need in needs:
        reason = exclusion_reason(offer, need.requester)
        if reason is None:
            matches.append(score(offer, need, skill_axes=skill_axes, neighbours=neighbours))
        else:
            excluded.append(Exclusion(offer.id, need.id, reason))
    return Ranking(_ranked(matches, by_offer=False), excluded)
