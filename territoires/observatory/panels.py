"""What the observatory shows on the pages of lower modules (``core.panels``)."""

from territoires.core.panels import registry
from territoires.observatory.dashboard.selectors import has_dashboard
from territoires.observatory.dashboard.views import dashboard_url
from territoires.observatory.framework import ASSESSED_KINDS


def territory_dashboard(request, *, territory) -> dict | None:
    """A link to the territory's dashboard, if it shows something to the visitor."""
    if territory.kind not in ASSESSED_KINDS or not has_dashboard(request.user, territory):
        return None
    return {"url": dashboard_url(territory)}


def register_panels() -> None:
    registry.register(
        "geo.territory",
        name="observatory.dashboard",
        template="observatory/_territory_dashboard.html",
        context=territory_dashboard,
    )
