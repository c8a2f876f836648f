"""Links to the observatory's dashboards from other pages (the territory pages)."""

from django import template

from territoires.observatory.dashboard.selectors import has_dashboard
from territoires.observatory.dashboard.views import dashboard_url
from territoires.observatory.framework import ASSESSED_KINDS

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_link(context, territory) -> str:
    """The territory's dashboard URL, if it shows something to the user; else empty."""
    if territory.kind not in ASSESSED_KINDS:
        return ""
    user = context["request"].user
    return dashboard_url(territory) if has_dashboard(user, territory) else ""
