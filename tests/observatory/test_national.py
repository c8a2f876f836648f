"""The national view: participation, national medians and the maps, computed by hand.

The results are those of ``public_results.py``: in 2026, six published
assessments in the Nièvre (indexes 100, 0, 100, 100, 0 and none) and
Basse-Terre (100), alone in Guadeloupe.
"""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from territoires.observatory.enums import AnswerStatus
from territoires.observatory.models import Answer
from territoires.observatory.results import campaign_recompute

pytestmark = pytest.mark.django_db
URL = "/observatoire/france/"


def cells(content: str, label: str) -> list[str]:
    """The texts of the data cells of the table row whose header is ``label``."""
    header = re.search(rf'<th scope="row"[^>]*>\s*{re.escape(label)}\s*</th>', content)
    row = content[header.end() : content.index("</tr>", header.end())]
    return [" ".join(cell.split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def area_class(content: str, label: str) -> str:
    """The CSS classes of the map area whose accessible label is ``label``."""
    match = re.search(rf'aria-label="{label}">\s*<(?:path|rect) [^>]*class="([^"]*)"', content)
    return match.group(1)


def test_without_published_campaign(client, db):
    response = client.get(URL)

    assertContains(response, "Aucune campagne de l’Observatoire n’est encore publiée.")


def test_participation_by_kind_and_stratum(client, published):
    content = html.unescape(client.get(URL).content.decode())

    # 18 current communes: 8 of the small référentiel and 10 villages; 10 published.
    assert cells(content, "Communes") == ["18", "10", "56 %"]
    # Under 500: the 10 villages and Aubigny, L'Épine-aux-Bois; all villages but 6 published.
    assert cells(content, "Communes de moins de 500 hab.") == ["12", "9", "75 %"]
    # 5,000 to 9,999: Basse-Terre (published), Challuy and Saint-Pierre (not in 2026).
    assert cells(content, "Communes de 5\u202f000 à 9\u202f999 hab.") == ["3", "1", "33 %"]


def test_national_medians(client, published):
    content = html.unescape(client.get(URL).content.decode())

    # Indexes 0, 0, 0 and six times 100 (Basse-Terre's among them): median 100 (position 4
    # of 0..8), first quartile 0 (position 2), third quartile 100 (position 6).
    assert cells(content, "Indice de maturité") == ["9", "0,0", "100,0", "100,0"]


def test_maps_colour_groups_of_five_and_hatch_the_others(client, published):
    response = client.get(URL)
    content = html.unescape(response.content.decode())

    assert "choropleth__area--5" in area_class(content, "Nièvre : médiane 100")
    assert "choropleth__area--vide" in area_class(
        content, "Guadeloupe : médiane donnée indisponible"
    )
    guadeloupe = '<a href="/observatoire/collectivites/departements/971/">Guadeloupe</a>'
    assert cells(content, guadeloupe) == ["non publié", "—"]
    assert 'href="/observatoire/collectivites/departements/58/"' in content
    assertContains(response, "Bourgogne-Franche-Comté : médiane 100")
    # Twice per map: its table's caption and the name of the table's scrolling region.
    assertContains(response, "tableau des données de la carte", count=4)
    assertContains(
        response,
        "Donnée indisponible (moins de 5 collectivités, secret statistique ou aucune réponse "
        "publiée)",
        count=2,
    )


def test_the_map_legend_follows_the_minimum_group_size(client, published, settings):
    settings.OBSERVATORY_PEER_MIN_GROUP = 7

    response = client.get(URL)

    assertContains(
        response,
        "Donnée indisponible (moins de 7 collectivités, secret statistique ou aucune réponse "
        "publiée)",
        count=2,
    )


def test_axis_filter_and_bad_parameters(client, published):
    response = client.get(URL, {"axe": "NOPE", "campagne": "1999"})

    assertContains(response, "Aucune campagne publiée pour « 1999 » : voici la plus récente.")
    assertContains(response, "L’axe « NOPE » n’existe pas : voici l’indice de maturité.")
    axis = client.get(URL, {"axe": "DATA"})
    assertContains(axis, "Données d’intérêt général : médiane par département")


def test_unpublished_campaigns_are_not_offered_and_demo_is_labelled(client, published):
    response = client.get(URL)
    assertNotContains(response, "Observatoire 2025")

    demo = client.get(URL, {"campagne": 2024})
    assertContains(demo, "Données de démonstration")


def test_figures_follow_a_recomputation(client, published, django_capture_on_commit_callbacks):
    before = html.unescape(client.get(URL).content.decode())
    assert 'aria-label="Nièvre : médiane 100"' in before

    # Villages 0, 2, 3, 7 and 9 now answer the worst everywhere: every index of the Nièvre
    # is 0.
    for number in (0, 2, 3, 7, 9):
        Answer.objects.filter(
            assessment=published.assessments[number], status=AnswerStatus.ANSWERED
        ).update(value=0)
    with django_capture_on_commit_callbacks(execute=True):
        campaign_recompute(campaign=published.campaign)

    after = html.unescape(client.get(URL).content.decode())
    assert 'aria-label="Nièvre : médiane 0"' in after


def test_a_recomputation_warms_the_public_pages_before_anyone_asks(
    client, published, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    axes = re.findall(r'<option value="([^"]+)"', client.get(URL).content.decode())
    assert len(axes) > 2
    client.get("/observatoire/donnees-ouvertes/")  # every campaign's files counted, cached
    for number in (0, 2, 3, 7, 9):
        Answer.objects.filter(
            assessment=published.assessments[number], status=AnswerStatus.ANSWERED
        ).update(value=0)

    # The recomputation drops the cached figures, then its job computes them again.
    with django_capture_on_commit_callbacks(execute=True):
        campaign_recompute(campaign=published.campaign)

    # No figure is computed for a visitor any more: every axis of the national view and the
    # open data page read the campaigns, then the cache (the session and messages aside).
    for axis in axes:
        with django_assert_max_num_queries(3):
            response = client.get(URL, {"axe": axis})
        assert response.status_code == 200
    assert 'aria-label="Nièvre : médiane 0"' in html.unescape(client.get(URL).content.decode())
    with CaptureQueriesContext(connection) as queries:
        assertContains(client.get("/observatoire/donnees-ouvertes/"), "Données ouvertes")
    # The size of each file is not counted for the visitor.
    assert not [query for query in queries if "COUNT(" in query["sql"].upper()]
