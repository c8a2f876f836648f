"""The calendar files and feeds, read back by independent parsers: iCalendar (``icalendar``
package) field by field with a DROM event and a change of summer time, schema.org JSON-LD,
the Atom feed, the personal feed at its secret revocable address, the open data file."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from territoires.events.models import CalendarFeed
from territoires.events.services import calendar_feed_renew
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.events.ics import calendar_read, vevents
from tests.geo.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_an_event_ics_field_by_field_across_the_summer_time_change(client):
    # The Forum over two days across the change to winter time (25 October 2026, 3:00 → 2:00
    # in Paris): 9:00 Paris is 7:00 UTC on Saturday and 8:00 UTC on Monday.
    saturday = datetime(2026, 10, 24, 7, tzinfo=UTC)
    monday = datetime(2026, 10, 26, 8, tzinfo=UTC)
    event = EventFactory(
        title="Forum des Interconnectés, Lyon",
        kind="forum",
        venue="Centre de congrès",
        address="50 quai Charles de Gaulle",
        commune__name="Lyon",
        summary="Deux jours; débats, ateliers, \\ et rencontres.",
        sessions=[(saturday, saturday + timedelta(hours=9)), (monday, monday + timedelta(hours=8))],
    )
    response = client.get(reverse("events:event_ics", args=[event.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    # RFC 5545: CRLF line ends, no line over 75 octets.
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    calendar = calendar_read(raw)
    assert str(calendar["version"]) == "2.0"
    first, second = calendar.walk("VEVENT")
    assert first.decoded("dtstart") == saturday
    assert first.decoded("dtend") == datetime(2026, 10, 24, 16, tzinfo=UTC)
    assert second.decoded("dtstart") == monday
    # In Paris time: 9:00 both days, though one is summer time and the other winter time.
    paris = [
        entry.decoded("dtstart").astimezone(event.local(saturday).tzinfo)
        for entry in (first, second)
    ]
    assert [moment.hour for moment in paris] == [9, 9]
    assert str(first["summary"]) == "Forum des Interconnectés, Lyon (1/2)"
    assert str(second["summary"]) == "Forum des Interconnectés, Lyon (2/2)"
    assert str(first["location"]) == "Centre de congrès, 50 quai Charles de Gaulle, Lyon"
    assert str(first["description"]).startswith(
        "Deux jours; débats, ateliers, \\ et rencontres.\n\n"
    )
    assert str(first["url"]) == f"http://127.0.0.1:8000/agenda/evenements/{event.pk}/"
    assert str(first["uid"]) == f"evenement-{event.pk}-1@127.0.0.1"
    assert str(second["uid"]) == f"evenement-{event.pk}-2@127.0.0.1"
    assert str(first["status"]) == "CONFIRMED"
    assert first["categories"].cats == ["Forum des Interconnectés"]


def test_a_drom_event_in_the_feed_is_at_its_local_time(client):
    commune = TerritoryFactory(code="97611", name="Mamoudzou")
    # 9:00 in Mayotte (UTC+3) is 6:00 UTC.
    event = EventFactory(
        commune=commune,
        title="Étape de l’IntercoTOUR à Mayotte",
        starts_at=datetime(2026, 6, 22, 6, tzinfo=UTC),
        ends_at=datetime(2026, 6, 22, 14, tzinfo=UTC),
    )
    assert event.time_zone == "Indian/Mayotte"
    [entry] = vevents(client.get(reverse("events:feed_ics")).content)
    start = entry.decoded("dtstart")
    assert start == datetime(2026, 6, 22, 6, tzinfo=UTC)
    assert start.astimezone(event.local(start).tzinfo).hour == 9
    assert str(entry["location"]).endswith("Mamoudzou")


def test_the_agenda_feed_follows_the_filters(client):
    EventFactory(title="Webinaire", online=True)
    EventFactory(title="Atelier")
    EventFactory(title="Proposé", proposed=True)
    every = vevents(client.get(reverse("events:feed_ics")).content)
    assert sorted(str(entry["summary"]) for entry in every) == ["Atelier", "Webinaire"]
    online = vevents(client.get(reverse("events:feed_ics"), {"en_ligne": "oui"}).content)
    assert [str(entry["summary"]) for entry in online] == ["Webinaire"]


def test_the_json_ld_of_an_event(client):
    event = EventFactory(
        title="Colloque",
        capacity=1,
        online_url="https://visio.exemple.fr/colloque",
        commune__name="Nevers",
        commune__postal_codes=["58000"],
    )
    RegistrationFactory(event=event)
    page = client.get(event.get_absolute_url()).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block)
    assert (data["@context"], data["@type"], data["name"]) == (
        "https://schema.org",
        "Event",
        "Colloque",
    )
    assert data["startDate"] == "2026-06-15T09:30:00+02:00"
    assert data["endDate"] == "2026-06-15T17:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["address"]["addressLocality"] == "Nevers"
    assert place["address"]["postalCode"] == "58000"
    assert place["address"]["addressRegion"] == "Bourgogne-Franche-Comté"
    # The link to join is for registrants: the virtual location is the event's page.
    assert virtual == {"@type": "VirtualLocation", "url": data["url"]}
    assert "visio.exemple.fr" not in block
    assert data["organizer"] == {"@type": "Organization", "name": event.organisation.name}
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"


def test_a_cancelled_online_event_in_json_ld(client):
    event = EventFactory(online=True, status="annule", registration_mode="aucune")
    page = client.get(event.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert "offers" not in data


def test_the_atom_feed(client):
    EventFactory(title="Atelier <données>")
    response = client.get(reverse("events:feed_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    [entry] = root.findall("atom:entry", namespace)
    assert entry.find("atom:title", namespace).text == "Atelier <données>"
    assert "le 15/06/2026 à 09:30" in entry.find("atom:summary", namespace).text


def test_the_personal_feed_is_secret_and_revocable(client):
    registration = RegistrationFactory(event__title="Mon atelier")
    RegistrationFactory(event__title="L’atelier d’un autre")
    RegistrationFactory(user=registration.user, event__title="En attente", waiting=True)
    feed = calendar_feed_renew(user=registration.user)
    url = reverse("events:personal_feed", args=[feed.token])
    entries = vevents(client.get(url).content)
    assert [str(entry["summary"]) for entry in entries] == ["Mon atelier"]

    renewed = calendar_feed_renew(user=registration.user)
    assert renewed.token != feed.token
    gone = client.get(url)
    assert gone.status_code == 404
    assert "Mon atelier" not in gone.content.decode()
    assert client.get(reverse("events:personal_feed", args=[renewed.token])).status_code == 200


@pytest.mark.parametrize("token", ["inconnu", "a" * 43, "x.ics", "%C3%A9t%C3%A9"])
def test_an_unknown_feed_token_is_a_plain_404(client, token):
    CalendarFeed.objects.create(user=UserFactory())
    response = client.get(f"/agenda/flux/{token}.ics")
    assert response.status_code == 404


def test_renewing_ones_feed_from_the_account(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("events:feed_renew"))
    assert response["Location"] == reverse("accounts:account")
    feed = CalendarFeed.objects.get(user=user)
    account = client.get(reverse("accounts:account")).content.decode()
    assert f"/agenda/flux/{feed.token}.ics" in account
    # Nobody reads it by another user's session: the feed is only at its token.
    other = UserFactory()
    client.force_login(other)
    assert feed.token not in client.get(reverse("accounts:account")).content.decode()


def test_the_open_data_file_and_its_schema(client):
    event = EventFactory(title="Atelier; « ouvert »", themes=["DATA", "LAB"])
    EventFactory(proposed=True)
    EventFactory(is_demo=True)
    schema = client.get(reverse("events:opendata_schema")).json()
    names = [field["name"] for field in schema["fields"]]
    rows = list(
        csv.reader(
            io.StringIO(_text(client.get(reverse("events:opendata_download", args=["csv"]))))
        )
    )
    assert rows[0] == names
    assert len(rows) == 2
    row = dict(zip(names, rows[1], strict=True))
    assert row["identifiant"] == str(event.pk)
    assert row["titre"] == "Atelier; « ouvert »"
    assert row["commune_insee"] == event.commune.code
    assert row["thematiques"] == "DATA|LAB"
    assert row["en_ligne"] == "false"
    catalogue = client.get(reverse("core:opendata_catalogue")).json()
    titles = [dataset["dct:title"] for dataset in catalogue["dcat:dataset"]]
    assert "Agenda du réseau" in titles
    assert client.get(reverse("events:opendata_download", args=["pdf"])).status_code == 404
