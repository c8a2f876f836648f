"""Markdown written by users (descriptions of communs, events, debates …), made safe to show.

The text is rendered by markdown-it-py (CommonMark, raw HTML disabled), then the HTML is
cleaned by nh3 (the Rust ``ammonia`` sanitiser): only the tags and attributes of
:data:`ALLOWED_TAGS` and :data:`ALLOWED_ATTRIBUTES` survive, links keep only the http, https
and mailto schemes, so no script, no event handler, no ``javascript:`` link and no style gets
through, whatever the text holds. Links get ``rel="nofollow noopener noreferrer"``.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# A description's longest text: long enough for a real page, far below what costs anything.
MARKDOWN_MAX_LENGTH = 20_000

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

# "js-default" disables raw HTML and checks link schemes; the sanitiser checks again.
_renderer = MarkdownIt("js-default").enable("table")


def markdown_render(text: str) -> SafeString:
    """The HTML of ``text``, sanitised: safe to print in a template as it is."""
    html = _renderer.render(text or "")
    # A page has one h1: the Markdown's headings start at h2.
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    # Cleaned by nh3 just above.
    return mark_safe(cleaned)
