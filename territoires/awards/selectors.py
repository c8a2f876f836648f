"""Reads of the labels that span models: conflicts' inputs, rankings, progress, palmarès."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Q

from territoires.awards.assignment import ApplicationProfile, JurorProfile, conflict
from territoires.awards.enums import ApplicationStatus, EditionStatus, SheetStatus
from territoires.awards.models import (
    Application,
    Assignment,
    Category,
    DeclaredConflict,
    Edition,
    Juror,
    Jury,
    Score,
)
from territoires.awards.ranking import Ranked, rankings
from territoires.geo.models import Territory

HIERARCHY = ("region_id", "departement_id", "epci_id", "ept_id", "parent_id")


def territory_lineages(territory_ids) -> dict[int, frozenset[int]]:
    """Each territory with every territory above it in the référentiel (one query)."""
    rows = Territory.objects.filter(pk__in=set(territory_ids)).values_list("pk", *HIERARCHY)
    return {row[0]: frozenset(value for value in row if value is not None) for row in rows}


def application_profiles(applications) -> list[ApplicationProfile]:
    """What the conflicts read of each application: its organisations and territories."""
    applications = list(applications)
    through = Application.co_applicants.through.objects.filter(
        application_id__in=[application.pk for application in applications]
    ).values_list("application_id", "organisation_id", "organisation__territory_id")
    co_applicants = defaultdict(list)
    for application_id, organisation_id, territory_id in through:
        co_applicants[application_id].append((organisation_id, territory_id))
    pairs = {
        application.pk: [
            (application.organisation_id, application.organisation.territory_id),
            *co_applicants[application.pk],
        ]
        for application in applications
    }
    lineages = territory_lineages(
        territory for items in pairs.values() for _, territory in items if territory
    )
    profiles = []
    for application in applications:
        territories = frozenset(territory for _, territory in pairs[application.pk] if territory)
        profiles.append(
            ApplicationProfile(
                id=application.pk,
                organisation_ids=frozenset(
                    organisation for organisation, _ in pairs[application.pk]
                ),
                territory_ids=territories,
                lineage=frozenset().union(
                    *(lineages.get(territory, {territory}) for territory in territories)
                ),
            )
        )
    return profiles


def juror_profiles(jurors) -> list[JurorProfile]:
    jurors = list(jurors)
    lineages = territory_lineages(juror.territory_id for juror in jurors if juror.territory_id)
    return [
        JurorProfile(
            id=juror.pk,
            organisation_id=juror.organisation_id,
            territory_id=juror.territory_id,
            lineage=lineages.get(juror.territory_id, frozenset()),
        )
        for juror in jurors
    ]


def declared_pairs(jury: Jury) -> set[tuple[int, int]]:
    return set(
        DeclaredConflict.objects.filter(juror__jury=jury).values_list("juror_id", "application_id")
    )


def juror_conflict(juror: Juror, application: Application) -> str | None:
    """Why ``juror`` may not review ``application``, or None (a few queries)."""
    declared = set(
        DeclaredConflict.objects.filter(juror=juror, application=application).values_list(
            "juror_id", "application_id"
        )
    )
    return conflict(
        juror_profiles([juror])[0],
        application_profiles([application])[0],
        declared=declared,
        territories=application.edition.exclude_territory_conflicts,
    )


def jury_applications(jury: Jury):
    """The applications a jury reviews: those of its région, deposited, for a regional jury;
    the finalists for the national one."""
    applications = Application.objects.filter(edition_id=jury.edition_id).select_related(
        "organisation", "category"
    )
    if jury.is_national:
        return applications.finalists()
    return applications.filter(
        region_id=jury.region_id,
        status__in=[
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.ASSIGNED,
            ApplicationStatus.FINALIST,
            ApplicationStatus.NOT_SELECTED,
            ApplicationStatus.LAUREATE,
        ],
    )


def jury_sheets(jury: Jury) -> list[tuple[int, int, float]]:
    """The sent sheets of a jury, on applications still in the running, as the triples
    (application, juror, total) that a ``Sheet`` is (plain tuples: ten thousand of them)."""
    rows = (
        Assignment.objects.scored()
        .filter(juror__jury=jury)
        .exclude(application__status=ApplicationStatus.WITHDRAWN)
        .values_list("application_id", "juror_id", "total")
    )
    return list(rows)


@dataclass(frozen=True)
class RankedApplication:
    """What a ranking shows of an application (read as plain values: thousands of rows)."""

    pk: int
    title: str
    organisation: str
    category: str


@dataclass(frozen=True)
class RankingRow:
    application: RankedApplication
    ranked: Ranked


def _ranking_rows(sheets: list[tuple[int, int, float]], edition_id: int) -> list[RankingRow]:
    """The ranked applications of ``sheets``, all of the edition ``edition_id`` (read by their
    edition: one short query, where a list of thousands of keys would not be)."""
    ranked = rankings(sheets)
    applications = {
        row[0]: RankedApplication(*row)
        for row in Application.objects.filter(edition_id=edition_id).values_list(
            "pk", "title", "organisation__name", "category__name"
        )
    }
    return [RankingRow(applications[row.application_id], row) for row in ranked]


def jury_ranking(jury: Jury) -> list[RankingRow]:
    return _ranking_rows(jury_sheets(jury), jury.edition_id)


def edition_ranking(edition: Edition) -> list[RankingRow]:
    """The regional juries' sheets ranked together: the staff chooses the finalists from it.

    The z-scores are per juror, so that regional juries of different severity weigh alike.
    """
    sheets = []
    for jury in edition.juries.filter(region__isnull=False):
        sheets.extend(jury_sheets(jury))
    return _ranking_rows(sheets, edition.pk)


@dataclass(frozen=True)
class JurorProgress:
    juror: Juror
    assigned: int
    scored: int


def jury_progress(jury: Jury) -> list[JurorProgress]:
    jurors = jury.jurors.select_related("user", "organisation").annotate(
        assigned=Count("assignments", filter=~Q(assignments__status=SheetStatus.CANCELLED)),
        scored=Count("assignments", filter=Q(assignments__status=SheetStatus.SUBMITTED)),
    )
    return [JurorProgress(juror, juror.assigned, juror.scored) for juror in jurors]


def juror_assignments(user):
    """The person's active sheets, every jury and edition, newest edition first."""
    return (
        Assignment.objects.active()
        .filter(juror__user=user, juror__withdrawn_at__isnull=True)
        .select_related("application__edition", "application__organisation", "juror__jury")
        .order_by("-application__edition__year", "application__title")
    )


