"""Reads of the catalogue that span models or depend on who reads: users of a fiche, its map
and counts, the communs of a territory, the figures of the home page, the help on a gap."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from territoires.commons.enums import CommunStatus, ReportStatus
from territoires.commons.models import Commun, ExperienceReport, StratumUse, Usage
from territoires.geo.enums import TerritoryKind, Zone
from territoires.geo.models import Territory
from territoires.observatory.cache import cached_results
from territoires.observatory.enums import CampaignStatus, Publication
from territoires.observatory.maps import MapClass, choropleth
from territoires.observatory.models import Assessment, AssessmentScore, Campaign

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
    beside each, the median score on the axis of those users whose assessment of the last
    published campaign is published, when there are at least ``OBSERVATORY_PEER_MIN_GROUP``
    of them.

    The ranking is read from the counts by stratum and axis (``StratumUse``), the
    collectivité's own usages taken out, with the users of each commun; the scores of the
    stratum are kept with the campaign's cached results."""
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
        .values_list("axis", "commun_id", "users", "territories")
    )
    ranked: dict[str, list[tuple[int, int]]] = defaultdict(list)
    users_of: dict[int, set[int]] = {}
    for axis, commun_id, users, territories in rows:
        ranked[axis].append((-(users - (commun_id in own)), commun_id))
        users_of[commun_id] = set(territories) - {territory.pk}
    shown = {
        axis: [commun_id for minus_users, commun_id in sorted(found) if minus_users][:per_axis]
        for axis, found in ranked.items()
    }
    wanted = {commun_id for ids in shown.values() for commun_id in ids}
    communs = Commun.objects.only("name", "slug").in_bulk(wanted)
    scores = _stratum_axis_scores(territory.stratum) if users_of else {}
    hidden = {
        gap.axis: {
            t
            for t, (values, secret) in scores.items()
            if secret and values.get(gap.axis) is not None
        }
        for gap in gaps
    }
    return [
        AxisHelp(
            axis=gap.axis,
            name=gap.name,
            peer_median=gap.peer_median,
            communs=[
                CommunHelp(
                    commun=communs[commun_id],
                    users=len(users_of[commun_id]),
                    users_median=_users_median(
                        users_of[commun_id], scores, gap.axis, hidden[gap.axis]
                    ),
                )
                for commun_id in shown[gap.axis]
            ],
        )
        for gap in gaps
        if shown.get(gap.axis)
    ]


def _users_median(
    users: set[int], scores: dict[int, tuple[dict, bool]], axis: str, hidden: set[int]
) -> float | None:
    """The median score on ``axis`` of a commun's ``users`` whose assessment is published
    (``scores``: those of the stratum, with whether they are hidden; ``hidden``: the stratum's
    hidden ones with a score on the axis), or none:
    - over fewer than the minimum group;
    - when its users whose scores are hidden (« agrégats anonymes seulement ») number 1 to
      the minimum group - 1: the others' scores are public, and subtracting them would leave
      those few to guess;
    - when the stratum's hidden scores outside its users number 1 to the minimum group - 1:
      the stratum's median is shown beside it, and the two could be differenced (ADR 0009)."""
    min_group = settings.OBSERVATORY_PEER_MIN_GROUP
    if 0 < len(hidden & users) < min_group or 0 < len(hidden - users) < min_group:
        return None
    values = [
        scores[t][0][axis] for t in users if t in scores and scores[t][0].get(axis) is not None
    ]
    return median_if_enough(values, min_group)


def _stratum_axis_scores(stratum: str) -> dict[int, tuple[dict[str, float], bool]]:
    """The axis scores of the published assessments of the last published campaign in
    ``stratum``, by territory, with whether they are hidden (« agrégats anonymes
    seulement »): cached until the campaign's results change."""
    campaign = Campaign.objects.filter(status=CampaignStatus.PUBLISHED).order_by("-year").first()
    if campaign is None:
        return {}

    def compute() -> dict[int, tuple[dict[str, float], bool]]:
        rows = AssessmentScore.objects.filter(
            assessment__in=Assessment.objects.published().filter(
                campaign=campaign, territory__stratum=stratum
            )
        ).values_list("assessment__territory_id", "axis_scores", "assessment__publication")
        return {
            territory_id: (scores, publication == Publication.AGGREGATES)
            for territory_id, scores, publication in rows
        }

    return cached_results(campaign.pk, f"commons:stratum-scores:{stratum}", compute)
