"""What the catalogue shows on the pages of lower modules (``core.panels``): its entry in the
main menu, the pillar « Mutualiser » of the home page, the communs a territory uses (its
page and its dashboard), and the communs peers use for a collectivité's weak axes."""

from django.urls import reverse

from territoires.accounts.selectors import user_is_member
from territoires.commons import selectors
from territoires.core.panels import registry


def menu_entry(request) -> dict:
    """« Communs » in the main menu, with its pages."""
    match = request.resolver_match
    pages = [
        ("Catalogue des communs", reverse("commons:catalogue")),
        ("Retours d’expérience", reverse("commons:reports")),
    ]
    if user_is_member(request):
        pages.append(("Proposer un commun", reverse("commons:propose")))
    links = [{"title": title, "url": url} for title, url in pages]
    return {
        "title": "Communs",
        "url": reverse("commons:catalogue"),
        "menu_id": "menu-communs",
        "current": match is not None and match.namespace == "commons",
        "links": [{**link, "current": link["url"] == request.path} for link in links],
    }


def home_pillar(request, *, pillar: str) -> dict | None:
    if pillar != "mutualiser":
        return None
    return {"figures": selectors.catalogue_figures()}


def territory_communs(request, *, territory) -> dict | None:
    """The communs the territory's collectivité uses and the reports it wrote."""
    usages = selectors.territory_communs(territory, request.user)
    reports = selectors.territory_reports(territory)
    if not usages and not reports:
        return None
    return {"territory": territory, "usages": usages, "reports": reports}


def gap_help(request, *, territory, gaps) -> dict | None:
    helps = selectors.gap_help(territory, gaps)
    return {"helps": helps} if helps else None


def register_panels() -> None:
    registry.register(
        "core.menu",
        name="commons.menu",
        template="core/_nav_menu.html",
        context=menu_entry,
        order=40,
    )
    registry.register(
        "core.pillar",
        name="commons.pillar",
        template="commons/_home_pillar.html",
        context=home_pillar,
    )
    for slot in ("geo.territory", "observatory.dashboard"):
        registry.register(
            slot,
            name="commons.territory",
            template="commons/_territory_communs.html",
            context=territory_communs,
        )
    registry.register(
        "observatory.gaps",
        name="commons.gaps",
        template="commons/_gap_help.html",
        context=gap_help,
    )
