"""API of the observatory's published results: campaigns, frameworks, scores, aggregates.

Reads go through ``territoires.observatory.public.selectors``, which applies the
publication rules: a collectivité's scores only if it publishes them, drafts
and unpublished campaigns never, aggregates never for a small group.
"""

from typing import Any

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from territoires.api.errors import responses
from territoires.api.pagination import Page, PageFilters, paginated
from territoires.api.territories import (
    PARENT_CODE_PATTERN,
    TerritorySummary,
    parent_filter,
    territory_code,
)
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory
from territoires.observatory.framework import available_editions, get_framework
from territoires.observatory.models import Assessment, Campaign
from territoires.observatory.public.selectors import (
    GroupBy,
    campaign_aggregates,
    public_scores,
    published_campaign,
    published_campaigns,
)

router = Router(tags=["Observatoire"])

# The years a campaign or a framework's edition may have.
YEAR_BOUNDS = {"ge": 2000, "le": 2100}


def campaign_year(description: str):
    return Field(None, **YEAR_BOUNDS, description=description)


class CampaignOut(Schema):
    year: int = Field(description="Année de la campagne")
    title: str
    edition: int = Field(description="Édition du référentiel de maturité")
    is_demo: bool = Field(description="Vrai pour une campagne synthétique (démonstration)")
    demo_label: str = Field(description="« Données de démonstration », ou vide")
    published_assessments: int = Field(description="Évaluations publiées (soumises)")
    framework_url: str = Field(description="Adresse du référentiel dans l’API")
    opendata_url: str = Field(description="Page des fichiers en données ouvertes")


class AxisScoreOut(Schema):
    code: str
    name: str
    score: float | None = Field(description="De 0 à 100 ; vide si la complétude est insuffisante")
    completeness: float | None = Field(description="En % ; vide si aucune question ne s’applique")


class ScoreOut(Schema):
    campaign: int = Field(description="Année de la campagne")
    is_demo: bool
    demo_label: str
    territory: TerritorySummary
    departement: str | None = Field(description="Code du département de la collectivité")
    region: str | None = Field(description="Code de la région de la collectivité")
    stratum: str
    stratum_label: str
    questionnaire: str = Field(description="complet ou allege")
    index: float | None = Field(description="Indice de 0 à 100 ; vide s’il n’est pas publié")
    level: int | None = Field(description="Niveau de maturité de 1 à 5 ; vide sans indice")
    level_name: str | None
    completeness: float = Field(description="Complétude du questionnaire, en %")
    axes: list[AxisScoreOut]
    widget_url: str = Field(description="Vignette à intégrer (iframe)")
    badge_url: str = Field(description="Badge SVG")


class ScorePage(Page):
    results: list[ScoreOut]


class TerritoryScores(Schema):
    territory: TerritorySummary
    results: list[ScoreOut] = Field(description="Scores publics, de la campagne la plus récente")


class Quartiles(Schema):
    median: float | None
    first_quartile: float | None
    third_quartile: float | None


class AggregateOut(Schema):
    code: str = Field(description="Code du département, de la région ou de la strate")
    name: str
    count: int = Field(description="Évaluations publiées du groupe")
    index: Quartiles
    axis_medians: dict[str, float | None] = Field(description="Médiane de chaque axe, par code")


class AggregatesOut(Schema):
    campaign: int
    is_demo: bool
    demo_label: str
    group_by: str
    min_group: int = Field(description="Taille minimale d’un groupe publié")
    results: list[AggregateOut]


class ScoreFilters(PageFilters):
    campaign: int | None = campaign_year("Année de la campagne ; toutes par défaut")
    kind: TerritoryKind | None = Field(None, description="Type de collectivité")
    departement: str = Field(
        "", max_length=3, pattern=PARENT_CODE_PATTERN, description="Code du département"
    )
    region: str = Field(
        "", max_length=3, pattern=PARENT_CODE_PATTERN, description="Code de la région"
    )


class CampaignFilter(Schema):
    campaign: int | None = campaign_year("Année de la campagne ; toutes par défaut")


class AggregateFilters(Schema):
    campaign: int | None = campaign_year(
        "Année de la campagne ; la plus récente publiée par défaut"
    )
    group_by: GroupBy = Field(
        description="Regroupement : departement, region ou stratum (strate de comparaison)"
    )


def _campaign(year: int) -> Campaign:
    """The published campaign of ``year``: 404 when there is none."""
    campaign = published_campaign(year)
    if campaign is None:
        raise HttpError(404, f"Aucune campagne publiée pour l’année {year}.")
    return campaign


