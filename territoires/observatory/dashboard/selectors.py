"""Reads of the dashboards: who sees what, peers of any group, evolution and roll-ups.

What is public follows ``public/selectors.py``: a collectivité's own scores
when it chose « scores » or « données » in a published campaign
(``Assessment.objects.public_scores()``), its answers when it chose
« données »; anonymous aggregates count every ``published()`` assessment of
the group, over a fixed set of groups (no free bounds), and are given only when
the statistical secrecy holds for the group (``secrecy.py``, ADR 0009). Members
of the collectivité and the network's staff see its own results whatever its
choice (``perms.TerritoryRights.can_view``).

Aggregates over a campaign are cached until its results change
(``observatory.cache``): the stored stratum statistics (``PeerStatistic``) need
no cache; any other group is computed once with ``peers.peer_statistics``.
"""

import dataclasses
import enum
from collections import Counter

import numpy as np
from django.conf import settings
from django.db.models import Count, Q

from territoires.core.formats import number
from territoires.geo.enums import KIND_COUNTED, KIND_PLURALS, TerritoryKind
from territoires.geo.models import Territory
from territoires.geo.wording import of_name
from territoires.observatory import matrices
from territoires.observatory import selectors as results_selectors
from territoires.observatory.cache import cached_results
from territoires.observatory.enums import AssessmentStatus, CampaignStatus, Publication
from territoires.observatory.framework import Framework, Indicator, IndicatorType, get_framework
from territoires.observatory.matrices import INDEX
from territoires.observatory.models import Answer, Assessment, Campaign, PeerStatistic
from territoires.observatory.peers import peer_statistics, score_matrix
from territoires.observatory.perms import territory_rights
from territoires.observatory.public.selectors import GroupUniverse, campaign_groups
from territoires.observatory.secrecy import NATIONAL, POPULATION_BANDS

# Territories whose dashboard also rolls up the results of their members.
ROLLUP_KINDS = (
    TerritoryKind.EPCI,
    TerritoryKind.DEPARTEMENT,
    TerritoryKind.REGION,
    TerritoryKind.COLLECTIVITE_OUTRE_MER,
)
# Per-question comparisons: the answer that counts as "at least" for each type.
LEVEL_AT_LEAST = 3
PERCENTAGE_AT_LEAST = 50


def min_group() -> int:
    return settings.OBSERVATORY_PEER_MIN_GROUP


# ------------------------------------------------------------------ who sees what


def scores_are_public(assessment: Assessment) -> bool:
    return (
        assessment.status == AssessmentStatus.SUBMITTED
        and assessment.campaign.status == CampaignStatus.PUBLISHED
        and assessment.publication != Publication.AGGREGATES
    )


def answers_are_public(assessment: Assessment) -> bool:
    return scores_are_public(assessment) and assessment.publication == Publication.OPEN_DATA


@dataclasses.dataclass(frozen=True)
class DashboardCampaign:
    """A campaign of the selector: the collectivité's own assessment if the user may see it."""

    campaign: Campaign
    assessment: Assessment | None


def dashboard_campaigns(territory: Territory, *, private: bool) -> list[DashboardCampaign]:
    """Campaigns with something to show, newest first: its own assessment, if public or
    ``private`` (the user may see its private results, ``TerritoryRights.can_view``); for
    a roll-up territory, any published campaign.

    The same list whether a private assessment exists or not, for whoever may not see it.
    """
    assessments = {
        assessment.campaign_id: assessment
        for assessment in Assessment.objects.filter(territory=territory).select_related(
            "campaign", "score"
        )
    }
    shown = []
    for campaign in Campaign.objects.exclude(status=CampaignStatus.DRAFT).order_by("-year"):
        assessment = assessments.get(campaign.pk)
        if assessment is not None and not (private or scores_are_public(assessment)):
            assessment = None
        if assessment is not None and not hasattr(assessment, "score"):
            assessment = None
        rollup = territory.kind in ROLLUP_KINDS and campaign.status == CampaignStatus.PUBLISHED
        if assessment is not None or rollup:
            shown.append(DashboardCampaign(campaign=campaign, assessment=assessment))
    return shown


def has_dashboard(user, territory: Territory) -> bool:
    """Whether the territory's dashboard shows anything to ``user`` (for links to it)."""
    private = territory_rights(user, territory.pk).can_view
    if territory.kind not in ROLLUP_KINDS:
        visible = Assessment.objects.filter(territory=territory, score__isnull=False)
        if not private:
            visible = visible.public_scores()
        return visible.exclude(campaign__status=CampaignStatus.DRAFT).exists()
    return bool(dashboard_campaigns(territory, private=private))


