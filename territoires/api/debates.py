"""API of the local debates: the public debates, their questions and their syntheses.

Drafts are never listed nor found (404, as for a debate that does not exist); contributions
are not in the API (their open data file, without any personal data, is).
"""

import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from territoires.api.errors import responses
from territoires.api.pagination import Page, PageFilters, paginated
from territoires.debates.enums import DebateStatus, Subject
from territoires.debates.models import Debate
from territoires.debates.selectors import debate_counts, public_debates

router = Router(tags=["Débats locaux"])

PARENT_CODE_PATTERN = r"^([0-9][0-9ABab][0-9]?)?$"


class QuestionOut(Schema):
    position: int = Field(description="Rang de la question, de 1 à 5")
    text: str = Field(description="La question posée au public")
    heard: str = Field(description="Synthèse : ce que la collectivité a entendu (Markdown)")
    decided: str = Field(description="Synthèse : ce que la collectivité décide (Markdown)")


class MeetingOut(Schema):
    title: str = Field(description="Titre de la réunion publique")
    starts_at: datetime.datetime = Field(description="Début")
    page_url: str = Field(description="Adresse de la réunion dans l’agenda")

    @staticmethod
    def resolve_page_url(event) -> str:
        return event.get_absolute_url()


class DebateSummary(Schema):
    id: int
    title: str
    subject: Subject = Field(description="Sujet du débat")
    status: DebateStatus = Field(description="ouvert, clos ou synthese (synthèse publiée)")
    collectivite: str = Field(description="Collectivité qui a ouvert le débat")
    territory_kind: str = Field(description="Type du territoire du débat")
    territory_code: str = Field(description="Code INSEE, ou SIREN pour un EPCI")
    departement_code: str = Field(description="Département du territoire, vide s’il n’y en a pas")
    region_code: str = Field(description="Région du territoire")
    opens_on: datetime.date
    closes_on: datetime.date
    is_demo: bool = Field(description="Vrai pour un débat fictif de démonstration")
    page_url: str = Field(description="Adresse de la page publique du débat")

    @staticmethod
    def resolve_collectivite(debate: Debate) -> str:
        return debate.organisation.name

    @staticmethod
    def resolve_territory_kind(debate: Debate) -> str:
        return debate.territory.kind

    @staticmethod
    def resolve_territory_code(debate: Debate) -> str:
        return debate.territory.code

    @staticmethod
    def resolve_page_url(debate: Debate) -> str:
        return debate.get_absolute_url()


class DebateDetail(DebateSummary):
    description: str = Field(description="Présentation (Markdown)")
    questions: list[QuestionOut]
    meetings: list[MeetingOut] = Field(description="Réunions publiques (événements de l’agenda)")
    synthesis: str = Field(description="Synthèse générale (Markdown), vide avant sa publication")
    synthesis_published_at: datetime.datetime | None
    participant_count: int = Field(description="Nombre de participants")
    contribution_count: int = Field(description="Nombre de contributions")
    support_count: int = Field(description="Nombre de soutiens")

    @staticmethod
    def resolve_questions(debate: Debate) -> list[dict]:
        published = debate.status == DebateStatus.SYNTHESIS
        return [
            {
                "position": question.position,
                "text": question.text,
                "heard": question.heard if published else "",
                "decided": question.decided if published else "",
            }
            for question in debate.questions.all()
        ]

    @staticmethod
    def resolve_meetings(debate: Debate) -> list:
        return list(debate.meetings.order_by("starts_at"))

    @staticmethod
    def resolve_synthesis(debate: Debate) -> str:
        return debate.synthesis if debate.status == DebateStatus.SYNTHESIS else ""


class DebatePage(Page):
    results: list[DebateSummary]


class DebateFilters(PageFilters):
    subject: Subject | None = Field(None, description="Sujet")
    status: DebateStatus | None = Field(
        None, description="État (ouvert, clos, synthese ; un brouillon n’est jamais public)"
    )
    region: str = Field(
        "", max_length=3, pattern=PARENT_CODE_PATTERN, description="Code de la région"
    )


@router.get(
    "",
    response=responses(DebatePage),
    url_name="debate_list",
    summary="Les débats locaux publics",
)
def debate_list(request: HttpRequest, filters: Query[DebateFilters]):
    """Les débats ouverts, clos ou dont la synthèse est publiée, les plus récents d’abord."""
    debates = public_debates(
        subject=filters.subject or "",
        status=filters.status or "",
        region=filters.region.upper(),
    )
    return paginated(debates, filters)


@router.get(
    "/{debate_id}",
    response=responses(DebateDetail),
    url_name="debate_detail",
    summary="Un débat, ses questions et sa synthèse",
)
def debate_detail(request: HttpRequest, debate_id: int = Path(..., ge=1, le=2**31 - 1)):
    debate = get_object_or_404(
        Debate.objects.public().select_related("organisation", "territory"), pk=debate_id
    )
    counts = debate_counts(debate)
    debate.participant_count = counts.participants
    debate.contribution_count = counts.contributions
    debate.support_count = counts.supports
    return debate
