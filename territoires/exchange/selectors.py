"""Reads of the bourse: the facts matching works on, what a user may see, figures."""

import dataclasses
import json
import uuid

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg, Count, Q, QuerySet

from territoires.accounts.enums import OrganisationKind
from territoires.accounts.models import Organisation
from territoires.core.formats import number
from territoires.exchange import matching, statistics
from territoires.exchange.enums import (
    IN_PROGRESS,
    MEMBERS_ONLY_VEHICLES,
    AgreementStatus,
    LegalVehicle,
    OfferStatus,
)
from territoires.exchange.models import Agreement, Beneficiary, Need, Offer
from territoires.exchange.taxonomy import get_taxonomy, region_neighbours
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory
from territoires.observatory.models import Assessment, AssessmentScore
from territoires.observatory.secrecy import POPULATION_BANDS, population_band

# The columns of an organisation's place, read through a relation (``provider__`` …).
PLACE_FIELDS = (
    "kind",
    "territory_id",
    "territory__kind",
    "territory__population",
    "territory__epci_id",
    "territory__departement_id",
    "territory__region_id",
    "territory__code",
    "territory__region__code",
)
COLLECTIVITE = OrganisationKind.COLLECTIVITE.value
# Plain strings: compared for each of thousands of rows.
EPCI, DEPARTEMENT = TerritoryKind.EPCI.value, TerritoryKind.DEPARTEMENT.value
OWN_REGION = {TerritoryKind.REGION.value, TerritoryKind.COLLECTIVITE_OUTRE_MER.value}


def place_from(row) -> matching.Place:
    """A place from the values of :data:`PLACE_FIELDS`, in that order; a territory's own id
    at its own level."""
    (
        organisation_kind,
        territory_id,
        kind,
        population,
        epci_id,
        departement_id,
        region_id,
        code,
        region_code,
    ) = row
    if territory_id is None:
        return matching.Place(organisation_kind)
    if kind == EPCI:
        epci_id = territory_id
    elif kind == DEPARTEMENT:
        departement_id = territory_id
    elif kind in OWN_REGION:
        return matching.Place(kind, population, epci_id, departement_id, territory_id, code)
    return matching.Place(kind, population, epci_id, departement_id, region_id, region_code or "")


def organisation_place(organisation: Organisation) -> matching.Place:
    row = Organisation.objects.filter(pk=organisation.pk).values_list(*PLACE_FIELDS).get()
    return place_from(row)


def territory_place(territory) -> matching.Place:
    """The place of a collectivité known by its territory (with or without organisation)."""
    fields = [field.removeprefix("territory__") for field in PLACE_FIELDS[2:]]
    row = Territory.objects.filter(pk=territory.pk).values_list(*fields).get()
    return place_from((COLLECTIVITE, territory.pk, *row))


def provider_responsiveness() -> dict[int, float | None]:
    """Each provider's observed responsiveness (``matching.responsiveness``), one query."""
    rows = Agreement.objects.values("offer__provider_id").annotate(
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        unanswered=Count("pk", filter=Q(status=AgreementStatus.UNANSWERED)),
        satisfaction=Avg("satisfaction"),
    )
    return {
        row["offer__provider_id"]: matching.responsiveness(
            answered=row["answered"],
            unanswered=row["unanswered"],
            satisfaction=row["satisfaction"],
        )
        for row in rows
    }


def skill_axes() -> dict[str, tuple[str, ...]]:
    return {skill.code: skill.axes for skill in get_taxonomy().skills}


def _raw_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a ``values_list`` queryset as the database driver gives them: thousands
    of rows without the ORM's per-value conversions (JSON stays text)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _kinds(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = json.loads(value) if value != "[]" else ()
    return tuple(value or ())


