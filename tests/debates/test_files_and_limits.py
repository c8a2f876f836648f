"""Context documents served to whoever may see the debate; the rate limit of contributions;
the open data file in the catalogue, with its schema; editing through the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoires.debates import services
from territoires.debates.models import Contribution, Document
from tests.debates.factories import ContributionFactory, DebateFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"


def test_a_referent_uploads_a_file_that_the_public_downloads_once_open(client, people):
    debate = DebateFactory(organisation=people["village"])
    client.force_login(people["referent"])
    response = client.post(
        reverse("debates:documents", args=[debate.pk]),
        {
            "fichier-title": "Étude d’exposition",
            "fichier-file": SimpleUploadedFile("etude.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    url = reverse("debates:document", args=[debate.pk, document.pk])
    client.logout()

    assert client.get(url).status_code == 404  # a draft's file appears nowhere
    services.debate_move(actor=people["referent"], debate=debate, name="open")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_a_disguised_file_is_refused_on_the_page(client, people):
    debate = DebateFactory(organisation=people["village"])
    client.force_login(people["referent"])

    response = client.post(
        reverse("debates:documents", args=[debate.pk]),
        {
            "fichier-title": "Piège",
            "fichier-file": SimpleUploadedFile("piege.pdf", b"<svg onload=alert(1)>", "image/svg"),
        },
    )

    assert response.status_code == 200
    assert "Ce type de fichier n’est pas accepté" in response.content.decode()
    assert not Document.objects.exists()


def test_contributions_are_rate_limited(client, people, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "debates": "3/300"}
    participant = ParticipantFactory(debate__organisation=people["village"])
    client.force_login(participant.user)
    url = reverse("debates:contribute", args=[participant.debate.pk])

    statuses = [client.post(url, {"text": f"Idée {n}."}).status_code for n in range(4)]

    assert statuses == [302, 302, 302, 429]
    assert Contribution.objects.count() == 3


def test_an_author_edits_through_the_page(client, people):
    contribution = ContributionFactory(participant__debate__organisation=people["village"])
    client.force_login(contribution.participant.user)

    response = client.post(
        reverse("debates:contribution_edit", args=[contribution.pk]), {"text": "Corrigé."}
    )

    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.text == "Corrigé."
    other = ParticipantFactory(debate=contribution.debate)
    client.force_login(other.user)
    edit = reverse("debates:contribution_edit", args=[contribution.pk])
    assert client.post(edit, {"text": "Piraté."}).status_code == 403


def test_the_open_data_is_in_the_catalogue_with_its_schema(client, people):
    assert not any(
        "debats" in d["dct:identifier"]
        for d in client.get("/donnees-ouvertes/catalogue.jsonld").json()["dcat:dataset"]
    )
    debate = DebateFactory(organisation=people["village"], open=True)
    services.debate_move(actor=people["referent"], debate=debate, name="close")

    catalogue = client.get("/donnees-ouvertes/catalogue.jsonld").json()
    [dataset] = [
        d for d in catalogue["dcat:dataset"] if d["dct:identifier"] == "debats-contributions"
    ]
    schema = client.get(reverse("debates:opendata_schema")).json()
    names = [field["name"] for field in schema["fields"]]
    assert dataset["dct:conformsTo"]["@id"].endswith(reverse("debates:opendata_schema"))
    assert "texte" in names and not any("pseudo" in name or "nom" in name for name in names)
    assert (
        "Contributions aux débats locaux clos" in client.get("/donnees-ouvertes/").content.decode()
    )


def test_a_referent_adds_and_removes_a_link_through_the_page(client, people):
    debate = DebateFactory(organisation=people["village"])
    client.force_login(people["referent"])
    url = reverse("debates:documents", args=[debate.pk])

    client.post(url, {"lien-title": "Rapport", "lien-url": "https://exemple.fr/rapport"})
    [document] = debate.documents.all()
    page = client.get(debate.get_absolute_url()).content.decode()
    client.post(reverse("debates:document_remove", args=[debate.pk, document.pk]))

    assert 'href="https://exemple.fr/rapport"' in page
    assert not debate.documents.exists()
