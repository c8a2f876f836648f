"""``{% panels "slot" key=value %}``: the panels other modules registered into a page's slot."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from territoires.core import panels as panel_registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot: str, **arguments) -> SafeString:
    """Each panel of ``slot`` that has something to show, rendered in order.

    A panel's template sees the context its callable returned, as an inclusion tag's would,
    and the page's CSRF token.
    """
    request = context.get("request")
    if request is None:
        # The 500 page is rendered without the request (it must not fail too): no panels.
        return mark_safe("")
    engine = context.template.engine
    html = []
    for panel, values in panel_registry.registry.contexts(slot, request, **arguments):
        panel_context = context.new(values)
        if "csrf_token" in context:
            panel_context["csrf_token"] = context["csrf_token"]
        html.append(engine.get_template(panel.template).render(panel_context))
    # Each part is a template's output, escaped by its own template.
    return mark_safe("".join(html))
