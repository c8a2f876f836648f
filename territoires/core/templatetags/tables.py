"""``{% fr_table %}``: a DSFR table, its frame written once (``core/_table.html``).

The frame (``fr-table``, its wrapper, container and content, the caption) wraps what the
tag holds, the table's ``<thead>`` and ``<tbody>``::

    {% load tables %}
    {% fr_table "Membres et rôles" class="fr-table--sm" %}
      <thead>…</thead>
      <tbody>…</tbody>
    {% endfr_table %}

The caption is an argument (a string or a variable, with filters), or, when it mixes text
and tags, the first part of the block, ended by ``{% fr_table_body %}``::

    {% fr_table %}
      Évaluations {% if page.paginator.num_pages > 1 %}(page {{ page.number }}){% endif %}
    {% fr_table_body %}
      <thead>…</thead>
    {% endfr_table %}

``class`` adds DSFR modifiers (``fr-table--sm``, ``fr-table--no-caption`` …) or the page's
own class to the outer ``fr-table``.

A table wider than the page scrolls inside its container, which the caption names and the
keyboard reaches (``tabindex``); ``core/site.css`` keeps the frame within the page's width.
"""

import html

from django import template
from django.template.base import token_kwargs
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

register = template.Library()


class TableNode(template.Node):
    child_nodelists = ("caption_nodes", "body_nodes")

    def __init__(self, caption, caption_nodes, body_nodes, classes):
        self.caption = caption
        self.caption_nodes = caption_nodes
        self.body_nodes = body_nodes
        self.classes = classes

    def render(self, context):
        if self.caption_nodes is not None:
            # Rendered by the page's template, escaped there.
            caption = mark_safe(self.caption_nodes.render(context).strip())
            label = html.unescape(strip_tags(caption))
        else:
            caption = label = self.caption.resolve(context)
        values = {
            "caption": caption,
            "label": " ".join(str(label).split()),
            "body": mark_safe(self.body_nodes.render(context)),
            "classes": self.classes.resolve(context) if self.classes else "",
        }
        frame = context.template.engine.get_template("core/_table.html")
        return frame.render(context.new(values))


@register.tag("fr_table")
def fr_table(parser, token):
    bits = token.split_contents()
    tag, arguments = bits[0], bits[1:]
    caption = None
    if arguments and "=" not in arguments[0]:
        caption = parser.compile_filter(arguments.pop(0))
    options = token_kwargs(arguments, parser)
    if arguments or set(options) - {"class"}:
        raise template.TemplateSyntaxError(
            f"{tag}: a caption, then class=… at most (got {' '.join(bits[1:])!r})."
        )
    nodes = parser.parse(("fr_table_body", "endfr_table"))
    caption_nodes = None
    if parser.next_token().contents == "fr_table_body":
        if caption is not None:
            raise template.TemplateSyntaxError(f"{tag}: a caption argument or block, not both.")
        caption_nodes, nodes = nodes, parser.parse(("endfr_table",))
        parser.delete_first_token()
    elif caption is None:
        raise template.TemplateSyntaxError(f"{tag}: a table needs a caption.")
    return TableNode(caption, caption_nodes, nodes, options.get("class"))
