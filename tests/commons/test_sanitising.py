"""Whatever a fiche or a report holds, the page served is inert: every XSS payload in every
Markdown field (and in the plain fields beside them) is checked on the HTML as a browser
parses it."""

import pytest

from territoires.commons.models import ExperienceReport
from tests.commons.factories import CommunFactory, ExperienceReportFactory
from tests.core.test_markdown import XSS_PAYLOADS, _elements

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}
DANGEROUS_TAGS = {"iframe", "object", "embed", "svg", "img", "details", "style", "base"}


def _dangerous(html: str) -> list[str]:
    return sorted(tag for tag, _ in _elements(html) if tag in DANGEROUS_TAGS)


def assert_inert(html: str, harmless: str = "") -> None:
    """No event handler, no script, no dangerous link anywhere; no element that can carry
    one but those of the same page with a harmless text (the map's SVG)."""
    assert _dangerous(html) == _dangerous(harmless)
    for tag, attributes in _elements(html):
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name)
            if name in URL_ATTRIBUTES and value:
                assert value.strip().lower().split(":")[0] not in {"javascript", "data", "vbscript"}
        if tag == "script":
            # The site's own scripts only, from files: never an inline one.
            assert attributes.get("src", "").startswith("/static/"), attributes


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_fiche_renders_every_payload_inert(client, payload):
    harmless = CommunFactory(description="## Titre\n\nTexte\n\n- texte")
    commun = CommunFactory(
        name=payload[:150],
        summary=payload[:300],
        description=f"## Titre\n\n{payload}\n\n- {payload}",
    )
    response = client.get(commun.get_absolute_url())
    assert response.status_code == 200
    assert_inert(
        response.content.decode(), client.get(harmless.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_report_renders_every_payload_inert(client, payload):
    fields = dict.fromkeys(ExperienceReport.MARKDOWN_FIELDS, f"{payload}\n\n> {payload}")
    harmless = ExperienceReportFactory(**dict.fromkeys(ExperienceReport.MARKDOWN_FIELDS, "Texte"))
    report = ExperienceReportFactory(title=payload[:200], team=payload[:300], **fields)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert_inert(page, client.get(harmless.get_absolute_url()).content.decode())
    # Every Markdown field was rendered: each has its heading.
    assert page.count("<h2>") >= len(ExperienceReport.MARKDOWN_FIELDS)


def test_the_check_itself_catches_an_active_payload():
    with pytest.raises(AssertionError):
        assert_inert('<p><img src="x" onerror="alert(1)"></p>', "<p><img></p>")
    with pytest.raises(AssertionError):
        assert_inert('<a href=" JavaScript:alert(1)">x</a>')
    with pytest.raises(AssertionError):
        assert_inert("<script>alert(1)</script>")