# ------------------------------------------------------------------ peer groups


class PeerGroupKind(enum.StrEnum):
    STRATUM = "strate"
    DEPARTEMENT = "departement"
    REGION = "region"
    NATURE = "nature"
    POPULATION = "population"


@dataclasses.dataclass(frozen=True)
class PeerGroup:
    """A group of comparable collectivités: published assessments matching ``condition``."""

    kind: PeerGroupKind
    key: str  # for the cache
    label: str
    condition: Q


def peer_group_choices(territory: Territory) -> list[tuple[str, str]]:
    """The groups a collectivité may compare itself with, as (value, label)."""
    plural = KIND_PLURALS[territory.kind]
    choices = [(PeerGroupKind.STRATUM, f"Même strate ({territory.stratum_label})")]
    if territory.kind == TerritoryKind.COMMUNE and territory.departement_id:
        choices.append((PeerGroupKind.DEPARTEMENT, f"Les {plural} du même département"))
    if territory.kind in (TerritoryKind.COMMUNE, TerritoryKind.DEPARTEMENT) and territory.region_id:
        choices.append((PeerGroupKind.REGION, f"Les {plural} de la même région"))
    if territory.kind == TerritoryKind.EPCI and territory.epci_nature:
        nature = territory.get_epci_nature_display()
        choices.append((PeerGroupKind.NATURE, f"Les EPCI de même nature ({nature})"))
    choices.append((PeerGroupKind.POPULATION, f"Les {plural} d’une tranche de population"))
    return [(str(value), label) for value, label in choices]


def band_label(band: int) -> str:
    """« de 500 à 1 999 habitants »: a band of ``secrecy.POPULATION_BANDS``."""
    low, high = POPULATION_BANDS[band]
    if high is None:
        return f"d’au moins {number(low)} habitants"
    if low == 0:
        return f"de moins de {number(high + 1)} habitants"
    return f"de {number(low)} à {number(high)} habitants"


def population_band_choices() -> list[tuple[str, str]]:
    """The fixed population bands, as (value, label): never free bounds (ADR 0009)."""
    return [(str(band), band_label(band).capitalize()) for band in range(len(POPULATION_BANDS))]


def peer_group(
    territory: Territory,
    kind: PeerGroupKind = PeerGroupKind.STRATUM,
    *,
    band: int | None = None,
) -> PeerGroup:
    """The group of ``kind`` around ``territory`` (validated by ``forms.PeerGroupForm``)."""
    same_kind = Q(territory__kind=territory.kind)
    plural = KIND_PLURALS[territory.kind]
    if kind == PeerGroupKind.DEPARTEMENT:
        return PeerGroup(
            kind,
            f"departement-{territory.kind}-{territory.departement_id}",
            f"les {plural} {of_name(territory.departement.name, TerritoryKind.DEPARTEMENT)}",
            same_kind & Q(territory__departement_id=territory.departement_id),
        )
    if kind == PeerGroupKind.REGION:
        return PeerGroup(
            kind,
            f"region-{territory.kind}-{territory.region_id}",
            f"les {plural} {of_name(territory.region.name, TerritoryKind.REGION)}",
            same_kind & Q(territory__region_id=territory.region_id),
        )
    if kind == PeerGroupKind.NATURE:
        return PeerGroup(
            kind,
            f"nature-{territory.epci_nature}",
            f"les EPCI de nature « {territory.get_epci_nature_display()} »",
            same_kind & Q(territory__epci_nature=territory.epci_nature),
        )
    if kind == PeerGroupKind.POPULATION and band is not None:
        low, high = POPULATION_BANDS[band]
        condition = same_kind & Q(territory__population__gte=low)
        if high is not None:
            condition &= Q(territory__population__lte=high)
        return PeerGroup(
            kind,
            f"population-{territory.kind}-{band}",
            f"les {plural} {band_label(band)}",
            condition,
        )
    return PeerGroup(
        PeerGroupKind.STRATUM,
        f"strate-{territory.stratum}",
        f"les collectivités de la strate « {territory.stratum_label} »",
        Q(territory__stratum=territory.stratum),
    )


@dataclasses.dataclass(frozen=True)
class Distribution:
    """Median and quartiles of a score over a group (None under the minimum group size)."""

    group_size: int  # scores counted
    median: float | None = None
    first_quartile: float | None = None
    third_quartile: float | None = None

    @property
    def shown(self) -> bool:
        return self.median is not None


