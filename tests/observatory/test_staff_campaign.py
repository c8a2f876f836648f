"""The staff page of a campaign: its assessments searched, filtered, sorted (accents ignored)
and exported in CSV; staff only."""

import csv
import io

import pytest
from django.urls import reverse

from territoires.geo.models import Territory
from territoires.geo.search_text import search_codes, search_name
from territoires.observatory.enums import AssessmentStatus, Questionnaire
from territoires.observatory.models import Assessment, AssessmentScore
from tests.observatory.conftest import visible_text


def commune(name: str, code: str) -> Territory:
    return Territory.objects.create(
        kind="commune",
        code=code,
        name=name,
        search_name=search_name(name),
        search_codes=search_codes(code),
        zone="metro",
        stratum="commune-0-499",
        population=400,
    )


@pytest.fixture
def assessments(world):
    """Four assessments of the open campaign: names whose order depends on accents."""
    rows = [
        ("Athis-Mons", "91027", AssessmentStatus.SUBMITTED, 95.0, 61.5),
        ("Athée", "21031", AssessmentStatus.DRAFT, 40.0, None),
        ("Écouen", "95205", AssessmentStatus.SUBMITTED, 80.0, 47.25),
        ("Avon", "77014", AssessmentStatus.DRAFT, 10.0, None),
    ]
    for name, code, status, completeness, index in rows:
        assessment = Assessment.objects.create(
            campaign=world["campaign"],
            territory=commune(name, code),
            status=status,
            questionnaire=Questionnaire.LIGHT if code == "77014" else Questionnaire.FULL,
        )
        AssessmentScore.objects.create(
            assessment=assessment, completeness=completeness, index=index
        )
    return world


def listed(response) -> list[str]:
    text = visible_text(response)
    names = ["Athis-Mons (91027)", "Athée (21031)", "Écouen (95205)", "Avon (77014)"]
    return sorted((name for name in names if name in text), key=text.index)


def page(client, world, **query):
    url = reverse("observatory:staff_campaign", args=[world["campaign"].pk])
    return client.get(url, query)


def test_names_are_sorted_and_searched_without_regard_to_accents(client, assessments):
    client.force_login(assessments["staff"])

    assert listed(page(client, assessments)) == [
        "Athée (21031)",
        "Athis-Mons (91027)",
        "Avon (77014)",
        "Écouen (95205)",
    ]
    assert listed(page(client, assessments, q="ecouen")) == ["Écouen (95205)"]
    assert listed(page(client, assessments, q="ATHEE")) == ["Athée (21031)"]
    assert listed(page(client, assessments, q="91027")) == ["Athis-Mons (91027)"]


def test_filters_and_orders(client, assessments):
    client.force_login(assessments["staff"])

    submitted = page(client, assessments, status=AssessmentStatus.SUBMITTED)
    light = page(client, assessments, questionnaire=Questionnaire.LIGHT)
    by_completeness = page(client, assessments, sort="completude-desc")

    assert listed(submitted) == ["Athis-Mons (91027)", "Écouen (95205)"]
    assert "Évaluations, 2 au total" in visible_text(submitted)
    assert listed(light) == ["Avon (77014)"]
    assert listed(by_completeness) == [
        "Athis-Mons (91027)",
        "Écouen (95205)",
        "Athée (21031)",
        "Avon (77014)",
    ]
    assert "Aucune évaluation ne correspond à cette recherche." in visible_text(
        page(client, assessments, q="zzz")
    )


def test_a_bad_filter_is_said_in_french_and_lists_everything(client, assessments):
    client.force_login(assessments["staff"])

    response = page(client, assessments, sort="n-importe-quoi")

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in visible_text(response)
    assert len(listed(response)) == 4


def test_the_csv_export_follows_the_search_and_filters(client, assessments):
    client.force_login(assessments["staff"])
    url = reverse("observatory:staff_campaign_export", args=[assessments["campaign"].pk])

    response = client.get(url, {"status": AssessmentStatus.SUBMITTED, "sort": "nom"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="evaluations-2026.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows == [
        [
            "code_insee",
            "type",
            "collectivite",
            "questionnaire",
            "etat",
            "completude",
            "indice",
            "publication",
            "soumise_le",
        ],
        [
            "91027",
            "Commune",
            "Athis-Mons",
            "Questionnaire complet",
            "Soumise",
            "95",
            "61,5",
            "Agrégats anonymes seulement",
            "",
        ],
        [
            "95205",
            "Commune",
            "Écouen",
            "Questionnaire complet",
            "Soumise",
            "80",
            "47,3",
            "Agrégats anonymes seulement",
            "",
        ],
    ]


@pytest.mark.parametrize("who", ["anonymous", "referent", "member"])
def test_only_staff_lists_or_exports_a_campaigns_assessments(client, assessments, who):
    if who != "anonymous":
        client.force_login(assessments[who])
    campaign = assessments["campaign"]

    listing = client.get(reverse("observatory:staff_campaign", args=[campaign.pk]))
    export = client.get(reverse("observatory:staff_campaign_export", args=[campaign.pk]))

    expected = 302 if who == "anonymous" else 403
    assert (listing.status_code, export.status_code) == (expected, expected)
    assert "Athis-Mons" not in export.content.decode()


def test_a_region_says_region_beside_its_code(client, world):
    # « Bourgogne-Franche-Comté (27) » would read as a département's code (Côte-d’Or is 21).
    for kind, code in (("region", "27"), ("departement", "58")):
        Assessment.objects.create(
            campaign=world["campaign"], territory=Territory.objects.get(kind=kind, code=code)
        )
    client.force_login(world["staff"])

    text = visible_text(page(client, world))

    assert "Bourgogne-Franche-Comté (région 27)" in text
    assert "Bourgogne-Franche-Comté (27)" not in text
    assert "Nièvre (58)" in text
