"""The API of the catalogue: filters, pages, one fiche with its public usages and reports,
experience reports; bad parameters get a 4xx with a French JSON error; nothing private."""

import pytest

from tests.commons.factories import CommunFactory, ExperienceReportFactory, UsageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(people):
    parapheur = people.commun  # « Parapheur libre », DATA, MIT
    UsageFactory(commun=parapheur, organisation=people.organisation, since_year=2020)
    UsageFactory(commun=parapheur, private=True)
    CommunFactory(
        name="Cartographie",
        slug="cartographie",
        axes=["AMEN"],
        licence="GPL-3.0-or-later",
        kind="service_mutualise",
    )
    CommunFactory(name="Brouillon", slug="brouillon", proposed=True)
    ExperienceReportFactory(
        title="Signer en ligne", slug="signer", communs=[parapheur], authors=[people.organisation]
    )
    ExperienceReportFactory(title="Pas encore", slug="pas-encore", draft=True)
    return people


def test_list_filter_and_paginate(client, catalogue):
    body = client.get("/api/v1/communs").json()
    assert (body["count"], [c["slug"] for c in body["results"]]) == (
        2,
        ["parapheur-libre", "cartographie"],
    )
    assert body["results"][0]["users_count"] == 1
    assert [c["slug"] for c in client.get("/api/v1/communs?axis=AMEN").json()["results"]] == [
        "cartographie"
    ]
    assert [
        c["slug"] for c in client.get("/api/v1/communs?kind=logiciel_libre").json()["results"]
    ] == ["parapheur-libre"]
    assert [
        c["slug"] for c in client.get("/api/v1/communs?licence=MIT&q=parapheurs").json()["results"]
    ] == ["parapheur-libre"]
    page = client.get("/api/v1/communs?page_size=1&page=2").json()
    assert (page["pages"], [c["slug"] for c in page["results"]]) == (2, ["cartographie"])


def test_one_fiche_with_its_public_usages_and_reports(client, catalogue):
    body = client.get("/api/v1/communs/parapheur-libre").json()
    assert body["usages"] == [
        {
            "organisation": "Village-0",
            "siren": catalogue.organisation.siren,
            "territory_kind": "commune",
            "territory_code": catalogue.organisation.territory.code,
            "since_year": 2020,
            "is_demo": False,
        }
    ]
    assert [report["slug"] for report in body["reports"]] == ["signer"]
    assert client.get("/api/v1/communs/brouillon").status_code == 404


def test_reports(client, catalogue):
    body = client.get("/api/v1/retours-experience").json()
    assert [(r["slug"], r["authors"], r["communs"]) for r in body["results"]] == [
        ("signer", ["Village-0"], ["parapheur-libre"])
    ]


@pytest.mark.parametrize(
    ("url", "status", "detail"),
    [
        ("/api/v1/communs?axis=ZZZ", 400, "Paramètres invalides."),
        ("/api/v1/communs?licence=Maison-1.0", 400, "Paramètres invalides."),
        ("/api/v1/communs?kind=fusee", 400, "Paramètres invalides."),
        ("/api/v1/communs?page=9", 404, "La page 9 n’existe pas (1 page)."),
        ("/api/v1/communs/Pas%20un%20slug", 400, "Paramètres invalides."),
        ("/api/v1/communs/inconnu", 404, "Ressource introuvable."),
        ("/api/v1/retours-experience?page_size=500", 400, "Paramètres invalides."),
    ],
)
def test_bad_parameters_get_a_french_json_error(client, catalogue, url, status, detail):
    response = client.get(url)
    assert (response.status_code, response.json()["detail"]) == (status, detail)


def test_an_unknown_axis_is_named_in_the_error(client, catalogue):
    [error] = client.get("/api/v1/communs?axis=ZZZ").json()["errors"]
    assert error["field"] == "axis"
    assert error["message"].startswith("valeur non admise ; valeurs admises : 'LAB', 'EADM'")
