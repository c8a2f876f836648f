"""What the labels publish: the palmarès, the badge and the vignette, the open data, the API,
and what they show on the pages of other modules."""

import csv
import io

import pytest
from django.urls import reverse

from territoires.awards.enums import ApplicationStatus, AwardKind, EditionStatus
from territoires.awards.models import Score
from tests.accounts.factories import MembershipFactory
from tests.awards.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CollectiviteFactory,
    EditionFactory,
    JuryFactory,
)
from tests.core.test_security_headers import directives
from tests.observatory.conftest import visible_text


@pytest.fixture
def published(db):
    """The edition 2025's palmarès: a label and a mention; a finalist and a project not
    retained that agreed to publication, one that did not; the edition 2026 under review."""
    edition = EditionFactory(year=2025, status=EditionStatus.PUBLISHED, public_vote=True)
    label = ApplicationFactory(
        edition=edition, title="Guichet unique", status=ApplicationStatus.LAUREATE,
        award_kind=AwardKind.LABEL,
    )  # fmt: skip
    mention = ApplicationFactory(
        edition=edition, title="Bus numérique", status=ApplicationStatus.LAUREATE,
        award_kind=AwardKind.MENTION, award_title="Coup de cœur",
    )  # fmt: skip
    mention.co_applicants.add(CollectiviteFactory())
    ApplicationFactory(edition=edition, title="Fablab", status=ApplicationStatus.FINALIST)
    ApplicationFactory(
        edition=edition, title="Secret", status=ApplicationStatus.NOT_SELECTED,
        agrees_to_publication=False,
    )  # fmt: skip
    review = EditionFactory(year=2026, review=True)
    ApplicationFactory(edition=review, title="En examen", status=ApplicationStatus.ASSIGNED)
    ApplicationFactory(edition=review, title="Brouillon", agrees_to_publication=True)
    return {"edition": edition, "label": label, "mention": mention}


def test_the_palmares_shows_laureates_by_category(client, published):
    text = visible_text(client.get(reverse("awards:palmares", args=[2025])))
    assert "Guichet unique" in text and "Label Territoire Innovant" in text
    assert "Bus numérique" in text and "Mention « Coup de cœur »" in text
    assert "Fablab" not in text.split("Prix du public")[0]
    assert "Secret" not in text


def test_the_badge_and_the_vignette_are_the_frameable_pages(client, published):
    label = published["label"]
    for name in ("badge", "vignette"):
        response = client.get(reverse(f"awards:{name}", args=[label.pk]))
        assert response.status_code == 200
        assert "X-Frame-Options" not in response
        assert directives(response)["frame-ancestors"] == "*"
    vignette = visible_text(client.get(reverse("awards:vignette", args=[label.pk])))
    assert "Guichet unique" in vignette and "Label Territoire Innovant" in vignette
    palmares = client.get(reverse("awards:palmares", args=[2025]))
    assert palmares["X-Frame-Options"] == "DENY"


def rows(response) -> list[dict]:
    content = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(content)))


def test_open_data_lists_what_agreed_to_publication_and_the_laureates(client, published):
    applications = rows(client.get(reverse("awards:dataset", args=["candidatures", "csv"])))
    assert [(row["edition"], row["titre"], row["etat"]) for row in applications] == [
        ("2025", "Bus numérique", "laureate"),
        ("2025", "Fablab", "finaliste"),
        ("2025", "Guichet unique", "laureate"),
        ("2026", "En examen", "en_examen"),
    ]
    laureates = rows(client.get(reverse("awards:dataset", args=["laureats", "csv"])))
    assert [(row["titre"], row["distinction"], row["intitule_mention"]) for row in laureates] == [
        ("Bus numérique", "mention", "Coup de cœur"),
        ("Guichet unique", "label", ""),
    ]
    assert laureates[0]["co_candidates"].startswith("Commune de Village-")
    schema = client.get(reverse("awards:schema", args=["laureats"])).json()
    assert [field["name"] for field in schema["fields"]] == list(laureates[0])
    xlsx = client.get(reverse("awards:dataset", args=["laureats", "xlsx"]))
    assert xlsx.status_code == 200
    assert client.get("/labels/donnees/laureats.json").status_code == 404
    catalogue = client.get(reverse("core:opendata_catalogue")).json()
    identifiers = {dataset["dct:identifier"] for dataset in catalogue["dcat:dataset"]}
    assert {"labels-candidatures", "labels-laureats"} <= identifiers


def test_the_api_lists_editions_and_laureates(client, published):
    editions = client.get("/api/v1/labels/editions").json()
    assert [(edition["year"], edition["status"]) for edition in editions] == [
        (2026, "preselection"),
        (2025, "palmares"),
    ]
    assert editions[1]["palmares_url"] == "/labels/2025/palmares/"
    assert editions[0]["palmares_url"] is None
    page = client.get("/api/v1/labels/laureates", {"edition": 2025}).json()
    assert page["count"] == 2
    assert [(row["title"], row["award_label"]) for row in page["results"]] == [
        ("Bus numérique", "Mention « Coup de cœur »"),
        ("Guichet unique", "Label Territoire Innovant"),
    ]
    assert client.get("/api/v1/labels/laureates", {"edition": 2026}).json()["count"] == 0
    missing = client.get("/api/v1/labels/editions/2031")
    assert (missing.status_code, missing.json()["detail"]) == (404, "Ressource introuvable.")
    bad = client.get("/api/v1/labels/laureates", {"edition": "deux"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "edition"


def test_the_menu_the_home_page_and_the_territory_page_show_the_labels(client, published):
    home = visible_text(client.get("/"))
    assert "Labels Territoires Innovants 2026 : présélection régionale" in home
    assert "Dernier palmarès : 2025" in home
    assert "Palmarès 2025" in home  # the menu
    territory = published["label"].organisation.territory
    page = visible_text(client.get(territory.get_absolute_url()))
    assert (
        "Labels Territoires Innovants 2025 : Label Territoire Innovant, « Guichet unique »" in page
    )
    # A co-applicant's territory shows the mention it shares.
    partner = published["mention"].co_applicants.get().territory
    assert "Mention « Coup de cœur », « Bus numérique »" in visible_text(
        client.get(partner.get_absolute_url())
    )
    other = CollectiviteFactory().territory
    assert "Labels Territoires Innovants" not in visible_text(client.get(other.get_absolute_url()))


def test_my_applications_lists_those_of_my_collectivites(client, published):
    member = MembershipFactory(organisation=published["label"].organisation).user
    client.force_login(member)
    text = visible_text(client.get(reverse("awards:my_applications")))
    assert "Guichet unique" in text and "Bus numérique" not in text


def test_aggregated_sheets_are_published_only_over_five_sheets(client, published):
    edition = published["edition"]
    jury = JuryFactory(edition=edition)
    edition.publish_score_sheets = True
    edition.save()
    innovation = edition.criteria.get(name="Innovation")
    for index, application in enumerate((published["label"], published["mention"])):
        # Five sheets for the label (marks 1 to 5: mean 3), four for the mention.
        for mark in range(1, 6 - index):
            sheet = AssignmentFactory(application=application, juror__jury=jury, status="notee")
            Score.objects.create(assignment=sheet, criterion=innovation, mark=mark)
    text = visible_text(client.get(reverse("awards:palmares", args=[2025])))
    section = text.split("Fiches de notation agrégées des finalistes")[1]
    assert "Guichet unique" in section and "Innovation 3,0" in section
    assert "Bus numérique" not in section
