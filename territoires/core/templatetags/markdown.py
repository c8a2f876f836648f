"""``{{ text|markdown }}``: user-written Markdown, rendered and sanitised (core.markdown)."""

from django import template

from territoires.core.markdown import markdown_render

register = template.Library()
register.filter("markdown", markdown_render)
