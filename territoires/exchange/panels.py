"""What the bourse shows on the pages of lower modules (``core.panels``)."""

from urllib.parse import urlencode

from django.urls import reverse

from territoires.accounts.selectors import active_membership
from territoires.core.access import is_staff
from territoires.core.formats import score
from territoires.core.panels import registry
from territoires.exchange.selectors import gap_help, headline


def menu_entry(request) -> dict:
    """« Bourse » in the main menu, with its pages; the personal ones for a signed-in user."""
    match = request.resolver_match
    pages = [
        ("Offres", "exchange:home"),
        ("Besoins", "exchange:needs"),
        ("Données et statistiques", "exchange:opendata"),
    ]
    if request.user.is_authenticated:
        pages += [("Mes accords", "exchange:agreements"), ("Mes alertes", "exchange:searches")]
    if is_staff(request.user):
        pages.append(("La voix du réseau", "exchange:network_voice"))
    links = [{"title": title, "url": reverse(name)} for title, name in pages]
    return {
        "title": "Bourse",
        "url": reverse("exchange:home"),
        "menu_id": "menu-bourse",
        "current": match is not None and match.namespace == "exchange",
        "links": [{**link, "current": link["url"] == request.path} for link in links],
    }


def home_pillar(request, *, pillar: str) -> dict | None:
    """The pillar « Mutualiser » of the home page: the bourse's figures and ways in."""
    if pillar != "mutualiser":
        return None
    return {"figures": headline()}


def gaps_help(request, *, territory, gaps) -> dict | None:
    """For each weak axis of a collectivité: offers that can close it, and peers that score
    well on it and offer help; each offer with a link that starts a prefilled request."""
    helps = gap_help(territory, gaps)
    if not helps:
        return None
    # The prefilled request is for the collectivité's own members, acting for it.
    membership = active_membership(request)
    may_request = membership is not None and membership.organisation.territory_id == territory.pk
    rows = []
    for help_ in helps:
        message = (
            f"Notre score sur l’axe « {help_.gap.name} » de l’Observatoire est de "
            f"{score(help_.gap.score)} sur 100 : nous souhaitons être accompagnés sur ce point."
        )
        rows.append(
            {
                "help": help_,
                "offers": [
                    (
                        item,
                        reverse("exchange:agreement_request", args=[item.offer.pk])
                        + "?"
                        + urlencode({"message": message})
                        if may_request
                        else None,
                    )
                    for item in help_.offers
                ],
            }
        )
    return {"territory": territory, "rows": rows}


def register_panels() -> None:
    registry.register(
        "core.menu",
        name="exchange.menu",
        template="core/_nav_menu.html",
        context=menu_entry,
        order=30,
    )
    registry.register(
        "core.pillar",
        name="exchange.pillar",
        template="exchange/_home_pillar.html",
        context=home_pillar,
    )
    registry.register(
        "observatory.gaps",
        name="exchange.gaps",
        template="exchange/_gaps.html",
        context=gaps_help,
        order=10,
    )