@dataclasses.dataclass(frozen=True)
class GroupStatistics:
    size: int  # published assessments in the group
    metrics: dict[str, Distribution]  # by metric: "index" or an axis code
    shown: bool  # whether the statistical secrecy lets the group be published


def _optional(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 2)


def distributions(rows, framework: Framework) -> dict[str, Distribution]:
    """Median and quartiles of the index and each axis over rows ``(index, axis_scores)``,
    with the rule of ``peers.peer_statistics`` (empty under the minimum group size); the
    statistical secrecy between groups is the caller's (``group_statistics``)."""
    metrics = [code for code, _ in matrices.metrics(framework)]
    if not rows:
        return {metric: Distribution(0) for metric in metrics}
    scores = score_matrix(rows, metrics[1:])
    statistics = peer_statistics(
        scores,
        np.zeros(len(rows)),
        np.ones(len(rows), dtype=bool),
        min_group=min_group(),
        ranks=False,
    )
    return {
        metric: Distribution(
            group_size=int(statistics.group_size[0, column]),
            median=_optional(statistics.median[0, column]),
            first_quartile=_optional(statistics.first_quartile[0, column]),
            third_quartile=_optional(statistics.third_quartile[0, column]),
        )
        for column, metric in enumerate(metrics)
    }


def _published(campaign: Campaign, group: PeerGroup):
    return Assessment.objects.published().filter(group.condition, campaign=campaign)


def _secret(statistics: GroupStatistics, universe: GroupUniverse, key: str) -> GroupStatistics:
    """``statistics`` of the group ``key`` without what the statistical secrecy withholds
    (ADR 0009)."""
    if key not in universe.publishable():
        withheld = {metric: Distribution(0) for metric in statistics.metrics}
        return GroupStatistics(statistics.size, withheld, False)
    metrics = {
        metric: distribution if key in universe.publishable(column) else Distribution(0)
        for column, (metric, distribution) in enumerate(statistics.metrics.items())
    }
    return GroupStatistics(statistics.size, metrics, True)


def group_statistics(campaign: Campaign, group: PeerGroup) -> GroupStatistics:
    """The distribution of the group's published scores, as far as the statistical secrecy
    lets it be published: the stored ``PeerStatistic`` for the stratum, computed once
    (cached) for any other group."""
    framework = get_framework(campaign.edition)
    universe = campaign_groups(campaign)
    if group.kind == PeerGroupKind.STRATUM:
        stored = {
            statistic.metric: Distribution(
                group_size=statistic.group_size,
                median=statistic.median,
                first_quartile=statistic.first_quartile,
                third_quartile=statistic.third_quartile,
            )
            for statistic in PeerStatistic.objects.filter(
                campaign=campaign, stratum=group.key.removeprefix("strate-")
            )
        }
        size = cached_results(
            campaign.pk, f"dashboard:size:{group.key}", lambda: _published(campaign, group).count()
        )
        metrics = [code for code, _ in matrices.metrics(framework)]
        statistics = GroupStatistics(
            size, {m: stored.get(m, Distribution(0)) for m in metrics}, True
        )
        return _secret(statistics, universe, group.key)

    def compute() -> GroupStatistics:
        rows = list(_published(campaign, group).values_list("score__index", "score__axis_scores"))
        statistics = GroupStatistics(len(rows), distributions(rows, framework), True)
        return _secret(statistics, universe, group.key)

    return cached_results(campaign.pk, f"dashboard:group:{group.key}", compute)


@dataclasses.dataclass(frozen=True)
class ComparisonRow:
    metric: str
    label: str
    score: float | None
    peers: Distribution


def comparison_rows(framework: Framework, score, statistics: GroupStatistics):
    """The index and each axis: the collectivité's score beside its peers'."""
    rows = [ComparisonRow(INDEX, "Indice de maturité", score.index, statistics.metrics[INDEX])]
    rows += [
        ComparisonRow(
            axis.code, axis.name, score.axis_scores.get(axis.code), statistics.metrics[axis.code]
        )
        for axis in framework.axes
    ]
    return rows


# ------------------------------------------------------------------ per question


@dataclasses.dataclass(frozen=True)
class Share:
    percent: int
    text: str  # what the share is of, after « X % des collectivités comparables »


@dataclasses.dataclass(frozen=True)
class IndicatorShares:
    indicator: Indicator
    answered: int  # published answers of the group (non concerné left out)
    shares: list[Share]  # empty under the minimum group size


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole)


