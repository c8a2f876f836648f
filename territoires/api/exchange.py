"""API of the bourse d'échange de compétences: published offers and published needs."""

import enum
from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from territoires.api.errors import responses
from territoires.api.pagination import Page, PageFilters, paginated
from territoires.api.territories import PARENT_CODE_PATTERN, parent_filter
from territoires.exchange.models import Need, Offer
from territoires.exchange.selectors import needs_in, offers_covering
from territoires.exchange.taxonomy import get_taxonomy
from territoires.geo.enums import TerritoryKind

router = Router(tags=["Bourse d’échange de compétences"])

# The skills of the taxonomy, an enumeration in the OpenAPI document.
SkillCode = enum.StrEnum(
    "SkillCode", {skill.code.replace("-", "_"): skill.code for skill in get_taxonomy().skills}
)


class Organisation(Schema):
    name: str = Field(description="Nom de l’organisation")
    siren: str = Field(description="SIREN de l’organisation")
    kind: str = Field(description="Type d’organisation")


class OfferOut(Schema):
    id: int
    title: str
    description: str
    skill: str = Field(description="Code de la compétence dans la taxonomie de la bourse")
    skill_name: str
    modality: str
    legal_vehicle: str = Field(description="Cadre juridique proposé")
    legal_reference: str = Field(description="Référence du texte de ce cadre")
    provider: Organisation
    national: bool = Field(description="Vrai si l’offre couvre toute la France")
    area: list[str] = Field(description="Territoires desservis : « region:27 », « departement:58 »")
    eligible_kinds: list[str] = Field(description="Types de collectivité admis ; vide : toutes")
    population_ceiling: int | None = Field(description="Réservé aux collectivités de moins de")
    capacity: int = Field(description="Bénéficiaires accompagnés à la fois")
    places_left: int = Field(description="Places disponibles")
    cost_model: str
    published_at: datetime | None
    is_demo: bool = Field(description="Donnée de démonstration")
    page_url: str

    @staticmethod
    def resolve_area(offer: Offer) -> list[str]:
        return sorted(f"{t.kind}:{t.code}" for t in offer.area.all())

    @staticmethod
    def resolve_places_left(offer: Offer) -> int:
        return max(offer.capacity - offer.places_taken, 0)

    @staticmethod
    def resolve_page_url(offer: Offer) -> str:
        return reverse("exchange:offer", args=[offer.pk])


class NeedOut(Schema):
    id: int
    skill: str
    skill_name: str
    description: str
    urgency: str
    budget_band: str
    preferred_modality: str
    organisation: Organisation
    territory_code: str = Field(description="Code INSEE (ou SIREN d’un EPCI) de la collectivité")
    created_at: datetime
    is_demo: bool
    page_url: str

    @staticmethod
    def resolve_territory_code(need: Need) -> str:
        territory = need.organisation.territory
        return territory.code if territory else ""

    @staticmethod
    def resolve_page_url(need: Need) -> str:
        return reverse("exchange:need", args=[need.pk])


class OfferPage(Page):
    results: list[OfferOut]


class NeedPage(Page):
    results: list[NeedOut]


class ExchangeFilters(PageFilters):
    skill: SkillCode | None = Field(None, description="Code d’une compétence")
    departement: str = Field(
        "", max_length=3, pattern=PARENT_CODE_PATTERN, description="Code du département"
    )


@router.get(
    "/offres",
    response=responses(OfferPage),
    url_name="exchange_offers",
    summary="Offres publiées",
)
def offer_list(request: HttpRequest, filters: Query[ExchangeFilters]):
    """Les offres publiées, les plus récentes d’abord ; filtrées par compétence et par
    département desservi (une offre nationale, ou de sa région, le dessert aussi)."""
    offers = Offer.objects.published().with_places_taken()
    if filters.skill:
        offers = offers.filter(skill=filters.skill)
    if filters.departement:
        departement = parent_filter(
            TerritoryKind.DEPARTEMENT, filters.departement, "Département inconnu : « {code} »."
        )
        offers = offers_covering(offers, departement)
    offers = offers.select_related("provider").prefetch_related("area")
    return paginated(offers.order_by("-published_at", "pk"), filters)


@router.get(
    "/besoins",
    response=responses(NeedPage),
    url_name="exchange_needs",
    summary="Besoins publiés",
)
def need_list(request: HttpRequest, filters: Query[ExchangeFilters]):
    """Les besoins que les collectivités ont choisi de publier, les plus récents d’abord ;
    jamais un besoin privé."""
    needs = Need.objects.published()
    if filters.skill:
        needs = needs.filter(skill=filters.skill)
    if filters.departement:
        departement = parent_filter(
            TerritoryKind.DEPARTEMENT, filters.departement, "Département inconnu : « {code} »."
        )
        needs = needs_in(needs, departement)
    needs = needs.select_related("organisation__territory")
    return paginated(needs.order_by("-created_at", "pk"), filters)
