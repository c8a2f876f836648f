"""What the observatory shows on the pages of lower modules (``core.panels``)."""

from django.urls import reverse

from territoires.accounts.selectors import user_is_agent
from territoires.core.panels import registry
from territoires.geo.enums import TerritoryKind
from territoires.geo.selectors import territory_members
from territoires.observatory.dashboard.selectors import has_dashboard
from territoires.observatory.dashboard.views import dashboard_url
from territoires.observatory.framework import ASSESSED_KINDS
from territoires.observatory.models import Assessment
from territoires.observatory.public.national import headline


def territory_dashboard(request, *, territory) -> dict | None:
    """A link to the territory's dashboard, if it shows something to the visitor."""
    if territory.kind not in ASSESSED_KINDS or not has_dashboard(request.user, territory):
        return None
    return {"url": dashboard_url(territory)}


def publishing_members(request, *, territory) -> dict | None:
    """On the page of a département or a collectivité d'outre-mer: its EPCI and communes that
    publish their results, each linked to its dashboard (every public dashboard is so three
    clicks from the home page)."""
    if territory.kind not in (TerritoryKind.DEPARTEMENT, TerritoryKind.COLLECTIVITE_OUTRE_MER):
        return None
    public = Assessment.objects.public_scores().values("territory_id")
    groups = [
        (label, [(member, dashboard_url(member)) for member in members.filter(pk__in=public)])
        for label, members in (
            ("Intercommunalités", territory_members(territory, TerritoryKind.EPCI)),
            ("Communes", territory_members(territory, TerritoryKind.COMMUNE)),
        )
    ]
    groups = [(label, items) for label, items in groups if items]
    return {"territory": territory, "groups": groups} if groups else None


def menu_entry(request) -> dict:
    """« Observatoire » in the main menu, with its pages; « Mon évaluation » for agents."""
    match = request.resolver_match
    pages = [("Présentation", "observatory_public:landing")]
    if user_is_agent(request):
        pages.append(("Mon évaluation", "observatory:my_assessments"))
    pages += [
        ("Vue nationale", "observatory_public:national"),
        ("Méthodologie", "observatory:methodology"),
        ("Données ouvertes", "observatory_public:opendata"),
    ]
    links = [{"title": title, "url": reverse(name)} for title, name in pages]
    return {
        "title": "Observatoire",
        "url": reverse("observatory_public:landing"),
        "menu_id": "menu-observatoire",
        "current": match is not None and match.namespace in {"observatory", "observatory_public"},
        "links": [{**link, "current": link["url"] == request.path} for link in links],
    }


def home_pillar(request, *, pillar: str) -> dict | None:
    """The pillar « Mesurer » of the home page: the Observatoire's figures and ways in."""
    if pillar != "mesurer":
        return None
    return {"figures": headline()}


def register_panels() -> None:
    registry.register(
        "geo.territory",
        name="observatory.publishing_members",
        template="observatory/_publishing_members.html",
        context=publishing_members,
        order=110,
    )
    registry.register(
        "core.menu",
        name="observatory.menu",
        template="core/_nav_menu.html",
        context=menu_entry,
        order=20,
    )
    registry.register(
        "core.pillar",
        name="observatory.pillar",
        template="observatory/_home_pillar.html",
        context=home_pillar,
    )
    registry.register(
        "geo.territory",
        name="observatory.dashboard",
        template="observatory/_territory_dashboard.html",
        context=territory_dashboard,
    )
