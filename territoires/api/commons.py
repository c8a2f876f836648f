"""API of the catalogue of communs and of the experience reports: what the public pages show
(published fiches, public usages, published reports), never a usage kept for members."""

import enum
from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema

from territoires.api.errors import responses
from territoires.api.pagination import Page, PageFilters, paginated
from territoires.api.territories import TEXT_PATTERN
from territoires.commons.enums import CommunKind, Maturity
from territoires.commons.models import Commun, ExperienceReport
from territoires.commons.rules import current_axes, licences
from territoires.commons.search import SearchSequence, commun_search, report_search

router = Router(tags=["Communs"])
reports_router = Router(tags=["Communs"])

SLUG_PATTERN = r"^[-a-z0-9]{1,120}$"
# What the OpenAPI document accepts, the API accepts: the axes of the current framework and the
# licences of the catalogue are the values of their parameters.
AxisCode = enum.StrEnum("AxisCode", {code: code for code in current_axes()})
LicenceId = enum.StrEnum("LicenceId", {licence: licence for licence in sorted(licences())})


class CommunSummary(Schema):
    slug: str = Field(description="Identifiant stable de la fiche")
    name: str
    kind: CommunKind = Field(description="Type de commun")
    summary: str = Field(description="Résumé en une phrase")
    licence: str = Field(description="Identifiant SPDX de la licence, vide si aucune")
    maturity: Maturity
    axes: list[str] = Field(description="Codes des axes de l’observatoire qu’il sert")
    users_count: int = Field(description="Organisations qui déclarent publiquement l’utiliser")
    is_initial: bool = Field(description="Fiche du catalogue initial, à compléter")
    url: str = Field(description="Adresse de cette fiche dans l’API")
    page_url: str = Field(description="Adresse de la page publique de la fiche")

    @staticmethod
    def resolve_url(commun: Commun) -> str:
        return reverse("api-v1:commun_detail", kwargs={"slug": commun.slug})

    @staticmethod
    def resolve_page_url(commun: Commun) -> str:
        return commun.get_absolute_url()


class UsageOut(Schema):
    organisation: str
    siren: str
    territory_kind: str | None = Field(description="Type du territoire de la collectivité")
    territory_code: str | None = Field(description="Code INSEE, ou SIREN pour un EPCI")
    since_year: int | None = Field(description="Utilisé depuis")
    is_demo: bool = Field(description="Vrai pour un usage de démonstration")


class ReportSummary(Schema):
    slug: str
    title: str
    authors: list[str] = Field(description="Organisations autrices")
    communs: list[str] = Field(description="Identifiants des communs utilisés")
    axes: list[str]
    published_at: datetime | None
    is_demo: bool
    page_url: str

    @staticmethod
    def resolve_authors(report: ExperienceReport) -> list[str]:
        return [organisation.name for organisation in report.authors.all()]

    @staticmethod
    def resolve_communs(report: ExperienceReport) -> list[str]:
        return [commun.slug for commun in report.communs.all()]

    @staticmethod
    def resolve_page_url(report: ExperienceReport) -> str:
        return report.get_absolute_url()


class CommunDetail(CommunSummary):
    description: str = Field(description="Description en Markdown")
    website: str
    repository: str
    documentation: str
    usages: list[UsageOut] = Field(description="Usages publics")
    reports: list[ReportSummary] = Field(description="Retours d’expérience publiés")

    @staticmethod
    def resolve_usages(commun: Commun) -> list[dict]:
        return [
            {
                "organisation": usage.organisation.name,
                "siren": usage.organisation.siren,
                "territory_kind": usage.organisation.territory.kind
                if usage.organisation.territory
                else None,
                "territory_code": usage.organisation.territory.code
                if usage.organisation.territory
                else None,
                "since_year": usage.since_year,
                "is_demo": usage.is_demo,
            }
            for usage in commun.usages.public()
            .select_related("organisation__territory")
            .order_by("organisation__siren")
        ]

    @staticmethod
    def resolve_reports(commun: Commun) -> list[ExperienceReport]:
        return list(
            commun.reports.published().prefetch_related("authors", "communs").order_by("slug")
        )


class CommunPage(Page):
    results: list[CommunSummary]


class ReportPage(Page):
    results: list[ReportSummary]


class CommunFilters(PageFilters):
    q: str = Field("", max_length=200, pattern=TEXT_PATTERN, description="Mots cherchés")
    kind: CommunKind | None = Field(None, description="Type de commun")
    axis: AxisCode | None = Field(None, description="Code d’un axe de l’observatoire")
    licence: LicenceId | None = Field(None, description="Identifiant SPDX de la licence")


@router.get(
    "",
    response=responses(CommunPage),
    url_name="commun_list",
    summary="Chercher des communs",
)
def commun_list(request: HttpRequest, filters: Query[CommunFilters]):
    """Communs publiés, les plus pertinents d’abord (titre, puis résumé, puis description,
    puis nombre d’utilisateurs), filtrés par type, axe et licence."""
    facets = {
        "type": filters.kind or "",
        "axe": filters.axis or "",
        "licence": filters.licence or "",
    }
    results = SearchSequence(
        commun_search,
        page_size=filters.page_size,
        query=filters.q,
        filters=facets,
        with_facets=False,
    )
    return paginated(results, filters)


@router.get(
    "/{slug}",
    response=responses(CommunDetail),
    url_name="commun_detail",
    summary="Un commun, ses usages publics et ses retours d’expérience",
)
def commun_detail(request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN)):
    return get_object_or_404(Commun.objects.published(), slug=slug)


class ReportFilters(PageFilters):
    q: str = Field("", max_length=200, pattern=TEXT_PATTERN, description="Mots cherchés")


@reports_router.get(
    "",
    response=responses(ReportPage),
    url_name="report_list",
    summary="Chercher des retours d’expérience",
)
def report_list(request: HttpRequest, filters: Query[ReportFilters]):
    """Retours d’expérience publiés, les plus pertinents d’abord, puis les plus récents."""
    results = SearchSequence(report_search, page_size=filters.page_size, query=filters.q)
    return paginated(results, filters)