def offer_facts(offers: QuerySet) -> list[matching.OfferFacts]:
    """The facts of ``offers`` that matching reads (four queries whatever their number)."""
    areas: dict[int, set[int]] = {}
    for offer_id, territory_id in Offer.area.through.objects.filter(
        offer__in=offers.values("pk")
    ).values_list("offer_id", "territory_id"):
        areas.setdefault(offer_id, set()).add(territory_id)
    taken = dict(
        Beneficiary.objects.filter(agreement__status__in=IN_PROGRESS, agreement__offer__in=offers)
        .values_list("agreement__offer_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    answers = provider_responsiveness()
    rows = _raw_rows(
        offers.order_by().values_list(
            "pk",
            "skill",
            "status",
            "capacity",
            "national",
            "eligible_kinds",
            "population_ceiling",
            "provider_id",
            "legal_vehicle",
            *(f"provider__{field}" for field in PLACE_FIELDS),
        )
    )
    empty = frozenset()
    return [
        matching.OfferFacts(
            row[0],
            row[1],
            row[2],
            row[3],
            taken.get(row[0], 0),
            bool(row[4]),
            frozenset(areas[row[0]]) if row[0] in areas else empty,
            _kinds(row[5]),
            row[6],
            place_from(row[9:]),
            answers.get(row[7]),
            row[7],
            row[8] in MEMBERS_ONLY_VEHICLES,
            row[8] == LegalVehicle.ENTENTE,
        )
        for row in rows
    ]


# The facts matching reads change with the offers, their agreements, the needs and the
# organisations: each process keeps them while the token in the shared cache stays the same;
# saving one of those draws a new token (``apps.ExchangeConfig``), as does an emptied cache.
# Kept in the process, not in the shared cache: unpickling ten thousand facts would cost as
# much as reading them.
FACTS_TOKEN = "exchange:facts:token"
_facts: dict[str, tuple[str, matching.OfferTable | matching.NeedTable]] = {}


def _cached_facts(kind: str, skills: list[str], compute):
    name = f"{kind}:{','.join(sorted(skills))}"
    token = cache.get_or_set(FACTS_TOKEN, lambda: uuid.uuid4().hex, None)
    kept = _facts.get(name)
    if kept is None or kept[0] != token:
        kept = _facts[name] = (token, compute())
    return kept[1]


def facts_changed(**kwargs) -> None:
    """Drop the cached facts (a signal receiver: an offer, an agreement or a need changed)."""
    cache.set(FACTS_TOKEN, uuid.uuid4().hex, None)


def need_facts(needs: QuerySet) -> list[matching.NeedFacts]:
    rows = _raw_rows(
        needs.order_by().values_list(
            "pk",
            "skill",
            "organisation_id",
            *(f"organisation__{field}" for field in PLACE_FIELDS),
        )
    )
    return [matching.NeedFacts(row[0], row[1], place_from(row[3:]), row[2]) for row in rows]


@dataclasses.dataclass(frozen=True)
class MatchedOffer:
    offer: Offer
    match: matching.Match


@dataclasses.dataclass(frozen=True)
class ExcludedOffer:
    offer: Offer
    reason: str


@dataclasses.dataclass(frozen=True)
class OfferResults:
    matches: list[MatchedOffer]
    excluded: list[ExcludedOffer]
    match_count: int
    excluded_count: int


def offers_for_need(need: Need, *, limit: int = 20) -> OfferResults:
    """The published offers of a skill sharing an axis with the need's, ranked for it; the
    ``limit`` best, and the first ``limit`` excluded with their reason. The need's own
    organisation's offers are left out."""
    skills = get_taxonomy().related(need.skill)
    candidates = _cached_facts(
        "offers",
        skills,
        lambda: matching.OfferTable(
            offer_facts(Offer.objects.published().filter(skill__in=skills))
        ),
    )
    [facts] = need_facts(Need.objects.filter(pk=need.pk))
    ranking = matching.rank_offers(
        facts,
        candidates.where(candidates.columns["provider_id"] != need.organisation_id),
        skill_axes=skill_axes(),
        neighbours=region_neighbours(),
        detailed=limit,
    )
    shown = ranking.matches[:limit]
    excluded = ranking.excluded[:limit]
    offers = Offer.objects.select_related("provider").in_bulk(
        [match.offer_id for match in shown] + [item.offer_id for item in excluded]
    )
    return OfferResults(
        matches=[MatchedOffer(offers[match.offer_id], match) for match in shown],
        excluded=[ExcludedOffer(offers[item.offer_id], item.reason) for item in excluded],
        match_count=len(ranking.matches),
        excluded_count=len(ranking.excluded),
    )


@dataclasses.dataclass(frozen=True)
class MatchedNeed:
    need: Need
    match: matching.Match


def needs_for_offer(offer: Offer, *, limit: int = 20) -> tuple[list[MatchedNeed], int]:
    """The published needs the offer could serve, best first (the ``limit`` best), and how
    many there are."""
    skills = get_taxonomy().related(offer.skill)
    candidates = _cached_facts(
        "needs",
        skills,
        lambda: matching.NeedTable(need_facts(Need.objects.published().filter(skill__in=skills))),
    )
    [facts] = offer_facts(Offer.objects.filter(pk=offer.pk))
    ranking = matching.rank_needs(
        facts._replace(status=OfferStatus.PUBLISHED),
        candidates.where(candidates.columns["organisation_id"] != offer.provider_id),
        skill_axes=skill_axes(),
        neighbours=region_neighbours(),
        detailed=limit,
    )
    shown = ranking.matches[:limit]
    needs = Need.objects.select_related("organisation").in_bulk([m.need_id for m in shown])
    return [MatchedNeed(needs[m.need_id], m) for m in shown], len(ranking.matches)


def places_taken(offer: Offer) -> int:
    return (
        Offer.objects.filter(pk=offer.pk)
        .with_places_taken()
        .values_list("places_taken", flat=True)
        .get()
    )


# A peer « scores well » on an axis from this score (the observatory's level 4, « Avancé »).
GOOD_AXIS_SCORE = 60
GAP_OFFERS = 3


@dataclasses.dataclass(frozen=True)
class GapHelp:
    """For one weak axis of a collectivité: the offers that can close it, ranked for it, and
    the peers that score well on it and offer help."""

    gap: object  # observatory.selectors.Gap
    offers: list[MatchedOffer]
    peers: list[tuple[Organisation, float]]


def gap_help(territory, gaps) -> list[GapHelp]:
    """The help of the bourse for each weak axis of ``territory`` (the panel of the slot
    « observatory.gaps »): its published offers whose skill helps the axis and whose area
    covers the territory, ranked as for a need of the offer's skill (the ``GAP_OFFERS`` best),
    and the organisations offering such a skill whose own public score on the axis is at
    least ``GOOD_AXIS_SCORE``."""
    taxonomy = get_taxonomy()
    organisation = Organisation.objects.filter(territory=territory).first()
    place = territory_place(territory)
    helps = []
    for gap in gaps:
        skills = [skill.code for skill in taxonomy.for_axis(gap.axis)]
        if not skills:
            continue
        candidates = Offer.objects.published().filter(skill__in=skills)
        if organisation is not None:
            candidates = candidates.exclude(provider=organisation)
        facts = offer_facts(candidates)
        matches = []
        for skill in skills:
            ranking = matching.rank_offers(
                matching.NeedFacts(id=0, skill=skill, requester=place),
                [fact for fact in facts if fact.skill == skill],
                skill_axes=skill_axes(),
                neighbours=region_neighbours(),
            )
            matches += ranking.matches
        matches.sort(key=lambda match: (-match.total, match.offer_id))
        shown = matches[:GAP_OFFERS]
        offers = Offer.objects.select_related("provider").in_bulk([m.offer_id for m in shown])
        helps.append(
            GapHelp(
                gap=gap,
                offers=[MatchedOffer(offers[m.offer_id], m) for m in shown],
                peers=_good_peers(gap.axis, skills, exclude=territory),
            )
        )
    return [help_ for help_ in helps if help_.offers or help_.peers]


def _good_peers(axis: str, skills: list[str], *, exclude) -> list[tuple[Organisation, float]]:
    """Providers of a published offer of ``skills`` whose latest public score on ``axis``
    is at least ``GOOD_AXIS_SCORE``, best first."""
    scores = (
        AssessmentScore.objects.filter(
            assessment__in=Assessment.objects.public_scores(),
            assessment__territory__organisation__offers__status=OfferStatus.PUBLISHED,
            assessment__territory__organisation__offers__skill__in=skills,
        )
        .exclude(assessment__territory=exclude)
        .select_related("assessment__territory__organisation")
        .order_by("assessment__territory_id", "-assessment__campaign__year")
        .distinct()
    )
    latest = {}
    for score in scores:
        latest.setdefault(score.assessment.territory_id, score)
    peers = [
        (score.assessment.territory.organisation, score.axis_scores[axis])
        for score in latest.values()
        if (score.axis_scores.get(axis) or 0) >= GOOD_AXIS_SCORE
    ]
    return sorted(peers, key=lambda peer: (-peer[1], peer[0].name))


def headline() -> dict:
    """The bourse's figures on the home page: published offers and needs, agreements."""
    offers = Offer.objects.published()
    return {
        "offer_count": offers.count(),
        "provider_count": offers.values("provider").distinct().count(),
        "need_count": Need.objects.published().count(),
        "agreement_count": Agreement.objects.filter(
            status__in=[*IN_PROGRESS, AgreementStatus.ENDED, AgreementStatus.EVALUATED]
        ).count(),
    }


def offers_covering(offers: QuerySet, territory) -> QuerySet:
    """The ``offers`` whose area covers ``territory`` (a département or a région): national
    ones, those naming it, and for a département those naming its région."""
    covering = [territory.pk] + ([territory.region_id] if territory.region_id else [])
    return offers.filter(Q(national=True) | Q(area__in=covering)).distinct()


def needs_in(needs: QuerySet, territory) -> QuerySet:
    """The ``needs`` of organisations in ``territory`` (a département or a région)."""
    return needs.filter(
        Q(organisation__territory=territory)
        | Q(organisation__territory__departement=territory)
        | Q(organisation__territory__region=territory)
    )


# The agreements that were concluded: accepted, whatever followed.
CONCLUDED = (*IN_PROGRESS, AgreementStatus.ENDED, AgreementStatus.EVALUATED)


def departement_coverage() -> dict[str, int]:
    """Département code -> how many published offers serve it (each offer once)."""
    departements = list(
        Territory.objects.current()
        .filter(kind=TerritoryKind.DEPARTEMENT)
        .values_list("pk", "code", "region_id")
    )
    offers = Offer.objects.published()
    national = offers.filter(national=True).count()
    served: dict[int, set[int]] = {}
    for offer_id, territory_id in Offer.area.through.objects.filter(
        offer__in=offers.filter(national=False)
    ).values_list("offer_id", "territory_id"):
        served.setdefault(territory_id, set()).add(offer_id)
    return {
        code: national + len(served.get(pk, set()) | served.get(region_id, set()))
        for pk, code, region_id in departements
    }


def agreement_statistics() -> dict:
    """Agreements concluded by skill and by the requester's région, under secrecy."""
    agreements = Agreement.objects.filter(status__in=CONCLUDED)
    by_skill = dict(agreements.values_list("offer__skill").annotate(count=Count("pk")).order_by())
    by_region = dict(
        agreements.filter(requester__territory__isnull=False)
        .values_list("requester__territory__region__name")
        .annotate(count=Count("pk"))
        .order_by()
    )
    skills = get_taxonomy().skills
    shown_skills = statistics.partition_publishable(
        {s.code: by_skill.get(s.code, 0) for s in skills}
    )
    regions = sorted(
        Territory.objects.current().filter(kind=TerritoryKind.REGION).values_list("name", flat=True)
    )
    shown_regions = statistics.partition_publishable({r: by_region.get(r, 0) for r in regions})
    return {
        "total": statistics.total_publishable(agreements.count()),
        "skills": [(s.name, shown_skills[s.code]) for s in skills],
        "regions": [(r, shown_regions[r]) for r in regions],
    }


@dataclasses.dataclass(frozen=True)
class Voice:
    """What the network's members need, in numbers only: the needs of one year by skill, by
    kind and size of collectivité and by région, and each year's needs by skill. Each is a
    partition of one year's needs with its total, under statistical secrecy; no total across
    years is given, so that no withheld count can be found by subtraction."""

    year: int
    total: int | None
    by_skill: list[tuple[str, int | None]]
    by_kind: list[tuple[str, int | None]]
    by_region: list[tuple[str, int | None]]
    years: list[int]
    trend: list[tuple[str, list[int | None]]]  # skill, its count each year
    year_totals: list[int | None]


# The needs of organisations in no région: so that the régions' counts add up to the total.
NO_REGION = "Sans région (organismes sans territoire, collectivités d’outre-mer)"


def _kind_label(kind: str | None, population: int | None) -> str:
    if kind is None:
        return "Autres organismes publics"
    if kind != TerritoryKind.COMMUNE:
        return TerritoryKind(kind).label
    band = population_band(population)
    if band is None:
        return "Communes de population inconnue"
    low, high = POPULATION_BANDS[band]
    if high is None:
        return f"Communes de {number(low)} habitants ou plus"
    return f"Communes de {number(low)} à {number(high)} habitants"


def network_voice(year: int) -> Voice:
    """The needs of the bourse, published or private, of ``year`` counted by skill, by kind
    and size of collectivité and by région, and every year's by skill."""
    rows = list(
        Need.objects.values_list(
            "skill",
            "organisation__territory__kind",
            "organisation__territory__population",
            "organisation__territory__region__name",
            "organisation__territory__name",
            "created_at__year",
        )
    )
    skills = get_taxonomy().skills
    skill_counts = {skill.code: 0 for skill in skills}
    kinds: dict[str, int] = {}
    regions = {
        name: 0
        for name in Territory.objects.current()
        .filter(kind=TerritoryKind.REGION)
        .order_by("name")
        .values_list("name", flat=True)
    }
    by_year: dict[int, dict[str, int]] = {}
    for skill, kind, population, region, name, created in rows:
        counts = by_year.setdefault(created, {skill.code: 0 for skill in skills})
        counts[skill] = counts.get(skill, 0) + 1
        if created != year:
            continue
        skill_counts[skill] = skill_counts.get(skill, 0) + 1
        label = _kind_label(kind, population)
        kinds[label] = kinds.get(label, 0) + 1
        region_name = name if kind == TerritoryKind.REGION else region
        key = region_name if region_name in regions else NO_REGION
        regions[key] = regions.get(key, 0) + 1
    shown_skills = statistics.partition_publishable(skill_counts)
    shown_kinds = statistics.partition_publishable(kinds)
    shown_regions = statistics.partition_publishable(regions)
    years = sorted(by_year)
    shown_years = {y: statistics.partition_publishable(by_year[y]) for y in years}
    return Voice(
        year=year,
        total=statistics.total_publishable(sum(skill_counts.values())),
        by_skill=[(skill.name, shown_skills[skill.code]) for skill in skills],
        by_kind=sorted(((label, shown_kinds[label]) for label in kinds), key=lambda r: r[0]),
        by_region=list(shown_regions.items()),
        years=years,
        trend=[(skill.name, [shown_years[y][skill.code] for y in years]) for skill in skills],
        year_totals=[statistics.total_publishable(sum(by_year[y].values())) for y in years],
    )
