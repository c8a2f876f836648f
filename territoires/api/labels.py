"""API of the Labels Territoires Innovants: the public editions and their laureates.

Only what the public pages show: editions past their preparation, and laureates once the
palmarès is published; never an application's private fields nor a juror's sheet.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema

from territoires.api.errors import responses
from territoires.api.pagination import Page, PageFilters, paginated
from territoires.awards.models import Edition
from territoires.awards.opendata import published_laureates

router = Router(tags=["Labels Territoires Innovants"])

YEAR = Path(..., ge=2000, le=2100, description="Année de l’édition")


class CategoryOut(Schema):
    name: str
    quota: int | None = Field(description="Nombre maximal de finalistes, s’il y en a un")


class EditionOut(Schema):
    year: int = Field(description="Année de l’édition")
    title: str
    status: str = Field(description="preparation, candidatures, preselection, finale, palmares")
    status_label: str
    is_demo: bool = Field(description="Vrai pour une édition synthétique (démonstration)")
    call_opens_at: str = Field(description="Ouverture de l’appel à candidatures (ISO 8601)")
    call_closes_at: str
    final_at: str = Field(description="Finale au Forum des Interconnectés (ISO 8601)")
    finalists_count: int
    categories: list[CategoryOut]
    url: str = Field(description="Page de l’édition")
    palmares_url: str | None = Field(description="Page du palmarès, une fois publié")


class LaureateOut(Schema):
    edition: int
    is_demo: bool
    category: str
    award: str = Field(description="label ou mention")
    award_label: str
    title: str
    summary: str
    collectivite: str
    siren: str
    co_applicants: list[str]


class LaureatePage(Page):
    results: list[LaureateOut]


class LaureateFilters(PageFilters):
    edition: int | None = Field(None, ge=2000, le=2100, description="Année de l’édition")


def _edition(edition: Edition) -> dict:
    published = edition.status == "palmares"
    return {
        "year": edition.year,
        "title": edition.title,
        "status": edition.status,
        "status_label": edition.get_status_display(),
        "is_demo": edition.is_demo,
        "call_opens_at": edition.call_opens_at.isoformat(),
        "call_closes_at": edition.call_closes_at.isoformat(),
        "final_at": edition.final_at.isoformat(),
        "finalists_count": edition.finalists_count,
        "categories": [
            {"name": category.name, "quota": category.quota}
            for category in edition.categories.all()
        ],
        "url": edition.get_absolute_url(),
        "palmares_url": reverse("awards:palmares", kwargs={"year": edition.year})
        if published
        else None,
    }


@router.get(
    "/editions",
    response=responses(list[EditionOut]),
    url_name="labels_editions",
    summary="Éditions des labels",
)
def edition_list(request: HttpRequest):
    """Les éditions publiques des labels, la plus récente d’abord."""
    return [
        _edition(edition) for edition in Edition.objects.public().prefetch_related("categories")
    ]


@router.get(
    "/editions/{year}",
    response=responses(EditionOut),
    url_name="labels_edition",
    summary="Une édition des labels",
)
def edition_detail(request: HttpRequest, year: int = YEAR):
    """Une édition publique : calendrier, catégories, adresse du palmarès une fois publié."""
    return _edition(get_object_or_404(Edition.objects.public(), year=year))


@router.get(
    "/laureates",
    response=responses(LaureatePage),
    url_name="labels_laureates",
    summary="Lauréats des labels",
)
def laureate_list(request: HttpRequest, filters: Query[LaureateFilters]):
    """Les projets distingués aux palmarès publiés, par édition puis catégorie."""
    laureates = published_laureates()
    if filters.edition is not None:
        laureates = laureates.filter(edition__year=filters.edition)
    return paginated(
        laureates,
        filters,
        lambda application: {
            "edition": application.edition.year,
            "is_demo": application.edition.is_demo,
            "category": application.category.name,
            "award": application.award_kind,
            "award_label": application.award_label,
            "title": application.title,
            "summary": application.summary,
            "collectivite": application.organisation.name,
            "siren": application.organisation.siren,
            "co_applicants": [other.name for other in application.co_applicants.all()],
        },
    )
