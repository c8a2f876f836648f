"""``/api/v1/evenements``: the published events with the agenda's filters, paginated; bad
parameters answered in French (the contract test runs schemathesis on it)."""

from datetime import UTC, datetime

import pytest

from tests.events.factories import EventFactory, RegistrationFactory
from tests.geo.factories import TerritoryFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/evenements"


def test_the_published_events_with_their_place_and_seats(client):
    event = EventFactory(title="Atelier", capacity=3, themes=["DATA"])
    RegistrationFactory.create_batch(2, event=event)
    EventFactory(proposed=True)
    body = client.get(URL).json()
    assert (body["count"], body["pages"]) == (1, 1)
    [result] = body["results"]
    assert result["id"] == event.pk
    assert result["title"] == "Atelier"
    assert result["status"] == "programme"
    assert result["starts_at"] == "2026-06-15T07:30:00Z"
    assert result["local_starts_at"] == "2026-06-15T09:30:00+02:00"
    assert (result["commune"], result["departement"], result["region"]) == (
        event.commune.code,
        "58",
        "27",
    )
    assert (result["capacity"], result["seats_left"]) == (3, 1)
    assert result["themes"] == ["DATA"]
    assert result["page_url"] == f"/agenda/evenements/{event.pk}/"
    assert result["ics_url"] == f"/agenda/evenements/{event.pk}/evenement.ics"


def test_filters_and_pages(client):
    EventFactory(title="Webinaire", online=True, kind="webinaire")
    EventFactory(title="Atelier DATA", themes=["DATA"])
    commune = TerritoryFactory(code="97411", name="Saint-Denis")
    EventFactory(
        title="La Réunion",
        commune=commune,
        starts_at=datetime(2026, 7, 1, 5, tzinfo=UTC),
        ends_at=datetime(2026, 7, 1, 8, tzinfo=UTC),
    )

    def titles(**query):
        return sorted(item["title"] for item in client.get(URL, query).json()["results"])

    assert titles(online="true") == ["Webinaire"]
    assert titles(online="false") == ["Atelier DATA", "La Réunion"]
    assert titles(kind="webinaire") == ["Webinaire"]
    assert titles(theme="DATA") == ["Atelier DATA"]
    assert titles(departement="58") == ["Atelier DATA"]
    assert titles(start="2026-06-20") == ["La Réunion"]
    assert titles(end="2026-06-20") == ["Atelier DATA", "Webinaire"]
    page = client.get(URL, {"page_size": 2, "page": 2}).json()
    assert (page["count"], page["pages"], len(page["results"])) == (3, 2, 1)


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"theme": "XYZ"}, 400, "theme"),
        ({"start": "0"}, 400, "start"),
        ({"start": "2026-02-30"}, 400, "start"),
        ({"kind": "fête"}, 400, "kind"),
        ({"page": 9}, 404, None),
    ],
)
def test_bad_parameters_answer_in_french(client, query, status, field):
    response = client.get(URL, query)
    assert response.status_code == status
    body = response.json()
    assert body["detail"]
    if field:
        assert [error["field"] for error in body["errors"]] == [field]
