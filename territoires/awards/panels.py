"""What the labels show on the pages of lower modules (``core.panels``)."""

from django.urls import reverse

from territoires.accounts.selectors import user_is_agent
from territoires.awards.selectors import current_edition, last_palmares, organisation_labels
from territoires.core.panels import registry


def menu_entry(request) -> dict:
    """« Labels » in the main menu, without a query of its own (it is on every page): the
    front page (the current edition and the palmarès are one click further), the
    applications of an agent (read once per request with the header's question), and the
    sheets to score of a signed-in person (a juror is an agent or an expert)."""
    match = request.resolver_match
    links = [{"title": "Présentation", "url": reverse("awards:landing")}]
    if user_is_agent(request):
        links.append({"title": "Mes candidatures", "url": reverse("awards:my_applications")})
    if request.user.is_authenticated:
        links.append({"title": "Mes candidatures à noter", "url": reverse("awards:my_sheets")})
    return {
        "title": "Labels",
        "menu_id": "menu-labels",
        "url": reverse("awards:landing"),
        "current": match is not None and match.namespace == "awards",
        "links": [{**link, "current": link["url"] == request.path} for link in links],
    }


def home_pillar(request, *, pillar: str) -> dict | None:
    """The pillar « Reconnaître »: the current edition and the last palmarès."""
    if pillar != "reconnaitre":
        return None
    return {"edition": current_edition(), "palmares": last_palmares()}


def territory_labels(request, *, territory) -> dict | None:
    """The labels and mentions won by the collectivité of a territory."""
    organisation = getattr(territory, "organisation", None)
    if organisation is None:
        return None
    labels = list(organisation_labels(organisation.pk))
    return {"labels": labels} if labels else None


def register_panels() -> None:
    registry.register(
        "core.menu",
        name="awards.menu",
        template="core/_nav_menu.html",
        context=menu_entry,
        order=40,
    )
    registry.register(
        "core.pillar",
        name="awards.pillar",
        template="awards/_home_pillar.html",
        context=home_pillar,
    )
    registry.register(
        "geo.territory",
        name="awards.labels",
        template="awards/_territory_labels.html",
        context=territory_labels,
    )
    registry.register(
        "observatory.dashboard",
        name="awards.labels",
        template="awards/_territory_labels.html",
        context=territory_labels,
    )
