"""What the référentiel shows on the pages of core (``core.panels``)."""

from django.urls import reverse

from territoires.core.panels import registry
from territoires.geo.selectors import referentiel_summary


def home_referentiel(request) -> dict:
    """The home page's counts of territories by kind, with the millésime imported."""
    return {"summary": referentiel_summary()}


def menu_entry(request) -> dict:
    """« Territoires » in the main menu, current on the référentiel's pages."""
    match = request.resolver_match
    return {
        "title": "Territoires",
        "url": reverse("geo:index"),
        "current": match is not None and match.namespace == "geo",
        "links": [{"title": "Rechercher un territoire", "url": reverse("geo:search")}],
    }


def register_panels() -> None:
    registry.register(
        "core.menu",
        name="geo.menu",
        template="geo/_menu.html",
        context=menu_entry,
        order=10,
    )
    registry.register(
        "core.home",
        name="geo.referentiel",
        template="geo/_home_referentiel.html",
        context=home_referentiel,
    )
