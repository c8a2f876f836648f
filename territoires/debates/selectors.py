"""Reads of the debates: the national list and map, a debate's page and its statistics, what
a person may see of their own."""

import dataclasses
import datetime

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.utils import timezone

from territoires.accounts.enums import Role
from territoires.accounts.models import Organisation
from territoires.debates import perms
from territoires.debates.enums import ContributionKind, DebateStatus
from territoires.debates.models import Contribution, ContributionTransition, Debate, Participant
from territoires.debates.stats import weekly_counts
from territoires.geo.models import Territory


def debate_with_rights(user, pk: int) -> tuple[Debate, perms.DebateRights]:
    """The debate and the user's rights on it; 404 for a debate they may not see (a draft
    appears nowhere, not even as a refusal)."""
    debate = Debate.objects.select_related("organisation", "territory").filter(pk=pk).first()
    if debate is None:
        raise Http404("Débat introuvable.")
    rights = perms.debate_rights(user, debate)
    if not rights.can_view:
        raise Http404("Débat introuvable.")
    return debate, rights


def public_debates(*, subject: str = "", region: str = "", departement: str = "", status: str = ""):
    """The public debates, filtered, with their territory and number of contributions."""
    debates = Debate.objects.public().select_related("territory", "organisation")
    if subject:
        debates = debates.filter(subject=subject)
    if region:
        debates = debates.filter(region_code=region)
    if departement:
        debates = debates.filter(departement_code=departement)
    if status:
        debates = debates.filter(status=status)
    return debates.annotate(contribution_count=Count("contributions")).order_by("-opens_on", "-pk")


def territory_choices(kind: str) -> list[tuple[str, str]]:
    """The current régions or départements as (code, name), for the filters."""
    return list(
        Territory.objects.current().filter(kind=kind).order_by("code").values_list("code", "name")
    )


def debates_by_departement(debates) -> dict[str, int]:
    """How many of ``debates`` each département holds (a debate of a région or of an EPCI
    spread over several départements counts in none)."""
    rows = (
        debates.order_by()
        .exclude(departement_code="")
        .values("departement_code")
        .annotate(count=Count("pk", distinct=True))
    )
    return {row["departement_code"]: row["count"] for row in rows}


@dataclasses.dataclass(frozen=True)
class Counts:
    contributions: int
    participants: int
    supports: int
    threads: int  # the contributions that open a thread: the length of the page's list


def debate_counts(debate: Debate) -> Counts:
    """The figures at the top of a debate's page (two queries)."""
    totals = Contribution.objects.filter(debate=debate).aggregate(
        contributions=Count("pk"),
        threads=Count("pk", filter=Q(parent__isnull=True)),
        supports=Sum("support_count"),
    )
    return Counts(
        contributions=totals["contributions"],
        participants=Participant.objects.filter(debate=debate).count(),
        supports=totals["supports"] or 0,
        threads=totals["threads"],
    )


def contributions_top_level(debate: Debate, *, question_id: int | None = None):
    """The debate's contributions that open a thread, newest first, with their author, their
    question, their former texts and their replies (one query each)."""
    contributions = (
        Contribution.objects.filter(debate=debate, parent__isnull=True)
        .select_related("participant", "question")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Contribution.objects.select_related("participant")
                .prefetch_related("revisions")
                .order_by("created_at", "pk"),
            ),
            "revisions",
        )
        .order_by("-created_at", "-pk")
    )
    if question_id is not None:
        contributions = contributions.filter(question_id=question_id)
    return contributions


def supported_by(participant: Participant | None, contributions) -> set[int]:
    """Which of ``contributions`` (and their replies) the participant supports."""
    if participant is None:
        return set()
    ids = [c.pk for c in contributions] + [r.pk for c in contributions for r in c.replies.all()]
    return set(
        participant.supports.filter(contribution_id__in=ids).values_list(
            "contribution_id", flat=True
        )
    )


@dataclasses.dataclass(frozen=True)
class QuestionStat:
    label: str
    contributions: int
    supports: int


@dataclasses.dataclass(frozen=True)
class Statistics:
    counts: Counts
    by_question: list[QuestionStat]
    weeks: list[tuple[datetime.date, int]]


def debate_statistics(debate: Debate) -> Statistics:
    """Participants, contributions and supports by question (ideas apart), and contributions
    week by week over the debate's period."""
    rows = (
        Contribution.objects.filter(debate=debate)
        .order_by()
        .values("question_id", "kind")
        .annotate(count=Count("pk"), supports=Sum("support_count"))
    )
    per_question: dict[int | None, list[int]] = {}
    for row in rows:
        key = row["question_id"] if row["kind"] != ContributionKind.IDEA else None
        totals = per_question.setdefault(key, [0, 0])
        totals[0] += row["count"]
        totals[1] += row["supports"] or 0
    by_question = [
        QuestionStat(f"Question {q.position} : {q.text}", *per_question.get(q.pk, [0, 0]))
        for q in debate.questions.all()
    ]
    by_question.append(QuestionStat("Idées hors des questions", *per_question.get(None, [0, 0])))
    created = Contribution.objects.filter(debate=debate).values_list("created_at", flat=True)
    end = min(debate.closes_on, timezone.localdate())
    weeks = weekly_counts(
        (timezone.localtime(moment).date() for moment in created.iterator()),
        start=debate.opens_on,
        end=max(end, debate.opens_on),
    )
    return Statistics(counts=debate_counts(debate), by_question=by_question, weeks=weeks)


def referent_organisations(user) -> list[Organisation]:
    """The collectivités tied to a territory of which ``user`` is référent: those they may
    open a debate for."""
    if not perms.signed_in(user):
        return []
    return list(
        Organisation.objects.filter(
            memberships__user=user, memberships__role=Role.REFERENT, territory__isnull=False
        ).select_related("territory")
    )


def debates_of_user_organisations(user):
    """Every debate (drafts included) of the collectivités ``user`` belongs to."""
    if not perms.signed_in(user):
        return Debate.objects.none()
    return (
        Debate.objects.filter(organisation__memberships__user=user)
        .select_related("territory")
        .annotate(contribution_count=Count("contributions"))
    )


def participations(user):
    """The debates ``user`` takes part in, with their name shown and number of contributions."""
    if not perms.signed_in(user):
        return Participant.objects.none()
    return (
        Participant.objects.filter(user=user)
        .select_related("debate", "debate__territory")
        .annotate(contribution_count=Count("contributions"))
        .order_by("-charter_accepted_at")
    )


def territory_debates(territory: Territory):
    """The public debates of a territory, newest first."""
    return Debate.objects.public().filter(territory=territory)


def open_debate_count() -> int:
    return Debate.objects.filter(status=DebateStatus.OPEN).count()


def moderation_queue(debate: Debate):
    """The debate's reported contributions, most reported first, with their reports."""
    return (
        Contribution.objects.filter(debate=debate, reports__isnull=False)
        .select_related("participant")
        .annotate(report_count=Count("reports"))
        .prefetch_related("reports")
        .order_by("-report_count", "-created_at")
    )


def moderation_log(debate: Debate):
    """Every moderation decision of the debate, newest first."""
    return (
        ContributionTransition.objects.filter(contribution__debate=debate)
        .select_related("actor", "contribution", "contribution__participant")
        .order_by("-created_at", "-pk")
    )
