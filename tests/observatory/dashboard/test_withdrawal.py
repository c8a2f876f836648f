"""A withdrawn publication disappears at once from every page, file, API response, widget
and badge: every cached figure of the campaign is dropped (ADR 0009, issue 11)."""

import io
import re

import openpyxl
import pytest

from territoires.observatory.enums import Publication
from territoires.observatory.services import assessment_publication_set
from tests.observatory.conftest import visible_text

pytestmark = pytest.mark.django_db

NEVERS = "58194"
FILES = ("scores", "reponses", "agregats")


def _file_text(client, path: str) -> str:
    content = b"".join(client.get(f"/observatoire/donnees-ouvertes/2026/{path}").streaming_content)
    if path.endswith(".xlsx"):
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        return repr([list(sheet.iter_rows(values_only=True)) for sheet in workbook])
    return content.decode()


def _seen(client):
    """What an anonymous visitor reads of Nevers, after filling every cache."""
    page = client.get("/observatoire/donnees-ouvertes/").content.decode()
    files = [f"{slug}.{extension}" for slug in FILES for extension in ("csv", "xlsx")]
    return {
        "rows": re.findall(r"</th>\s*<td>(\d+)</td>", page)[:2],
        "files": [path for path in files if NEVERS in _file_text(client, path)],
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
    assert public["files"] == ["scores.csv", "scores.xlsx", "reponses.csv", "reponses.xlsx"]
    assert public["widget"] == 200 and public["badge"] == 200
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
    assert withdrawn["files"] == []
    assert withdrawn["widget"] == 404 and withdrawn["badge"] == 404
    # One score row and Nevers' answers fewer on the open data page.
    assert int(withdrawn["rows"][0]) == int(public["rows"][0]) - 1
    assert int(withdrawn["rows"][1]) < int(public["rows"][1])
    assert "Nevers" not in visible_text(client.get("/api/v1/observatory/scores?campagne=2026"))
