"""Public reads of the observatory's results: what anyone may see, and nothing more.

Every public page, file, API response and widget reads through this module,
on top of the querysets that say what is public:

- a collectivité's own scores: ``Assessment.objects.public_scores()``;
- its answers: publication « données ouvertes » within ``published()``;
- aggregates (nationally, by département, région or stratum): every
  ``published()`` assessment counts, whatever its publication choice, and a
  group or one of its statistics is given only when the statistical secrecy
  lets it be, over the campaign's whole fixed set of groups (``secrecy.py``,
  ADR 0009; ``campaign_groups``): never under ``OBSERVATORY_PEER_MIN_GROUP``,
  never beside another group that differs from it by fewer, never when it
  would give away a private member's score from the public ones.

Drafts and campaigns that are not published never appear: ``published()``
excludes them.
"""

import dataclasses
from collections import Counter

import numpy as np
from django.conf import settings
from django.db import models
from django.db.models import Case, F, QuerySet, When

from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory
from territoires.geo.strata import STRATUM_LABELS
from territoires.observatory.cache import cached_results
from territoires.observatory.enums import CampaignStatus, Publication
from territoires.observatory.framework import get_framework
from territoires.observatory.models import Answer, Assessment, Campaign
from territoires.observatory.peers import peer_statistics, score_matrix
from territoires.observatory.secrecy import NATIONAL, Groups, group_keys

# A département or collectivité d'outre-mer is its own département; a région or
# collectivité d'outre-mer its own région. An EPCI, which may span several
# départements, has neither in the référentiel.
OWN_DEPARTEMENT_KINDS = (TerritoryKind.DEPARTEMENT, TerritoryKind.COLLECTIVITE_OUTRE_MER)
OWN_REGION_KINDS = (TerritoryKind.REGION, TerritoryKind.COLLECTIVITE_OUTRE_MER)


class GroupBy(models.TextChoices):
    """The groupings of the aggregates."""

    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    STRATUM = "stratum", "Strate"


# The field or annotation (``with_areas``) that holds each assessment's group code.
GROUP_FIELDS = {
    GroupBy.DEPARTEMENT: "departement_code",
    GroupBy.REGION: "region_code",
    GroupBy.STRATUM: "territory__stratum",
}


def published_campaigns() -> QuerySet[Campaign]:
    """Campaigns whose results are public, the most recent first."""
    return Campaign.objects.filter(status=CampaignStatus.PUBLISHED).order_by("-year")


def published_campaign(year: int) -> Campaign | None:
    return published_campaigns().filter(year=year).first()