def score_data(assessment: Assessment) -> dict[str, Any]:
    """One public score, with its axes named by the campaign's framework."""
    campaign, score, territory = assessment.campaign, assessment.score, assessment.territory
    framework = get_framework(campaign.edition)
    level = framework.level_for(score.index)
    kwargs = {"kind": territory.kind, "code": territory.code}
    return {
        "campaign": campaign.year,
        "is_demo": campaign.is_demo,
        "demo_label": campaign.demo_label,
        "territory": territory,
        "departement": assessment.departement_code,
        "region": assessment.region_code,
        "stratum": territory.stratum,
        "stratum_label": territory.stratum_label,
        "questionnaire": assessment.questionnaire,
        "index": score.index,
        "level": level.level if level else None,
        "level_name": level.name if level else None,
        "completeness": score.completeness,
        "axes": [
            {
                "code": axis.code,
                "name": axis.name,
                "score": score.axis_scores.get(axis.code),
                "completeness": score.axis_completeness.get(axis.code),
            }
            for axis in framework.axes
        ],
        "widget_url": reverse("observatory_public:widget", kwargs=kwargs),
        "badge_url": reverse("observatory_public:badge", kwargs=kwargs),
    }


@router.get(
    "/campaigns",
    response=responses(list[CampaignOut]),
    url_name="observatory_campaigns",
    summary="Campagnes publiées",
)
def campaign_list(request: HttpRequest):
    """Les campagnes dont les résultats sont publiés, la plus récente d’abord."""
    campaigns = list(published_campaigns())
    published = dict(
        Assessment.objects.published()
        .filter(campaign__in=campaigns)
        .values_list("campaign")
        .annotate(count=Count("id"))
        .order_by()
    )
    return [
        {
            "year": campaign.year,
            "title": campaign.title,
            "edition": campaign.edition,
            "is_demo": campaign.is_demo,
            "demo_label": campaign.demo_label,
            "published_assessments": published.get(campaign.pk, 0),
            "framework_url": reverse(
                "api-v1:observatory_framework", kwargs={"edition": campaign.edition}
            ),
            "opendata_url": reverse("observatory_public:opendata"),
        }
        for campaign in campaigns
    ]


@router.get(
    "/frameworks/{edition}",
    response=responses(dict[str, Any]),
    url_name="observatory_framework",
    summary="Un référentiel de maturité",
)
def framework_detail(request: HttpRequest, edition: int = Path(..., ge=1, description="Édition")):
    """Le référentiel de maturité d’une édition : axes, indicateurs, règles, niveaux."""
    if edition not in available_editions():
        raise HttpError(404, f"Aucun référentiel pour l’édition {edition}.")
    return get_framework(edition).as_dict()


@router.get(
    "/scores",
    response=responses(ScorePage),
    url_name="observatory_scores",
    summary="Scores publics des collectivités",
)
def score_list(request: HttpRequest, filters: Query[ScoreFilters]):
    """Scores des collectivités qui les publient, filtrés et paginés."""
    campaign = _campaign(filters.campaign) if filters.campaign is not None else None
    assessments = public_scores(campaign)
    if filters.kind:
        assessments = assessments.filter(territory__kind=filters.kind)
    if filters.departement:
        departement = parent_filter(
            TerritoryKind.DEPARTEMENT, filters.departement, "Département inconnu : « {code} »."
        )
        assessments = assessments.filter(departement_code=departement.code)
    if filters.region:
        region = parent_filter(
            TerritoryKind.REGION, filters.region, "Région inconnue : « {code} »."
        )
        assessments = assessments.filter(region_code=region.code)
    return paginated(assessments, filters, score_data)


@router.get(
    "/scores/{kind}/{code}",
    response=responses(TerritoryScores),
    url_name="observatory_territory_scores",
    summary="Scores publics d’une collectivité",
)
def territory_scores(
    request: HttpRequest,
    kind: TerritoryKind,
    filters: Query[CampaignFilter],
    code: str = territory_code(),
):
    """Les scores publics d’une collectivité, pour chaque campagne ou pour l’une d’elles."""
    territory = get_object_or_404(Territory, kind=kind, code=code.upper())
    assessments = public_scores().filter(territory=territory)
    if filters.campaign is not None:
        assessments = assessments.filter(campaign__year=filters.campaign)
    results = [score_data(assessment) for assessment in assessments]
    if not results:
        raise HttpError(404, "Aucun score public pour cette collectivité.")
    return {"territory": territory, "results": results}


@router.get(
    "/aggregates",
    response=responses(AggregatesOut),
    url_name="observatory_aggregates",
    summary="Statistiques anonymes par département, région ou strate",
)
def aggregates(request: HttpRequest, filters: Query[AggregateFilters]):
    """Nombre d’évaluations publiées, médiane et quartiles de l’indice, médiane de chaque axe.

    Un groupe de moins de `OBSERVATORY_PEER_MIN_GROUP` évaluations publiées n’est jamais donné.
    """
    if filters.campaign is not None:
        campaign = _campaign(filters.campaign)
    else:
        campaign = published_campaigns().first()
        if campaign is None:
            raise HttpError(404, "Aucune campagne n’est encore publiée.")
    return {
        "campaign": campaign.year,
        "is_demo": campaign.is_demo,
        "demo_label": campaign.demo_label,
        "group_by": filters.group_by.value,
        "min_group": settings.OBSERVATORY_PEER_MIN_GROUP,
        "results": campaign_aggregates(campaign, filters.group_by),
    }