def _marks(indicator: Indicator) -> list[tuple[object, str]]:
    """The categories whose shares are given for ``indicator``: (condition on a value, what
    the share is of)."""
    kind = indicator.type
    if kind == IndicatorType.YES_NO:
        return [(lambda v: v == 1, "ont répondu oui")]
    if kind == IndicatorType.LEVEL:
        label = indicator.levels[LEVEL_AT_LEAST]
        return [
            (
                lambda v: v >= LEVEL_AT_LEAST,
                f"ont atteint au moins le niveau {LEVEL_AT_LEAST} (« {label} »)",
            )
        ]
    if kind == IndicatorType.PERCENTAGE:
        text = f"déclarent au moins {PERCENTAGE_AT_LEAST} %"
        return [(lambda v: v >= PERCENTAGE_AT_LEAST, text)]
    if kind == IndicatorType.COUNT:
        at_least = indicator.thresholds[0][0] if indicator.thresholds else 1
        unit = f" {indicator.unit}" if indicator.unit else ""
        return [(lambda v: v >= at_least, f"déclarent au moins {at_least:g}{unit}")]
    return [
        (lambda v, bit=bit: bool(int(v) & (1 << bit)), f"ont coché « {option.label} »")
        for bit, option in enumerate(indicator.options)
    ]


def _shares(indicator: Indicator, counts: dict[float, int], answered: int) -> list[Share]:
    def share_of(condition, text: str) -> Share:
        part = sum(n for value, n in counts.items() if condition(value))
        return Share(_percent(part, answered), text)

    return [share_of(condition, text) for condition, text in _marks(indicator)]


def _shares_secrecy(campaign: Campaign) -> dict[str, frozenset[str]]:
    """By indicator code, the comparison groups whose shares the statistical secrecy lets be
    published (``secrecy.Groups.shares_publishable``), the answers published as open data
    being known to anyone."""
    framework = get_framework(campaign.edition)
    universe = campaign_groups(campaign)
    comparisons = np.array(
        [not key.startswith((NATIONAL, "aggregate-")) for key in universe.keys], dtype=bool
    )
    column_of = {pk: column for column, pk in enumerate(universe.assessments)}
    values: dict[str, dict[int, float]] = {}
    for assessment, code, value in Answer.objects.filter(
        assessment__in=Assessment.objects.published().filter(campaign=campaign),
        value__isnull=False,
    ).values_list("assessment_id", "indicator_code", "value"):
        values.setdefault(code, {})[column_of[assessment]] = value
    allowed = {}
    for indicator in framework.indicators:
        answers = values.get(indicator.code, {})
        answered = np.zeros(len(universe.assessments), dtype=bool)
        answered[list(answers)] = True
        categories = []
        for condition, _ in _marks(indicator):
            category = np.zeros(len(universe.assessments), dtype=bool)
            category[[column for column, value in answers.items() if condition(value)]] = True
            categories.append(category)
        shown = universe.groups.shares_publishable(
            answered, categories, min_group(), hidden=universe.hidden_answers, among=comparisons
        )
        allowed[indicator.code] = universe.groups.named(shown)
    return allowed


def indicator_shares(campaign: Campaign, group: PeerGroup) -> list[IndicatorShares]:
    """For each indicator of the framework, what share of the group's published answers
    reach a clear mark (one aggregate query, cached), when the statistical secrecy lets it
    be published (ADR 0009). Every published assessment counts, whatever its publication
    choice: only the anonymous share is shown."""
    framework = get_framework(campaign.edition)

    def compute() -> list[IndicatorShares]:
        allowed = cached_results(
            campaign.pk, "dashboard:shares-secrecy", lambda: _shares_secrecy(campaign)
        )
        counts: dict[str, dict[float, int]] = {}
        rows = (
            Answer.objects.filter(
                assessment__in=_published(campaign, group).values("pk"), value__isnull=False
            )
            .values_list("indicator_code", "value")
            .annotate(count=Count("pk"))
            .order_by()
        )
        for code, value, count in rows:
            counts.setdefault(code, {})[value] = count
        results = []
        for indicator in framework.indicators:
            by_value = counts.get(indicator.code, {})
            answered = sum(by_value.values())
            shown = group.key in allowed[indicator.code]
            results.append(
                IndicatorShares(
                    indicator=indicator,
                    answered=answered,
                    shares=_shares(indicator, by_value, answered) if shown else [],
                )
            )
        return results

    return cached_results(campaign.pk, f"dashboard:shares:{group.key}", compute)


# ------------------------------------------------------------------ evolution


def _signature(edition: int) -> tuple:
    """What makes two framework editions comparable: the same axes and indicator codes."""
    framework = get_framework(edition)
    return tuple((axis.code, tuple(i.code for i in axis.indicators)) for axis in framework.axes)


