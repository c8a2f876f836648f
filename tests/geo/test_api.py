"""API v1 of the référentiel, as a client calls it."""

import pytest
from pytest_django.asserts import assertContains

from tests.observatory.conftest import visible_text

pytestmark = pytest.mark.django_db


def test_list_is_paginated_with_a_total(client, imported):
    response = client.get("/api/v1/territories", {"kind": "commune", "page_size": 3})

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["pages"], body["page"], body["page_size"]) == (8, 3, 1, 3)
    assert len(body["results"]) == 3
    last = client.get("/api/v1/territories", {"kind": "commune", "page_size": 3, "page": 3})
    assert len(last.json()["results"]) == 2


def test_search_and_filters(client, imported):
    body = client.get("/api/v1/territories", {"q": "58000", "departement": "58"}).json()
    assert [r["name"] for r in body["results"]] == ["Nevers", "Challuy", "Saint-Éloi"]

    body = client.get("/api/v1/territories", {"kind": "commune", "region": "01"}).json()
    assert {r["code"] for r in body["results"]} == {"97105", "97199"}

    body = client.get("/api/v1/territories", {"kind": "commune", "departement": "975"}).json()
    assert [r["code"] for r in body["results"]] == ["97502"]

    nevers = body = client.get("/api/v1/territories", {"q": "nevers"}).json()["results"][0]
    assert nevers == {
        "kind": "commune",
        "code": "58194",
        "name": "Nevers",
        "population": 33085,
        "is_current": True,
        "url": "/api/v1/territories/commune/58194",
        "page_url": "/territoires/communes/58194/",
    }


def test_retired_territories_only_on_request(client, imported):
    from territoires.geo.models import Territory

    Territory.objects.filter(kind="commune", code="58011").update(is_current=False)
    current = client.get("/api/v1/territories", {"kind": "commune"}).json()
    everything = client.get("/api/v1/territories", {"kind": "commune", "current": "false"}).json()

    assert (current["count"], everything["count"]) == (7, 8)


def test_detail_with_hierarchy_and_members(client, imported):
    body = client.get("/api/v1/territories/epci/245804406").json()

    assert body["name"] == "CA de Nevers"
    assert body["epci_nature"] == "CA"
    assert body["stratum"] == "ca-0-74999"
    assert [m["code"] for m in body["members"]["commune"]] == ["58194", "58050"]

    commune = client.get("/api/v1/territories/commune/58194").json()
    assert [(h["kind"], h["code"]) for h in commune["hierarchy"]] == [
        ("region", "27"),
        ("departement", "58"),
        ("epci", "245804406"),
    ]
    assert commune["postal_codes"] == ["58000"]

    departement = client.get("/api/v1/territories/departement/58").json()
    assert len(departement["members"]["epci"]) == 2
    assert len(departement["members"]["commune"]) == 5


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page": 0}, "page", "doit être supérieur ou égal à 1."),
        ({"page": "deux"}, "page", "doit être un nombre entier."),
        ({"page_size": 201}, "page_size", "doit être inférieur ou égal à 200."),
        ({"kind": "canton"}, "kind", "valeur non admise"),
        ({"current": "peut-être"}, "current", "doit valoir true ou false."),
        ({"q": "x" * 101}, "q", "ne doit pas dépasser 100 caractères."),
    ],
)
def test_bad_parameters_get_a_400_with_a_french_json_error(
    client, imported, params, field, message
):
    response = client.get("/api/v1/territories", params)

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Paramètres invalides."
    assert body["errors"][0]["field"] == field
    assert message in body["errors"][0]["message"]


def test_unknown_filter_values_and_pages(client, imported):
    response = client.get("/api/v1/territories", {"departement": "99"})
    assert response.status_code == 404
    assert response.json()["detail"] == "Département inconnu : « 99 »."

    response = client.get("/api/v1/territories", {"region": "99"})
    assert response.status_code == 404
    assert response.json()["detail"] == "Région inconnue : « 99 »."

    response = client.get("/api/v1/territories", {"page": 9})
    assert response.status_code == 404
    assert response.json()["detail"] == "La page 9 n’existe pas (1 page)."

    response = client.get("/api/v1/territories", {"kind": "region", "page_size": 1, "page": 99})
    assert response.status_code == 404
    assert response.json()["detail"] == "La page 99 n’existe pas (2 pages)."


def test_unknown_territory_is_a_json_404(client, imported):
    response = client.get("/api/v1/territories/commune/00000")
    assert response.status_code == 404
    assert response.json() == {"detail": "Ressource introuvable.", "errors": []}

    response = client.get("/api/v1/territories/canton/58194")
    assert response.status_code == 400


def test_openapi_document_and_docs(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/territories" in schema["paths"]
    assert "/api/v1/territories/{kind}/{code}" in schema["paths"]

    docs = client.get("/api/v1/docs")

    # A French page in the site's frame, listing the référentiel's two endpoints.
    assertContains(docs, '<html lang="fr"')
    assertContains(docs, 'id="pied-de-page"')
    text = visible_text(docs)
    assert "Documentation de l’API" in text
    assert (
        "Points d’accès Référentiel territorial Chercher des territoires Un territoire, sa "
        "hiérarchie et ses membres Observatoire"
    ) in text
    assert "Chercher des territoires GET /api/v1/territories Territoires filtrés et paginés" in text
    assert "GET /api/v1/territories/{kind}/{code}" in text
