from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from territoires.geo.enums import KIND_BY_URL_SEGMENT, TerritoryKind
from territoires.geo.models import Territory
from territoires.geo.selectors import referentiel_summary, territory_members, territory_search

MEMBERS_PER_PAGE = 50
SUGGESTIONS = 8
SEARCH_RESULTS_PER_PAGE = 20

# What a territory page lists below it: (kind, heading, paginated).
MEMBER_SECTIONS = {
    TerritoryKind.REGION: [
        (TerritoryKind.DEPARTEMENT, "Départements", False),
        (TerritoryKind.EPCI, "EPCI à fiscalité propre", True),
        (TerritoryKind.COMMUNE, "Communes", True),
    ],
    TerritoryKind.COLLECTIVITE_OUTRE_MER: [(TerritoryKind.COMMUNE, "Communes", True)],
    TerritoryKind.DEPARTEMENT: [
        (TerritoryKind.EPCI, "EPCI à fiscalité propre", True),
        (TerritoryKind.EPT, "Établissements publics territoriaux", False),
        (TerritoryKind.COMMUNE, "Communes", True),
    ],
    TerritoryKind.EPCI: [
        (TerritoryKind.EPT, "Établissements publics territoriaux", False),
        (TerritoryKind.COMMUNE, "Communes membres", True),
    ],
    TerritoryKind.EPT: [(TerritoryKind.COMMUNE, "Communes membres", True)],
    TerritoryKind.COMMUNE: [
        (TerritoryKind.COMMUNE_DELEGUEE, "Communes déléguées", False),
        (TerritoryKind.COMMUNE_ASSOCIEE, "Communes associées", False),
        (TerritoryKind.ARRONDISSEMENT, "Arrondissements municipaux", False),
    ],
}


def index(request):
    top_levels = Territory.objects.current().filter(
        kind__in=[
            TerritoryKind.REGION,
            TerritoryKind.DEPARTEMENT,
            TerritoryKind.COLLECTIVITE_OUTRE_MER,
        ]
    )
    return render(
        request,
        "geo/index.html",
        {
            "summary": referentiel_summary(),
            "regions": top_levels.filter(kind=TerritoryKind.REGION).order_by("name"),
            "departements": top_levels.filter(kind=TerritoryKind.DEPARTEMENT).order_by("code"),
            "outre_mer": top_levels.filter(kind=TerritoryKind.COLLECTIVITE_OUTRE_MER).order_by(
                "name"
            ),
            "breadcrumb": {"current": "Territoires"},
        },
    )


def territory_detail(request, segment: str, code: str):
    kind = KIND_BY_URL_SEGMENT.get(segment)
    if kind is None:
        raise Http404
    territory = get_object_or_404(
        Territory.objects.select_related(
            "region", "departement", "epci", "ept", "parent", "successor"
        ),
        kind=kind,
        code=code.upper(),
    )
    sections = []
    for member_kind, heading, paginated in MEMBER_SECTIONS.get(territory.kind, []):
        members = territory_members(territory, member_kind).select_related("departement")
        page_param = f"page-{member_kind}"
        if paginated:
            page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get(page_param))
            members, count = page.object_list, page.paginator.count
        else:
            page, members = None, list(members)
            count = len(members)
        if count:
            sections.append(
                {
                    "kind": member_kind,
                    "heading": heading,
                    "members": members,
                    "count": count,
                    "page": page,
                    "page_param": page_param,
                }
            )
    ancestors = territory.ancestors()
    return render(
        request,
        "geo/territory.html",
        {
            "territory": territory,
            "ancestors": ancestors,
            "sections": sections,
            "breadcrumb": {
                "links": [{"url": reverse("geo:index"), "title": "Territoires"}]
                + [{"url": a.get_absolute_url(), "title": a.name} for a in ancestors],
                "current": territory.name,
            },
        },
    )


def search(request):
    query = request.GET.get("q", "").strip()[:100]
    page = None
    if query:
        page = Paginator(territory_search(query), SEARCH_RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "geo/search.html",
        {
            "query": query,
            "page": page,
            "breadcrumb": {
                "links": [{"url": reverse("geo:index"), "title": "Territoires"}],
                "current": "Recherche",
            },
        },
    )


def suggest(request):
    """The suggestions shown under a search box as one types (htmx partial)."""
    query = request.GET.get("q", "").strip()[:100]
    territories = list(territory_search(query)[:SUGGESTIONS]) if len(query) >= 2 else []
    return render(request, "geo/_suggestions.html", {"query": query, "territories": territories})
