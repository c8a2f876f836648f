"""User-written Markdown is rendered, and whatever it holds, nothing active gets through."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from territoires.core.markdown import markdown_render

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](  javascript:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](vbscript:msgbox(1))",
    '<a href="javascript:alert(1)">clic</a>',
    "<iframe src=https://exemple.fr></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "![x](https://exemple.fr/x.png)",
    "<details open ontoggle=alert(1)>",
    "`<script>`ok",
    "<!-- <script>alert(1)</script> -->",
    '[a](https://exemple.fr "x" onmouseover=alert(1))',
]
SAFE_TAGS = {"p", "strong", "em", "code", "a", "ul", "li", "h2"}


class _Elements(HTMLParser):
    """The elements and attributes of an HTML fragment, as a browser would parse them."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.elements.append(("!--", {"text": data}))


def _elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_renders_active(payload):
    html = str(markdown_render(f"Avant {payload} après"))

    for tag, attributes in _elements(html):
        assert tag in SAFE_TAGS, (payload, html)
        assert not any(name.startswith("on") or name == "style" for name in attributes), html
        if "href" in attributes:
            assert attributes["href"].startswith(("https://", "http://", "mailto:")), html


def test_the_payloads_are_shown_as_text():
    html = str(markdown_render("<script>alert(1)</script>"))

    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


def test_markdown_is_rendered_with_headings_below_the_page_title():
    html = str(
        markdown_render(
            "# Contexte\n\nUn **projet** mené avec [le syndicat](https://exemple.fr).\n\n"
            "- un\n- deux"
        )
    )

    assert html == (
        "<h2>Contexte</h2>\n"
        "<p>Un <strong>projet</strong> mené avec "
        '<a href="https://exemple.fr" rel="nofollow noopener noreferrer">le syndicat</a>.</p>\n'
        "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n"
    )


def test_the_template_filter_renders_and_sanitises():
    template = Template("{% load markdown %}{{ text|markdown }}")

    html = template.render(Context({"text": "*ok* <script>alert(1)</script>"}))

    assert html == "<p><em>ok</em> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
