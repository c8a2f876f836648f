"""A withdrawn publication disappears at once from every page, file, API response, widget
and badge: every cached figure of the campaign is dropped (ADR 0009, issue 11)."""

import re

import pytest

from territoires.observatory.enums import Publication
from territoires.observatory.services import assessment_publication_set
from tests.observatory.conftest import visible_text

pytestmark = pytest.mark.django_db

NEVERS = "58194"


def _seen(client):
    """What an anonymous visitor reads of Nevers, after filling every cache."""
    page = client.get("/observatoire/donnees-ouvertes/").content.decode()
    scores_csv = b"".join(
        client.get("/observatoire/donnees-ouvertes/2026/scores.csv").streaming_content
    ).decode()
    return {
        "rows": re.findall(r"</th>\s*<td>(\d+)</td>", page)[:2],
        "csv": NEVERS in scores_csv,
        "api": client.get(f"/api/v1/observatory/scores/commune/{NEVERS}").status_code,
        "widget": client.get(f"/observatoire/vignette/commune/{NEVERS}/").status_code,
        "badge": client.get(f"/observatoire/vignette/commune/{NEVERS}/badge.svg").status_code,
    }


def test_a_withdrawal_shows_at_once_everywhere(client, dash, django_capture_on_commit_callbacks):
    nevers = dash["nevers_assessment"]
    with django_capture_on_commit_callbacks(execute=True):
        assessment_publication_set(
            actor=dash["referent"], assessment=nevers, publication=Publication.OPEN_DATA
        )
    public = _seen(client)
    assert public["csv"] and public["widget"] == 200 and public["badge"] == 200
    badge = client.get(f"/observatoire/vignette/commune/{NEVERS}/badge.svg")
    widget = client.get(f"/observatoire/vignette/commune/{NEVERS}/")
    for response in (badge, widget):
        # Shared caches keep them a minute at most.
        assert response["Cache-Control"] == "public, max-age=60, must-revalidate"

    with django_capture_on_commit_callbacks(execute=True):
        assessment_publication_set(
            actor=dash["referent"], assessment=nevers, publication=Publication.AGGREGATES
        )
    withdrawn = _seen(client)
    assert not withdrawn["csv"]
    assert withdrawn["widget"] == 404 and withdrawn["badge"] == 404
    # One score row and Nevers' answers fewer on the open data page.
    assert int(withdrawn["rows"][0]) == int(public["rows"][0]) - 1
    assert int(withdrawn["rows"][1]) < int(public["rows"][1])
    assert "Nevers" not in visible_text(client.get("/api/v1/observatory/scores?campagne=2026"))