def with_areas(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Annotate ``departement_code`` and ``region_code`` of each assessment's collectivité."""
    return assessments.annotate(
        departement_code=Case(
            When(territory__kind__in=OWN_DEPARTEMENT_KINDS, then=F("territory__code")),
            default=F("territory__departement__code"),
        ),
        region_code=Case(
            When(territory__kind__in=OWN_REGION_KINDS, then=F("territory__code")),
            default=F("territory__region__code"),
        ),
    )


def public_scores(campaign: Campaign | None = None) -> QuerySet[Assessment]:
    """Assessments whose own scores are public (with their score, territory and campaign).

    Annotated with the département and région codes (``with_areas``); ordered
    by campaign (most recent first), kind and code.
    """
    assessments = Assessment.objects.public_scores().filter(score__isnull=False)
    if campaign is not None:
        assessments = assessments.filter(campaign=campaign)
    return with_areas(
        assessments.select_related("territory", "campaign", "score").order_by(
            "-campaign__year", "territory__kind", "territory__code"
        )
    )


def open_answers(campaign: Campaign) -> QuerySet[Answer]:
    """Answers published as open data in ``campaign``, by collectivité then indicator."""
    open_data = Assessment.objects.published().filter(
        campaign=campaign, publication=Publication.OPEN_DATA
    )
    return Answer.objects.filter(assessment__in=open_data).order_by(
        "assessment__territory__kind", "assessment__territory__code", "indicator_code"
    )


@dataclasses.dataclass(frozen=True)
class Quartiles:
    median: float | None
    first_quartile: float | None
    third_quartile: float | None


@dataclasses.dataclass(frozen=True)
class GroupAggregate:
    """The anonymous statistics of one group of published assessments."""

    code: str
    name: str
    count: int  # published assessments of the group
    index: Quartiles
    axis_medians: dict[str, float | None]  # by axis code


def _optional(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 2)


def _group_names(group_by: GroupBy) -> dict[str, str]:
    if group_by == GroupBy.STRATUM:
        return STRATUM_LABELS
    kinds = OWN_DEPARTEMENT_KINDS if group_by == GroupBy.DEPARTEMENT else OWN_REGION_KINDS
    return dict(Territory.objects.filter(kind__in=kinds).values_list("code", "name"))


@dataclasses.dataclass(frozen=True)
class CampaignStatistics:
    """The anonymous statistics of a campaign's published assessments."""

    # Over the whole country, per score column (the index, then each axis in the
    # framework's order): assessments with a published score, and their quartiles
    # (None under the minimum group size).
    national: list[tuple[int, Quartiles | None]]
    groups: dict[GroupBy, list[GroupAggregate]]


def campaign_statistics(campaign: Campaign) -> CampaignStatistics:
    """Statistics of the published assessments of ``campaign``, nationally and by group.

    One read of the scores serves every grouping; cached until the campaign's
    results change. Median and quartiles are those of the peer statistics
    (``peers.py``); a group the statistical secrecy withholds is left out, and a
    column's statistics are empty where it withholds them (``campaign_groups``).
    """
    return cached_results(campaign.pk, "statistics", lambda: _statistics(campaign))


def campaign_aggregates(campaign: Campaign, group_by: GroupBy) -> list[GroupAggregate]:
    """The groups of ``campaign_statistics`` by ``group_by``, ordered by group code."""
    return campaign_statistics(campaign).groups[group_by]


@dataclasses.dataclass(frozen=True)
class GroupUniverse:
    """Every published group of a campaign's published assessments (``secrecy.group_keys``).

    ``groups`` says which assessments (``assessments``, by pk; ``territories``, their
    collectivités' ids) each group of ``keys`` counts; ``scores`` (A, 1 + X) holds their
    scores (NaN where there is none), ``levels`` (A,) their maturity level (0 for none);
    ``hidden_scores`` and ``hidden_answers`` (A,) mark those whose scores, or answers, their
    collectivité did not make public."""

    groups: Groups
    assessments: list[int]
    territories: list[int]
    scores: np.ndarray
    levels: np.ndarray
    hidden_scores: np.ndarray
    hidden_answers: np.ndarray
    allowed: tuple[frozenset[str], ...]  # over the members, then over each score column
    levels_allowed: frozenset[str]

    @property
    def keys(self) -> list[str]:
        return self.groups.keys

    def publishable(self, column: int | None = None) -> frozenset[str]:
        """The groups whose figures may be published (ADR 0009): over their members, or
        over those with a score in ``column`` (0 for the index, then each axis)."""
        return self.allowed[0 if column is None else column + 1]


def group_universe(campaign: Campaign) -> GroupUniverse:
    """The published groups of ``campaign``, who counts in each (one query) and what the
    statistical secrecy lets be published over them (computed once per campaign's results)."""
    axis_codes = [axis.code for axis in get_framework(campaign.edition).axes]
    rows = list(
        with_areas(Assessment.objects.published().filter(campaign=campaign))
        .order_by("pk")
        .values_list(
            "pk",
            "territory__kind",
            "territory__stratum",
            "territory__departement_id",
            "territory__region_id",
            "territory__epci_nature",
            "territory__population",
            "departement_code",
            "region_code",
            "score__index",
            "score__axis_scores",
            "territory__epci_id",
            "territory_id",
            "publication",
            "score__level",
        )
    )
    epci_areas: dict[int, set] = {}
    for epci, departement, region in (
        Territory.objects.current()
        .filter(kind=TerritoryKind.COMMUNE, epci__isnull=False)
        .values_list("epci_id", "departement_id", "region_id")
        .distinct()
    ):
        epci_areas.setdefault(epci, set()).add((departement, region))
    groups = Groups(
        [
            group_keys(
                **dict(
                    zip(
                        ("kind", "stratum", "departement_id", "region_id", "epci_nature"),
                        row[1:6],
                        strict=True,
                    ),
                    population=row[6],
                    departement_code=row[7],
                    region_code=row[8],
                    epci_id=row[11],
                    epci_areas=frozenset(epci_areas.get(row[12], ()))
                    if row[1] == TerritoryKind.EPCI
                    else frozenset(),
                )
            )
            for row in rows
        ]
    )
    scores = score_matrix([row[9:11] for row in rows], axis_codes)
    hidden_scores = np.array([row[13] == Publication.AGGREGATES for row in rows], dtype=bool)
    levels = np.array([row[14] or 0 for row in rows], dtype=np.int64)
    k = settings.OBSERVATORY_PEER_MIN_GROUP
    every = np.ones(len(rows), dtype=bool)
    masks = [every, *(~np.isnan(column) for column in scores.T)]
    shown = [groups.publishable(mask, k, hidden=hidden_scores) for mask in masks]
    leveled = levels > 0
    levels_shown = groups.shares_publishable(
        leveled,
        [levels == level for level in np.unique(levels[leveled])],
        k,
        hidden=hidden_scores,
        partition=True,
    )
    return GroupUniverse(
        groups=groups,
        assessments=[row[0] for row in rows],
        territories=[row[12] for row in rows],
        scores=scores,
        levels=levels,
        hidden_scores=hidden_scores,
        hidden_answers=np.array([row[13] != Publication.OPEN_DATA for row in rows], dtype=bool),
        allowed=tuple(groups.named(mask) for mask in shown),
        levels_allowed=groups.named(levels_shown),
    )


def campaign_groups(campaign: Campaign) -> GroupUniverse:
    """``group_universe``, cached until the campaign's results change."""
    return cached_results(campaign.pk, "secrecy:groups", lambda: group_universe(campaign))


# The prefix of each grouping's keys in ``secrecy.group_keys``.
GROUP_KEYS = {
    GroupBy.DEPARTEMENT: "aggregate-departement-",
    GroupBy.REGION: "aggregate-region-",
    GroupBy.STRATUM: "strate-",
}


def _statistics(campaign: Campaign) -> CampaignStatistics:
    axis_codes = [axis.code for axis in get_framework(campaign.edition).axes]
    universe = campaign_groups(campaign)
    rows = list(
        with_areas(Assessment.objects.published().filter(campaign=campaign))
        .order_by("pk")
        .values_list(*GROUP_FIELDS.values(), "score__index", "score__axis_scores")
    )
    scores = score_matrix([row[len(GROUP_FIELDS) :] for row in rows], axis_codes)
    min_group = settings.OBSERVATORY_PEER_MIN_GROUP
    national = peer_statistics(
        scores,
        np.zeros(len(rows)),
        np.ones(len(rows), dtype=bool),
        min_group=min_group,
        ranks=False,
    )
    counts = (~np.isnan(scores)).sum(axis=0)
    return CampaignStatistics(
        national=[
            (
                int(counts[column]),
                Quartiles(
                    *(
                        round(float(getattr(national, field)[0, column]), 2)
                        for field in ("median", "first_quartile", "third_quartile")
                    )
                )
                if NATIONAL in universe.publishable(column)
                else None,
            )
            for column in range(scores.shape[1])
        ],
        groups={
            group_by: _aggregates(
                group_by, [row[position] for row in rows], scores, axis_codes, universe
            )
            for position, group_by in enumerate(GROUP_FIELDS)
        },
    )


def _aggregates(
    group_by: GroupBy,
    keys: list,
    scores: np.ndarray,
    axis_codes: list[str],
    universe: GroupUniverse,
) -> list[GroupAggregate]:
    """The statistics of the groups with ``keys`` (empty: no group, as an EPCI has no
    département) that the statistical secrecy lets be published (ADR 0009): a group left
    out, or one of its statistics left empty, as ``universe`` says."""
    grouped = np.array([bool(key) for key in keys], dtype=bool)
    keys = [key for key in keys if key]
    if not keys:
        return []
    statistics = peer_statistics(
        scores[grouped],
        keys,
        np.ones(len(keys), dtype=bool),
        min_group=settings.OBSERVATORY_PEER_MIN_GROUP,
        ranks=False,
    )
    sizes = Counter(keys)
    first_row = {}
    for row, key in enumerate(keys):
        first_row.setdefault(key, row)
    names = _group_names(group_by)
    aggregates = []
    for key in sorted(first_row):
        name = f"{GROUP_KEYS[group_by]}{key}"
        if name not in universe.publishable():
            continue
        row = first_row[key]

        def secret(column: int, value: float, name: str = name) -> float | None:
            return _optional(value) if name in universe.publishable(column) else None

        aggregates.append(
            GroupAggregate(
                code=key,
                name=names.get(key, key),
                count=sizes[key],
                index=Quartiles(
                    median=secret(0, statistics.median[row, 0]),
                    first_quartile=secret(0, statistics.first_quartile[row, 0]),
                    third_quartile=secret(0, statistics.third_quartile[row, 0]),
                ),
                axis_medians={
                    code: secret(column, statistics.median[row, column])
                    for column, code in enumerate(axis_codes, start=1)
                },
            )
        )
    return aggregates
