"""The debates in the public API: public debates only, their questions and syntheses."""

import pytest

from tests.debates.factories import DebateFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/debats"


@pytest.fixture
def debates(people):
    village = people["village"]
    return {
        "draft": DebateFactory(organisation=village, title="Brouillon secret"),
        "open": DebateFactory(organisation=village, open=True, title="Débat ouvert"),
        "published": DebateFactory(organisation=village, published=True, title="Débat synthèse"),
    }


def test_the_list_has_public_debates_only(client, debates):
    body = client.get(URL).json()

    assert body["count"] == 2
    assert {item["title"] for item in body["results"]} == {"Débat ouvert", "Débat synthèse"}


def test_the_list_filters_by_status(client, debates):
    body = client.get(URL, {"status": "synthese"}).json()

    assert [item["title"] for item in body["results"]] == ["Débat synthèse"]


def test_a_draft_is_not_found(client, debates):
    response = client.get(f"{URL}/{debates['draft'].pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Ressource introuvable.", "errors": []}


def test_a_debate_with_its_questions_and_synthesis(client, debates):
    debate = debates["published"]
    debate.questions.filter(position=1).update(heard="Des inquiétudes.", decided="Une étude.")

    body = client.get(f"{URL}/{debate.pk}").json()

    assert body["synthesis"] == "Nous avons entendu vos attentes."
    assert body["questions"][0] == {
        "position": 1,
        "text": "Quelles sont vos attentes sur la couverture mobile ?",
        "heard": "Des inquiétudes.",
        "decided": "Une étude.",
    }
    assert (body["territory_code"], body["departement_code"], body["region_code"]) == (
        "58900",
        "58",
        "27",
    )


def test_a_synthesis_being_written_is_not_public(client, people):
    debate = DebateFactory(organisation=people["village"], closed=True, synthesis="Brouillon.")

    body = client.get(f"{URL}/{debate.pk}").json()

    assert body["synthesis"] == ""


def test_a_bad_filter_gets_a_french_error(client, debates):
    response = client.get(URL, {"subject": "nucleaire"})

    assert response.status_code == 400
    assert response.json()["detail"] == "Paramètres invalides."
