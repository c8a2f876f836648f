"""Reads of the catalogue that span models or depend on who reads: users of a fiche, its map
and counts, the communs of a territory, the figures of the home page, the help on a gap."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial

import numpy as np
from django.conf import settings
from django.db.models import Count, F, Max, Window
from django.db.models.functions import RowNumber

from territoires.commons.enums import CommunStatus, ReportStatus
from territoires.commons.models import Commun, ExperienceReport, StratumUse, Usage
from territoires.geo.enums import TerritoryKind, Zone
from territoires.geo.models import Territory
from territoires.observatory.cache import cached_results
from territoires.observatory.enums import CampaignStatus
from territoires.observatory.framework import get_framework
from territoires.observatory.maps import MapClass, choropleth
from territoires.observatory.models import Campaign
from territoires.observatory.public.selectors import campaign_groups

USAGE_CLASSES = (
    MapClass(0, 1, "Aucun utilisateur public"),
    MapClass(1, 2, "1 utilisateur"),
    MapClass(2, 5, "2 à 4 utilisateurs"),
    MapClass(5, float("inf"), "5 utilisateurs ou plus"),
)


def usages_for(commun: Commun, user):
    """The usages of a fiche the reader may see, largest collectivités first."""
    return (
        commun.usages.visible_to(user)
        .select_related("organisation__territory")
        .order_by("-organisation__territory__population", "organisation__name")
    )


def usage_kind(usage: Usage) -> str:
    """What kind of organisation uses it: the territory's kind, or the organisation's."""
    territory = usage.organisation.territory
    return territory.kind_label if territory else usage.organisation.get_kind_display()


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int


def usage_counts(commun: Commun) -> dict[str, list[CountRow]]:
    """Public users by kind of organisation and by stratum. Only public usages are counted:
    a usage visible to members never enters a public figure."""
    public = list(commun.usages.public().select_related("organisation__territory"))
    kinds = Counter(usage_kind(usage) for usage in public)
    strata = Counter(
        usage.organisation.territory.stratum_label
        for usage in public
        if usage.organisation.territory is not None
    )
    return {
        "kinds": [CountRow(label, count) for label, count in kinds.most_common()],
        "strata": [CountRow(label, count) for label, count in strata.most_common()],
    }


@dataclass(frozen=True)
class MapRow:
    code: str
    name: str
    url: str
    count: int


def usage_map(commun: Commun) -> dict:
    """The départements where the fiche has public users: the map and its data table."""
    counts = dict(
        commun.usages.public()
        .filter(organisation__territory__departement__isnull=False)
        .values_list("organisation__territory__departement__code")
        .annotate(count=Count("id"))
        .order_by()
    )
    # A département uses it itself, too.
    counts_own = Counter(
        commun.usages.public()
        .filter(organisation__territory__kind=TerritoryKind.DEPARTEMENT)
        .values_list("organisation__territory__code", flat=True)
    )
    for code, count in counts_own.items():
        counts[code] = counts.get(code, 0) + count
    departements = list(
        Territory.objects.current()
        .filter(kind=TerritoryKind.DEPARTEMENT)
        .exclude(zone=Zone.COM)
        .order_by("code")
    )
    urls = {territory.code: territory.get_absolute_url() for territory in departements}
    figure = choropleth(
        "departement",
        [(territory.code, territory.name, territory.zone) for territory in departements],
        {territory.code: counts.get(territory.code, 0) for territory in departements},
        USAGE_CLASSES,
        urls,
        value_label="utilisateurs publics",
    )
    rows = [
        MapRow(territory.code, territory.name, urls[territory.code], counts[territory.code])
        for territory in departements
        if counts.get(territory.code)
    ]
    return {"figure": figure, "rows": rows}


def territory_communs(territory: Territory, user) -> list[Usage]:
    """The communs the collectivité of ``territory`` uses, as its usages the reader may see."""
    return list(
        Usage.objects.visible_to(user)
        .filter(organisation__territory=territory, commun__status=CommunStatus.PUBLISHED)
        .select_related("commun")
        .order_by("commun__name")
    )


def territory_reports(territory: Territory) -> list[ExperienceReport]:
    return list(
        ExperienceReport.objects.published()
        .filter(authors__territory=territory)
        .order_by("-published_at")
    )


def catalogue_figures() -> dict:
    """The figures of the home page's pillar « Mutualiser »."""
    public = Usage.objects.public().filter(commun__status=CommunStatus.PUBLISHED)
    return {
        "communs": Commun.objects.published().count(),
        "users": public.values("organisation").distinct().count(),
        "usages": public.count(),
        "reports": ExperienceReport.objects.filter(status=ReportStatus.PUBLISHED).count(),
    }


@dataclass(frozen=True)
class CommunHelp:
    """A commun that comparable collectivités use for an axis, and how it serves them."""

    commun: Commun
    users: int  # collectivités of the same stratum using it (public usages)
    users_median: float | None  # their median score on the axis, over at least min_group


@dataclass(frozen=True)
class AxisHelp:
    axis: str
    name: str
    peer_median: float | None
    communs: list[CommunHelp]


