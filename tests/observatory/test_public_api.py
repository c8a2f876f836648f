"""API v1 of the observatory's published results, as a client calls it."""

import pytest
from django.test import override_settings

from territoires.core.errors import BusinessError
from tests.observatory.public_results import PRIVATE, PUBLIC_SCORES

pytestmark = pytest.mark.django_db
API = "/api/v1/observatory"


def test_campaigns_lists_the_published_ones(client, published, django_assert_num_queries):
    # The campaigns, then their published assessments counted at once (not one count each).
    with django_assert_num_queries(2):
        body = client.get(f"{API}/campaigns").json()

    assert [(c["year"], c["is_demo"], c["demo_label"]) for c in body] == [
        (2026, False, ""),
        (2024, True, "Données de démonstration"),
    ]
    assert body[0]["published_assessments"] == 7  # 6 communes of the Nièvre and Basse-Terre
    assert body[1]["published_assessments"] == 1  # Challuy, in the demo campaign
    assert body[0]["framework_url"] == f"{API}/frameworks/2026"
    assert body[0]["opendata_url"] == "/observatoire/donnees-ouvertes/"


def test_a_framework_as_json(client, db):
    body = client.get(f"{API}/frameworks/2026").json()
    assert body["edition"] == 2026 and body["published_on"] == "2026-01-15"
    assert [axis["code"] for axis in body["axes"]][:2] == ["LAB", "EADM"]

    missing = client.get(f"{API}/frameworks/1999")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Aucun référentiel pour l’édition 1999.", "errors": []}


def test_scores_are_the_public_ones_paginated_with_a_total(client, published):
    first = client.get(f"{API}/scores", {"campaign": 2026, "page_size": 2}).json()
    assert (first["count"], first["pages"], first["page"], first["page_size"]) == (5, 3, 1, 2)
    pages = [first] + [
        client.get(f"{API}/scores", {"campaign": 2026, "page_size": 2, "page": n}).json()
        for n in (2, 3)
    ]
    codes = [row["territory"]["code"] for page in pages for row in page["results"]]
    assert codes == [published.commune(n).code for n in PUBLIC_SCORES] + ["97105"]

    row = first["results"][0]
    assert row["territory"]["name"] == "Village-0"
    assert row["territory"]["url"] == f"/api/v1/territories/commune/{published.commune(0).code}"
    assert (row["campaign"], row["is_demo"], row["departement"], row["region"]) == (
        2026,
        False,
        "58",
        "27",
    )
    assert (row["index"], row["level"], row["level_name"], row["completeness"]) == (
        100,
        5,
        "Exemplaire",
        100,
    )
    axes = {axis["code"]: axis for axis in row["axes"]}
    assert axes["CYBR"] == {
        "code": "CYBR",
        "name": "Cybersécurité",
        "score": 100,
        "completeness": 100,
    }
    assert axes["LAB"]["score"] is None
    assert row["widget_url"] == f"/observatoire/vignette/commune/{published.commune(0).code}/"
    unanswered = pages[1]["results"][1]
    assert (unanswered["index"], unanswered["level"], unanswered["completeness"]) == (None, None, 0)


def test_scores_of_every_published_campaign_by_default(client, published):
    body = client.get(f"{API}/scores").json()
    assert body["count"] == 6
    assert [(r["campaign"], r["is_demo"]) for r in body["results"]][-1] == (2024, True)


def test_score_filters(client, published):
    def codes(**params):
        body = client.get(f"{API}/scores", {"campaign": 2026, **params}).json()
        return [row["territory"]["code"] for row in body["results"]]

    nievre = [published.commune(n).code for n in PUBLIC_SCORES]
    assert codes(departement="58") == nievre
    assert codes(region="27") == nievre
    assert codes(region="01") == codes(departement="971") == ["97105"]
    assert codes(kind="commune", departement="58") == nievre
    assert codes(kind="epci") == []


@pytest.mark.parametrize(
    ("params", "status", "detail", "field"),
    [
        ({"campaign": 2025}, 404, "Aucune campagne publiée pour l’année 2025.", None),
        ({"campaign": "deux"}, 400, "Paramètres invalides.", "campaign"),
        ({"campaign": 0}, 400, "Paramètres invalides.", "campaign"),
        ({"departement": "99"}, 404, "Département inconnu : « 99 ».", None),
        ({"departement": "5 8"}, 400, "Paramètres invalides.", "departement"),
        ({"region": "99"}, 404, "Région inconnue : « 99 ».", None),
        ({"kind": "canton"}, 400, "Paramètres invalides.", "kind"),
        ({"page": 0}, 400, "Paramètres invalides.", "page"),
        ({"page_size": 500}, 400, "Paramètres invalides.", "page_size"),
        ({"page": 9}, 404, "La page 9 n’existe pas (1 page).", None),
    ],
)
def test_bad_score_parameters_get_a_french_error(client, published, params, status, detail, field):
    response = client.get(f"{API}/scores", params)

    assert response.status_code == status
    body = response.json()
    assert body["detail"] == detail
    assert [error["field"] for error in body["errors"]] == ([field] if field else [])


