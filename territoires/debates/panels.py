"""What the debates show on the pages of lower modules (``core.panels``)."""

from django.urls import reverse

from territoires.commons.enums import CommunKind, CommunStatus
from territoires.core.panels import registry
from territoires.debates import selectors


def menu_entry(request) -> dict:
    """« Débats » in the main menu; « Mes débats » for whoever is signed in."""
    match = request.resolver_match
    pages = [("Tous les débats", reverse("debates:index"))]
    pages.append(("Débats ouverts", f"{reverse('debates:index')}?status=ouvert"))
    if request.user.is_authenticated:
        pages.append(("Mes débats", reverse("debates:my_debates")))
    links = [{"title": title, "url": url} for title, url in pages]
    return {
        "title": "Débats",
        "menu_id": "menu-debats",
        "url": reverse("debates:index"),
        "current": match is not None and match.namespace == "debates",
        "links": [{**link, "current": link["url"] == request.get_full_path()} for link in links],
    }


def territory_debates(request, *, territory) -> dict | None:
    """The public debates of the territory, on its page."""
    debates = list(selectors.territory_debates(territory))
    if not debates:
        return None
    return {"territory": territory, "debates": debates}


def home(request) -> dict:
    """The debates open now, on the home page: what a citizen signed in can do."""
    return {
        "debates": list(selectors.public_debates(status="ouvert")[:3]),
        "open_count": selectors.open_debate_count(),
        "signed_in": request.user.is_authenticated,
    }


def account(request, *, user) -> dict:
    """« Mon compte »: the debates the person takes part in, and the way to others."""
    return {"participations": list(selectors.participations(user))}


def commun_kit(request, *, commun) -> dict | None:
    """On a kit of concertation's page: « Réutiliser ce kit » for a référent, and the public
    debates that reused it."""
    if commun.kind != CommunKind.CONSULTATION_KIT or commun.status != CommunStatus.PUBLISHED:
        return None
    return {
        "commun": commun,
        "can_reuse": bool(selectors.referent_organisations(request.user)),
        "debates": list(selectors.public_debates().filter(kit=commun)),
    }


def register_panels() -> None:
    registry.register(
        "commons.commun", name="debates.kit", template="debates/_kit.html", context=commun_kit
    )
    registry.register(
        "core.menu",
        name="debates.menu",
        template="core/_nav_menu.html",
        context=menu_entry,
        order=60,
    )
    registry.register(
        "geo.territory",
        name="debates.territory",
        template="debates/_territory.html",
        context=territory_debates,
        order=120,
    )
    registry.register("core.home", name="debates.home", template="debates/_home.html", context=home)
    registry.register(
        "accounts.account",
        name="debates.account",
        template="debates/_account.html",
        context=account,
    )