def other_sheets(assignment: Assignment) -> list[list[Score]]:
    """The other sent sheets of the same application and jury, each a list of marks, in an
    order that names nobody (the juror sees their peers' marks, never who gave them)."""
    others = (
        Assignment.objects.scored()
        .filter(application_id=assignment.application_id, juror__jury_id=assignment.juror.jury_id)
        .exclude(pk=assignment.pk)
        .order_by("total", "pk")
        .prefetch_related("scores__criterion")
    )
    return [list(sheet.scores.all()) for sheet in others]


def current_edition() -> Edition | None:
    """The latest edition past its preparation."""
    return Edition.objects.public().order_by("-year").first()


def last_palmares() -> Edition | None:
    return Edition.objects.published().order_by("-year").first()


def palmares(edition: Edition) -> list[tuple[Category, list[Application]]]:
    """The laureates of each category, labels first (empty before the palmarès)."""
    if edition.status != EditionStatus.PUBLISHED:
        return []
    laureates = defaultdict(list)
    for application in (
        edition.applications.laureates()
        .select_related("organisation__territory")
        .prefetch_related("co_applicants")
        .order_by("award_kind", "title")
    ):
        laureates[application.category_id].append(application)
    return [
        (category, laureates[category.pk])
        for category in edition.categories.all()
        if laureates[category.pk]
    ]


def vote_counts(edition: Edition) -> list[tuple[Application, int]]:
    """The finalists and their votes for the prix du public, most voted first."""
    finalists = edition.applications.finalists().annotate(vote_total=Count("votes"))
    return [
        (application, application.vote_total)
        for application in finalists.order_by("-vote_total", "title")
    ]


def organisation_labels(organisation_id: int):
    """The labels and mentions a collectivité won (lead or co-applicant), in published
    editions, newest first."""
    return (
        Application.objects.laureates()
        .filter(edition__status=EditionStatus.PUBLISHED)
        .of_organisation(organisation_id)
        .select_related("edition", "category")
        .order_by("-edition__year", "title")
    )


@dataclass(frozen=True)
class AggregatedSheet:
    application: Application
    sheets: int
    criteria: list[tuple[str, float]]  # (criterion, mean mark)


def aggregated_sheets(edition: Edition) -> list[AggregatedSheet]:
    """The finalists' mean mark per criterion over every juror, when the edition publishes
    them and once its palmarès is public; never over fewer sheets than the site's minimum
    group, so that no juror's marks can be read back."""
    if not (edition.publish_score_sheets and edition.status == EditionStatus.PUBLISHED):
        return []
    minimum = settings.OBSERVATORY_PEER_MIN_GROUP
    finalists = {
        application.pk: application
        for application in edition.applications.finalists().order_by("title")
    }
    rows = (
        Score.objects.filter(
            assignment__status=SheetStatus.SUBMITTED, assignment__application_id__in=finalists
        )
        .values("assignment__application_id", "criterion__name", "criterion__order")
        .annotate(mean=Avg("mark"), sheets=Count("assignment_id"))
        .order_by("assignment__application_id", "criterion__order", "criterion__name")
    )
    grouped = defaultdict(list)
    counts: dict[int, int] = {}
    for row in rows:
        if row["sheets"] < minimum:
            continue
        key = row["assignment__application_id"]
        grouped[key].append((row["criterion__name"], row["mean"]))
        counts[key] = max(counts.get(key, 0), row["sheets"])
    return [
        AggregatedSheet(finalists[key], counts[key], grouped[key])
        for key in finalists
        if key in counts
    ]