def test_one_collectivite_across_campaigns_or_for_one(client, published):
    challuy = client.get(f"{API}/scores/commune/58050").json()
    assert challuy["territory"]["name"] == "Challuy"
    assert [(r["campaign"], r["is_demo"]) for r in challuy["results"]] == [(2024, True)]

    code = published.commune(3).code
    body = client.get(f"{API}/scores/commune/{code}", {"campaign": 2026}).json()
    assert [(r["campaign"], r["index"]) for r in body["results"]] == [(2026, 100)]
    assert client.get(f"{API}/scores/commune/{code}", {"campaign": 2024}).status_code == 404


def test_no_score_of_a_private_draft_or_unpublished_assessment(client, published):
    hidden = [published.commune(n) for n in PRIVATE] + [published.saint_eloi]
    for territory in hidden:
        response = client.get(f"{API}/scores/commune/{territory.code}")
        assert response.status_code == 404
        assert response.json() == {
            "detail": "Aucun score public pour cette collectivité.",
            "errors": [],
        }
    listed = client.get(f"{API}/scores", {"page_size": 200}).content.decode()
    for territory in hidden:
        assert territory.name not in listed and territory.code not in listed
    assert client.get(f"{API}/scores/commune/00000").status_code == 404
    assert client.get(f"{API}/scores/canton/58238").status_code == 400


def test_aggregates_by_departement_region_and_stratum(client, published):
    def results(group_by, **params):
        response = client.get(f"{API}/aggregates", {"group_by": group_by, **params})
        assert response.status_code == 200
        return response.json()

    body = results("departement")
    assert (body["campaign"], body["is_demo"], body["group_by"], body["min_group"]) == (
        2026,
        False,
        "departement",
        5,
    )
    assert body["results"] == [
        {
            "code": "58",
            "name": "Nièvre",
            "count": 6,
            "index": {"median": 100, "first_quartile": 0, "third_quartile": 100},
            # The light questionnaire asks questions of eleven axes: each is scored 100 or 0
            # as the index, so its median over the same five is 100. It asks none of the
            # four others: scored for nobody, no median.
            "axis_medians": {
                **dict.fromkeys(["LAB", "TINT", "ENTR", "FILI"]),
                **dict.fromkeys(
                    [
                        "EADM",
                        "DATA",
                        "AMEN",
                        "USAG",
                        "INCL",
                        "NRES",
                        "CYBR",
                        "RGPD",
                        "ARCH",
                        "ACHT",
                        "GOUV",
                    ],
                    100,
                ),
            },
        }
    ]
    assert [g["code"] for g in results("region")["results"]] == ["27"]
    assert [g["code"] for g in results("stratum")["results"]] == ["commune-0-499"]
    demo = results("stratum", campaign=2024)
    assert (demo["is_demo"], demo["demo_label"], demo["results"]) == (
        True,
        "Données de démonstration",
        [],
    )


@override_settings(OBSERVATORY_PEER_MIN_GROUP=7)
def test_no_aggregate_for_a_group_under_the_minimum(client, published):
    for group_by in ("departement", "region", "stratum"):
        body = client.get(f"{API}/aggregates", {"group_by": group_by}).json()
        assert (body["min_group"], body["results"]) == (7, [])


def test_bad_aggregate_parameters_get_a_french_error(client, published):
    missing = client.get(f"{API}/aggregates")
    assert missing.status_code == 400
    assert missing.json()["errors"] == [{"field": "group_by", "message": "paramètre obligatoire."}]
    wrong = client.get(f"{API}/aggregates", {"group_by": "canton"}).json()
    assert wrong["errors"][0]["message"].startswith("valeur non admise")
    unpublished = client.get(f"{API}/aggregates", {"group_by": "region", "campaign": 2025})
    assert unpublished.status_code == 404


def test_aggregates_without_a_published_campaign(client, db):
    response = client.get(f"{API}/aggregates", {"group_by": "region"})
    assert response.status_code == 404
    assert response.json()["detail"] == "Aucune campagne n’est encore publiée."
    assert client.get(f"{API}/campaigns").json() == []


def test_the_endpoints_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/observatory/campaigns",
        "/api/v1/observatory/frameworks/{edition}",
        "/api/v1/observatory/scores",
        "/api/v1/observatory/scores/{kind}/{code}",
        "/api/v1/observatory/aggregates",
        "/api/v1/territories",
    ):
        assert path in paths


def test_a_business_refusal_is_answered_as_json_with_its_status(client, db, monkeypatch):
    """Whatever endpoint meets a service's refusal answers its French message, its field
    errors and its status, in the shape of every other error."""

    def refuse():
        raise BusinessError(
            "Cette campagne ne peut pas être lue.",
            errors={"campaign": ["Elle n’est pas publiée.", "Elle est close."]},
            status=409,
        )

    monkeypatch.setattr("territoires.api.observatory.published_campaigns", refuse)

    response = client.get(f"{API}/campaigns")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Cette campagne ne peut pas être lue.",
        "errors": [
            {"field": "campaign", "message": "Elle n’est pas publiée."},
            {"field": "campaign", "message": "Elle est close."},
        ],
    }
