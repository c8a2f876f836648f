"""Public meetings: the agenda's published events of the collectivité, linked to its debate."""

import pytest
from django.urls import reverse

from territoires.core.errors import BusinessError
from territoires.debates import services
from tests.debates.factories import DebateFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_referent_links_the_collectivites_published_events(client, people):
    debate = DebateFactory(organisation=people["village"], open=True)
    meeting = EventFactory(organisation=people["village"], title="Réunion publique 5G")
    EventFactory(organisation=people["village"], proposed=True, title="Pas encore publiée")
    client.force_login(people["referent"])

    form = client.get(reverse("debates:meetings", args=[debate.pk])).content.decode()
    response = client.post(
        reverse("debates:meetings", args=[debate.pk]), {"meetings": [meeting.pk]}
    )

    assert "Réunion publique 5G" in form and "Pas encore publiée" not in form
    assert response.status_code == 302
    assert list(debate.meetings.all()) == [meeting]
    client.logout()
    page = client.get(debate.get_absolute_url()).content.decode()
    assert "Réunions publiques" in page and meeting.get_absolute_url() in page
    [listed] = client.get(f"/api/v1/debats/{debate.pk}").json()["meetings"]
    assert listed["title"] == "Réunion publique 5G"
    assert listed["page_url"] == meeting.get_absolute_url()


@pytest.mark.parametrize("which", ["other", "proposed"])
def test_an_event_of_another_organisation_or_unpublished_is_refused(people, which):
    debate = DebateFactory(organisation=people["village"], open=True)
    event = (
        EventFactory(organisation=people["other"])
        if which == "other"
        else EventFactory(organisation=people["village"], proposed=True)
    )

    with pytest.raises(BusinessError, match="événement publié de l’agenda"):
        services.debate_meetings_set(actor=people["referent"], debate=debate, events=[event])

    assert not debate.meetings.exists()


@pytest.mark.parametrize(("who", "expected"), [("member", 403), ("citizen", 403), ("staff", 403)])
def test_only_a_referent_chooses_the_meetings(client, people, who, expected):
    debate = DebateFactory(organisation=people["village"], open=True)
    client.force_login(people[who])

    assert client.get(reverse("debates:meetings", args=[debate.pk])).status_code == expected
