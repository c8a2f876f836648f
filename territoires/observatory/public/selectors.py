"""Public reads of the observatory's results: what anyone may see, and nothing more.

Every public page, file, API response and widget reads through this module,
on top of the querysets that say what is public:

- a collectivité's own scores: ``Assessment.objects.public_scores()``;
- its answers: publication « données ouvertes » within ``published()``;
- aggregates (by département, région or stratum): every ``published()``
  assessment counts, whatever its publication choice, but a group of fewer
  than ``OBSERVATORY_PEER_MIN_GROUP`` assessments is never given, and a
  statistic is left empty unless that many assessments of the group have a
  published score for it.

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
from territoires.observatory.enums import CampaignStatus, Publication
from territoires.observatory.framework import Framework, get_framework
from territoires.observatory.models import Answer, Assessment, Campaign
from territoires.observatory.peers import peer_statistics

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


def campaign_aggregates(campaign: Campaign, group_by: GroupBy) -> list[GroupAggregate]:
    """Statistics of the published assessments of ``campaign`` by group, groups under the
    minimum size left out; ordered by group code.

    Median and quartiles are those of the peer statistics (``peers.py``): a
    column's statistics are empty unless the minimum number of the group's
    assessments have a published score in it.
    """
    framework: Framework = get_framework(campaign.edition)
    axis_codes = [axis.code for axis in framework.axes]
    rows = [
        row
        for row in with_areas(Assessment.objects.published().filter(campaign=campaign))
        .order_by("pk")
        .values_list(GROUP_FIELDS[group_by], "score__index", "score__axis_scores")
        if row[0]  # an EPCI has no département or région
    ]
    if not rows:
        return []
    keys = [key for key, _, _ in rows]
    scores = np.array(
        [
            [
                np.nan if index is None else index,
                *(np.nan if (axes or {}).get(code) is None else axes[code] for code in axis_codes),
            ]
            for _, index, axes in rows
        ],
        dtype=float,
    )
    min_group = settings.OBSERVATORY_PEER_MIN_GROUP
    statistics = peer_statistics(scores, keys, np.ones(len(rows), dtype=bool), min_group=min_group)
    sizes = Counter(keys)
    first_row = {}
    for row, key in enumerate(keys):
        first_row.setdefault(key, row)
    names = _group_names(group_by)
    aggregates = []
    for key in sorted(first_row):
        if sizes[key] < min_group:
            continue
        row = first_row[key]
        aggregates.append(
            GroupAggregate(
                code=key,
                name=names.get(key, key),
                count=sizes[key],
                index=Quartiles(
                    median=_optional(statistics.median[row, 0]),
                    first_quartile=_optional(statistics.first_quartile[row, 0]),
                    third_quartile=_optional(statistics.third_quartile[row, 0]),
                ),
                axis_medians={
                    code: _optional(statistics.median[row, column])
                    for column, code in enumerate(axis_codes, start=1)
                },
            )
        )
    return aggregates