@dataclasses.dataclass(frozen=True)
class EvolutionPoint:
    campaign: Campaign
    assessment: Assessment


@dataclasses.dataclass(frozen=True)
class Evolution:
    points: list[EvolutionPoint]  # comparable campaigns, oldest first
    not_compared: list[Campaign]  # campaigns of another framework edition


def evolution(campaigns: list[DashboardCampaign], campaign: Campaign) -> Evolution:
    """The collectivité's own results over the campaigns it answered (among those the user
    may see), compared only when their framework edition has the same axes and indicators."""
    reference = _signature(campaign.edition)
    points, not_compared = [], []
    for item in sorted(campaigns, key=lambda item: item.campaign.year):
        if item.assessment is None:
            continue
        if _signature(item.campaign.edition) == reference:
            points.append(EvolutionPoint(item.campaign, item.assessment))
        else:
            not_compared.append(item.campaign)
    return Evolution(points, not_compared)


# ------------------------------------------------------------------ roll-ups


@dataclasses.dataclass(frozen=True)
class MemberRollup:
    """The published results of one kind of members (communes or EPCI) of a territory."""

    kind_label: str  # « communes », « EPCI à fiscalité propre »
    noun: str  # as a count writes it (``core.formats.counted``): « une commune »
    total: int
    published: int
    metrics: dict[str, Distribution]
    levels: list[tuple[int, str, int]]  # (level, name, count); empty unless shown
    shown: bool  # whether the statistical secrecy lets the group be published

    @property
    def share(self) -> int:
        return _percent(self.published, self.total) if self.total else 0

    @property
    def with_index(self) -> int:
        return sum(count for _, _, count in self.levels)


def member_territories(territory: Territory) -> list[tuple[str, object, str]]:
    """The members rolled up on a territory's dashboard: (kind, queryset of territories, key
    of the group in ``secrecy.group_keys``)."""
    current = Territory.objects.current()
    if territory.kind == TerritoryKind.EPCI:
        communes = current.filter(kind=TerritoryKind.COMMUNE, epci=territory)
        return [(TerritoryKind.COMMUNE, communes, f"members-epci-{territory.pk}")]
    if territory.kind == TerritoryKind.DEPARTEMENT:
        area, name = Q(departement=territory), "departement"
    else:
        area, name = Q(region=territory), "region"
    communes = current.filter(area, kind=TerritoryKind.COMMUNE)
    members = [(TerritoryKind.COMMUNE, communes, f"{name}-commune-{territory.pk}")]
    if territory.kind != TerritoryKind.COLLECTIVITE_OUTRE_MER:
        epcis = current.filter(kind=TerritoryKind.EPCI, pk__in=communes.values("epci_id"))
        members.append((TerritoryKind.EPCI, epcis, f"members-epci-{name}-{territory.pk}"))
    return members


def rollup(campaign: Campaign, territory: Territory) -> list[MemberRollup]:
    """Participation and the distribution of the members' published scores (cached).

    Only anonymous figures: no member's own score is given here.
    """
    framework = get_framework(campaign.edition)

    def compute() -> list[MemberRollup]:
        universe = campaign_groups(campaign)
        results = []
        for kind, members, key in member_territories(territory):
            rows = list(
                Assessment.objects.published()
                .filter(campaign=campaign, territory__in=members)
                .values_list("score__index", "score__axis_scores", "score__level")
            )
            statistics = _secret(
                GroupStatistics(
                    len(rows),
                    distributions([(index, axes) for index, axes, _ in rows], framework),
                    True,
                ),
                universe,
                key,
            )
            counts = Counter(level for _, _, level in rows if level)
            results.append(
                MemberRollup(
                    kind_label=KIND_PLURALS[kind],
                    noun=KIND_COUNTED[kind],
                    total=members.count(),
                    published=len(rows),
                    metrics=statistics.metrics,
                    levels=[
                        (level.level, level.name, counts.get(level.level, 0))
                        for level in framework.levels
                    ]
                    if statistics.shown and key in universe.levels_allowed
                    else [],
                    shown=statistics.shown,
                )
            )
        return results

    return cached_results(campaign.pk, f"dashboard:rollup:{territory.pk}", compute)


# ------------------------------------------------------------------ the colleague's selectors


def own_results(assessment: Assessment, *, with_answers: bool) -> dict:
    """What would raise the level and the obligations, from the answers (``with_answers``:
    only for those who may see them: members, staff, or answers published as open data)."""
    if not with_answers:
        return {"improvements": [], "path": [], "obligations": []}
    return results_selectors.assessment_progress(assessment)
