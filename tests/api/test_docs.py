"""The API's documentation page: in the site's frame, in French, built from the OpenAPI document."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from territoires.api.urls import api
from tests.observatory.conftest import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client):
    response = client.get(reverse("api-v1:openapi-view"))
    assert response.status_code == 200
    return response


def test_the_documentation_is_a_french_page_of_the_site(page):
    assertContains(page, '<html lang="fr"')
    assertContains(page, 'id="pied-de-page"')  # the site's frame
    assertNotContains(page, "swagger")
    text = visible_text(page)
    assert "Documentation de l’API" in text
    assertContains(page, 'href="/api/v1/openapi.json"')
    assert "Exemple de requête : http://testserver/api/v1/territories/commune/69123" in text
    assert "Exemple de requête : http://testserver/api/v1/observatory/aggregates?group_by=" in text
    assert "page_size requête entier non Résultats par page de 1 à 200 ; par défaut : 50" in text
    assert "Réponses : Campagnes publiées Code HTTP Description Contenu (JSON) 200 Succès" in text
    assertContains(page, '<a href="#schema-CampaignOut">liste d’objets CampaignOut</a>')


def _section(content: str, start: str, end: str) -> str:
    found = re.search(rf"{start}.*?(?:{end}|$)", content, re.DOTALL)
    assert found, start
    return found.group(0)


def test_every_path_parameter_and_response_field_is_documented(page):
    """A new endpoint, parameter or field can never stay undocumented."""
    openapi = api.get_openapi_schema()
    content = page.content.decode()
    text = visible_text(page)
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            section = _section(content, f'<section[^>]*"{operation["operationId"]}"', "</section>")
            assert f"<code>{path}</code>" in section
            assert f">{method.upper()}<" in section
            assert operation["summary"] in text
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in section, (path, parameter["name"])
    for name in ("TerritoryPage", "TerritoryDetail", "ScorePage", "AggregatesOut"):
        section = _section(content, f'id="schema-{name}"', "<h3")
        for field in openapi["components"]["schemas"][name]["properties"]:
            assert f"<code>{field}</code>" in section, (name, field)
    # Every link to a schema leads to its table.
    for name in set(re.findall(r'href="#schema-(\w+)"', content)):
        assert f'id="schema-{name}"' in content, name
