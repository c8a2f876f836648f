"""API of the territorial référentiel."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from territoires.api.errors import responses
from territoires.api.pagination import Page, PageFilters, paginated
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory
from territoires.geo.selectors import territory_members, territory_search

router = Router(tags=["Référentiel territorial"])

# A territory's code: INSEE (2A004, 97105), département (58, 2A, 971), région (27), SIREN of an
# EPCI (9 digits). A parameter never holds a NUL character (PostgreSQL refuses it).
CODE_PATTERN = r"^[0-9][0-9ABab][0-9]{0,7}$"
PARENT_CODE_PATTERN = r"^([0-9][0-9ABab][0-9]?)?$"
TEXT_PATTERN = r"^[^\x00]*$"


def territory_code() -> Path:
    return Path(..., pattern=CODE_PATTERN, description="Code INSEE, ou SIREN pour un EPCI")


MEMBER_KINDS = {
    TerritoryKind.REGION: [TerritoryKind.DEPARTEMENT, TerritoryKind.EPCI],
    TerritoryKind.COLLECTIVITE_OUTRE_MER: [TerritoryKind.COMMUNE],
    TerritoryKind.DEPARTEMENT: [TerritoryKind.EPCI, TerritoryKind.COMMUNE],
    TerritoryKind.EPCI: [TerritoryKind.COMMUNE],
    TerritoryKind.EPT: [TerritoryKind.COMMUNE],
    TerritoryKind.COMMUNE: [
        TerritoryKind.COMMUNE_DELEGUEE,
        TerritoryKind.COMMUNE_ASSOCIEE,
        TerritoryKind.ARRONDISSEMENT,
    ],
}


class TerritorySummary(Schema):
    kind: TerritoryKind = Field(description="Type de territoire")
    code: str = Field(description="Code INSEE, ou SIREN pour un EPCI ou un EPT")
    name: str = Field(description="Nom officiel")
    population: int | None = Field(description="Population municipale, si connue")
    is_current: bool = Field(description="Faux pour un territoire disparu d’un millésime")
    url: str = Field(description="Adresse de ce territoire dans l’API")
    page_url: str = Field(description="Adresse de la page publique du territoire")

    @staticmethod
    def resolve_url(territory: Territory) -> str:
        return reverse(
            "api-v1:territory_detail", kwargs={"kind": territory.kind, "code": territory.code}
        )

    @staticmethod
    def resolve_page_url(territory: Territory) -> str:
        return territory.get_absolute_url()


class TerritoryDetail(TerritorySummary):
    siren: str = Field(description="SIREN de la collectivité, vide si inconnu")
    postal_codes: list[str]
    zone: str = Field(description="metro, drom ou com")
    epci_nature: str = Field(description="Nature de l’EPCI : CC, CA, CU, METRO, MET69")
    chef_lieu_code: str
    stratum: str = Field(description="Strate de comparaison (type × classe de population)")
    stratum_label: str
    successor: TerritorySummary | None
    hierarchy: list[TerritorySummary] = Field(description="Territoires englobants, du plus large")
    members: dict[str, list[TerritorySummary]] = Field(
        description="Territoires membres en vigueur, par type"
    )

    @staticmethod
    def resolve_hierarchy(territory: Territory) -> list[Territory]:
        return territory.ancestors()

    @staticmethod
    def resolve_members(territory: Territory) -> dict[str, list[Territory]]:
        return {
            kind.value: list(territory_members(territory, kind))
            for kind in MEMBER_KINDS.get(territory.kind, [])
        }


class TerritoryPage(Page):
    results: list[TerritorySummary]


class TerritoryFilters(PageFilters):
    q: str = Field(
        "",
        max_length=100,
        pattern=TEXT_PATTERN,
        description="Nom, code INSEE, code postal ou SIREN",
    )
    kind: TerritoryKind | None = Field(None, description="Type de territoire")
    departement: str = Field(
        "", max_length=3, pattern=PARENT_CODE_PATTERN, description="Code du département"
    )
    region: str = Field(
        "", max_length=3, pattern=PARENT_CODE_PATTERN, description="Code de la région"
    )
    current: bool = Field(True, description="Seulement les territoires en vigueur")


def parent_filter(kind: TerritoryKind, code: str, unknown_message: str) -> Territory:
    """The département or région (or collectivité d'outre-mer) named by a filter: 404 when
    there is none, as for any other resource that does not exist."""
    kinds = [kind, TerritoryKind.COLLECTIVITE_OUTRE_MER]
    parent = Territory.objects.filter(kind__in=kinds, code=code.upper()).first()
    if parent is None:
        raise HttpError(404, unknown_message.format(code=code))
    return parent


@router.get(
    "",
    response=responses(TerritoryPage),
    url_name="territory_list",
    summary="Chercher des territoires",
)
def territory_list(request: HttpRequest, filters: Query[TerritoryFilters]):
    """Territoires filtrés et paginés, les plus pertinents d’abord (voir la recherche du site)."""
    if filters.q.strip():
        territories = territory_search(filters.q)
    else:
        territories = Territory.objects.order_by("kind", "code")
    if filters.current:
        territories = territories.filter(is_current=True)
    if filters.kind:
        territories = territories.filter(kind=filters.kind)
    if filters.departement:
        territories = territories.filter(
            departement=parent_filter(
                TerritoryKind.DEPARTEMENT, filters.departement, "Département inconnu : « {code} »."
            )
        )
    if filters.region:
        territories = territories.filter(
            region=parent_filter(
                TerritoryKind.REGION, filters.region, "Région inconnue : « {code} »."
            )
        )
    return paginated(territories, filters)


@router.get(
    "/{kind}/{code}",
    response=responses(TerritoryDetail),
    url_name="territory_detail",
    summary="Un territoire, sa hiérarchie et ses membres",
)
def territory_detail(request: HttpRequest, kind: TerritoryKind, code: str = territory_code()):
    return get_object_or_404(
        Territory.objects.select_related(
            "region", "departement", "epci", "ept", "parent", "successor"
        ),
        kind=kind,
        code=code.upper(),
    )
