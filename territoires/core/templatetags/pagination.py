from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number: int) -> str:
    """The current URL's query string with ``param`` set to ``number``."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


@register.inclusion_tag("core/_pagination.html", takes_context=True)
def pagination(context, page: Page, param: str = "page", label: str = "Pagination"):
    """DSFR pagination for ``page``, driven by the query parameter ``param``."""
    return {
        "request": context["request"],
        "page": page,
        "param": param,
        "label": label,
        "numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
