"""The national view of a published campaign: participation, national medians and maps.

Public reads only: participation counts published assessments; medians and
quartiles come from groups of at least ``OBSERVATORY_PEER_MIN_GROUP``
published assessments (``campaign_aggregates`` for départements and régions).
Everything is cached until the campaign's results change.
"""

import dataclasses

from django.db.models import Count
from django.urls import reverse

from territoires.geo.enums import KIND_PLURALS, KIND_URL_SEGMENTS, TerritoryKind, Zone
from territoires.geo.models import Territory
from territoires.geo.strata import STRATUM_LABELS
from territoires.observatory import matrices
from territoires.observatory.cache import cached_results
from territoires.observatory.enums import CampaignStatus
from territoires.observatory.framework import ASSESSED_KINDS, get_framework
from territoires.observatory.maps import choropleth, level_classes
from territoires.observatory.models import Assessment, Campaign
from territoires.observatory.public.selectors import (
    GroupBy,
    Quartiles,
    campaign_aggregates,
    campaign_statistics,
    published_campaigns,
)

MAP_KINDS = {
    GroupBy.DEPARTEMENT: TerritoryKind.DEPARTEMENT,
    GroupBy.REGION: TerritoryKind.REGION,
}


@dataclasses.dataclass(frozen=True)
class ParticipationRow:
    kind: str
    label: str  # the stratum, or the kind for a subtotal
    total: int  # current collectivités
    published: int  # of which with a published assessment
    is_subtotal: bool = False

    @property
    def share(self) -> float:
        return 100 * self.published / self.total if self.total else 0.0


@dataclasses.dataclass(frozen=True)
class MetricStatistics:
    code: str
    name: str
    count: int  # published assessments with a published score for this metric
    quartiles: Quartiles | None  # None under the minimum group size


@dataclasses.dataclass(frozen=True)
class MapRow:
    code: str
    name: str
    url: str
    count: int | None  # None under the minimum group size
    quartiles: Quartiles


def metrics(campaign: Campaign) -> list[tuple[str, str]]:
    """(code, name) of what a map can show: the index, then every axis."""
    return matrices.metrics(get_framework(campaign.edition))


def participation(campaign: Campaign) -> list[ParticipationRow]:
    """Collectivités and published assessments, by kind (subtotal first) then stratum."""
    collectivites = Territory.objects.current().filter(kind__in=ASSESSED_KINDS)
    totals = dict(collectivites.values_list("stratum").annotate(n=Count("id")).order_by())
    published = dict(
        Assessment.objects.published()
        .filter(campaign=campaign)
        .values_list("territory__stratum")
        .annotate(n=Count("id"))
        .order_by()
    )
    kinds_of = dict(collectivites.values_list("stratum", "kind").distinct())
    rows = []
    for kind in (k for k in TerritoryKind if k.value in ASSESSED_KINDS):
        strata = [code for code in STRATUM_LABELS if kinds_of.get(code) == kind]
        if not strata:
            continue
        kind_rows = [
            ParticipationRow(kind, STRATUM_LABELS[code], totals[code], published.get(code, 0))
            for code in strata
        ]
        rows.append(
            ParticipationRow(
                kind,
                KIND_PLURALS[kind][0].upper() + KIND_PLURALS[kind][1:],
                sum(row.total for row in kind_rows),
                sum(row.published for row in kind_rows),
                is_subtotal=True,
            )
        )
        if len(kind_rows) > 1:
            rows.extend(kind_rows)
    return rows


def cached_participation(campaign: Campaign) -> list[ParticipationRow]:
    """``participation``, the same for every metric: computed once per results."""
    return cached_results(campaign.pk, "national:participation", lambda: participation(campaign))


def national_statistics(campaign: Campaign) -> list[MetricStatistics]:
    """Median and quartiles of the index and of each axis over the published assessments."""
    national = campaign_statistics(campaign).national
    return [
        MetricStatistics(code, name, count, quartiles)
        for (code, name), (count, quartiles) in zip(metrics(campaign), national, strict=True)
    ]


def national_map(campaign: Campaign, group_by: GroupBy, metric: str, url_of) -> dict:
    """The choropleth of départements or régions by median ``metric``, with its table rows."""
    aggregates = {a.code: a for a in campaign_aggregates(campaign, group_by)}

    def median(code: str) -> float | None:
        aggregate = aggregates.get(code)
        if aggregate is None:
            return None
        return (
            aggregate.index.median
            if metric == matrices.INDEX
            else aggregate.axis_medians.get(metric)
        )

    territories = list(
        Territory.objects.current()
        .filter(kind=MAP_KINDS[group_by])
        .exclude(zone=Zone.COM)
        .order_by("code")
        .values_list("code", "name", "zone")
    )
    urls = {code: url_of(MAP_KINDS[group_by], code) for code, _, _ in territories}
    figure = choropleth(
        MAP_KINDS[group_by],
        territories,
        {code: median(code) for code, _, _ in territories},
        level_classes(get_framework(campaign.edition).levels),
        urls,
        value_label="médiane",
    )
    rows = []
    for code, name, _ in territories:
        aggregate = aggregates.get(code)
        quartiles = Quartiles(median(code), None, None)
        if aggregate is not None and metric == matrices.INDEX:
            quartiles = aggregate.index
        rows.append(
            MapRow(code, name, urls[code], aggregate.count if aggregate else None, quartiles)
        )
    return {"figure": figure, "rows": rows}


def dashboard_url(kind: str, code: str) -> str:
    """The observatory's page of a département or région: its results and roll-up."""
    segment = KIND_URL_SEGMENTS[kind]
    return reverse("observatory:dashboard", kwargs={"segment": segment, "code": code})


def national_view(campaign: Campaign, metric: str, url_of) -> dict:
    """Everything the national page shows for ``campaign`` and ``metric``, cached."""

    def compute() -> dict:
        return {
            "participation": cached_participation(campaign),
            "statistics": national_statistics(campaign),
            "departements": national_map(campaign, GroupBy.DEPARTEMENT, metric, url_of),
            "regions": national_map(campaign, GroupBy.REGION, metric, url_of),
        }

    return cached_results(campaign.pk, f"national:{metric}", compute)


@dataclasses.dataclass(frozen=True)
class Headline:
    """The Observatoire in a few figures: the campaign open to answers and how many started
    it, the last published campaign, how many collectivités published there and its national
    index (quartiles only for a group of the minimum size)."""

    open_campaign: Campaign | None
    open_count: int
    campaign: Campaign | None
    published_count: int
    index: MetricStatistics | None


def headline() -> Headline:
    open_campaign = Campaign.objects.filter(status=CampaignStatus.OPEN).order_by("-year").first()
    campaign = published_campaigns().first()
    published_count, index = 0, None
    if campaign is not None:
        rows = cached_participation(campaign)
        published_count = sum(row.published for row in rows if row.is_subtotal)
        index = national_statistics(campaign)[0]
    return Headline(
        open_campaign=open_campaign,
        open_count=open_campaign.assessments.count() if open_campaign else 0,
        campaign=campaign,
        published_count=published_count,
        index=index,
    )