def median_if_enough(values: list[float], min_group: int) -> float | None:
    """The median of ``values``; None for fewer than ``min_group`` of them (secrecy)."""
    if len(values) < min_group:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def gap_help(territory: Territory, gaps, *, per_axis: int = 5) -> list[AxisHelp]:
    """For each gap axis of a collectivité, the published communs serving the axis that
    collectivités of its stratum use (public usages), most used first (then the oldest fiche);
    beside each, the median score on the axis of its users whose assessment of the last
    published campaign is published, where the statistical secrecy lets it be
    (``users_medians``).

    The ranking is read from the counts by stratum and axis (``StratumUse``), the
    collectivité's own usages taken out, with the users of each commun."""
    if not gaps:
        return []
    own = set(
        Usage.objects.public()
        .filter(organisation__territory=territory)
        .values_list("commun_id", flat=True)
    )
    # The first per_axis + len(own) of each axis hold its top per_axis once the own usages
    # are taken out: each of those loses at most one user.
    first = Window(
        RowNumber(), partition_by=F("axis"), order_by=[F("users").desc(), F("commun_id").asc()]
    )
    rows = (
        StratumUse.objects.filter(stratum=territory.stratum, axis__in=[gap.axis for gap in gaps])
        .annotate(rank=first)
        .filter(rank__lte=per_axis + len(own))
        .values_list("axis", "commun_id", "users")
    )
    ranked: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for axis, commun_id, users in rows:
        ranked[axis].append((-(users - (commun_id in own)), commun_id))
    shown = {
        axis: [
            (-minus_users, commun_id) for minus_users, commun_id in sorted(found) if minus_users
        ][:per_axis]
        for axis, found in ranked.items()
    }
    wanted = {commun_id for found in shown.values() for _users, commun_id in found}
    communs = Commun.objects.only("name", "slug").in_bulk(wanted)
    medians = _stratum_medians(territory.stratum, list(shown)) if wanted else {}
    return [
        AxisHelp(
            axis=gap.axis,
            name=gap.name,
            peer_median=gap.peer_median,
            communs=[
                CommunHelp(
                    commun=communs[commun_id],
                    users=users,
                    users_median=medians.get((gap.axis, commun_id)),
                )
                for users, commun_id in shown[gap.axis]
            ],
        )
        for gap in gaps
        if shown.get(gap.axis)
    ]


def _stratum_medians(stratum: str, axes: list[str]) -> dict[tuple[str, int], float]:
    """``users_medians`` of each of ``axes`` in ``stratum``, by (axis, commun): cached until
    the campaign's results or the counts of the stratum on the axis change (their rows are
    written anew, with new keys, on every change)."""
    campaign = Campaign.objects.filter(status=CampaignStatus.PUBLISHED).order_by("-year").first()
    if campaign is None:
        return {}
    medians = {}
    for axis, count, last in (
        StratumUse.objects.filter(stratum=stratum, axis__in=axes)
        .values("axis")
        .annotate(count=Count("pk"), last=Max("pk"))
        .values_list("axis", "count", "last")
        .order_by()
    ):
        found = cached_results(
            campaign.pk,
            f"commons:users-medians:{stratum}:{axis}:{count}:{last}",
            partial(users_medians, campaign, stratum, axis),
        )
        medians.update(((axis, commun_id), median) for commun_id, median in found.items())
    return medians


def users_medians(campaign: Campaign, stratum: str, axis: str) -> dict[int, float]:
    """The median score on ``axis`` of the users in ``stratum`` of each commun, over their
    published assessments of ``campaign``, by commun, where it may be published: the same
    group on every page (all its users, the reader's collectivité too), and the rules of
    the observatory's statistical secrecy (ADR 0009) with the users of each commun as one
    more group of the campaign:
    - at least the minimum group of scores, and none or at least that many hidden ones
      (« agrégats anonymes seulement »: the others' scores are public);
    - against every group the observatory publishes on the axis (the stratum's median is
      shown beside it) and every commun's users whose median is given, if one holds the
      other, their hidden scores differ by none or at least the minimum group.
    The communs most used come first: of a pair that fails, the less used is withheld."""
    codes = [axis.code for axis in get_framework(campaign.edition).axes]
    if axis not in codes:
        return {}
    column = 1 + codes.index(axis)
    universe = campaign_groups(campaign)
    groups = universe.groups
    k = settings.OBSERVATORY_PEER_MIN_GROUP
    scored = ~np.isnan(universe.scores[:, column])
    hidden = universe.hidden_scores
    published = np.array([key in universe.publishable(column) for key in groups.keys], bool)
    sizes, unknown = groups.counts(scored), groups.counts(scored & hidden)
    peers = scored & groups.members(f"strate-{stratum}")
    position = {territory: index for index, territory in enumerate(universe.territories)}
    given: list[tuple[frozenset[int], int]] = []
    medians = {}
    for commun_id, territories in (
        StratumUse.objects.filter(stratum=stratum, axis=axis)
        .order_by("-users", "commun_id")
        .values_list("commun_id", "territories")
    ):
        members = [position[t] for t in territories if t in position and peers[position[t]]]
        secret = int(hidden[members].sum())
        if len(members) < k or 0 < secret < k:
            continue
        mask = np.zeros(len(scored), dtype=bool)
        mask[members] = True
        common = groups.counts(mask)
        nested = published & ((common == len(members)) | (common == sizes))
        apart = np.abs(unknown - secret)
        if np.any(nested & (apart > 0) & (apart < k)):
            continue
        group = frozenset(members)
        if any(
            (group <= other or other <= group) and 0 < abs(secret - other_secret) < k
            for other, other_secret in given
        ):
            continue
        given.append((group, secret))
        medians[commun_id] = median_if_enough(universe.scores[members, column].tolist(), k)
    return medians
