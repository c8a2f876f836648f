"""The public methodology page and the framework download, as a visitor gets them."""

import json
import re

import pytest
from django.urls import reverse

from territoires.observatory.framework import get_framework
from tests.observatory.conftest import visible_text

pytestmark = pytest.mark.django_db
URL = "/observatoire/methodologie/"


def test_the_methodology_page_explains_the_rules_with_worked_examples(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert reverse("observatory:methodology") == URL
    text = visible_text(response)
    assert "Méthodologie de l’Observatoire" in text
    assert "n’est publié que si sa complétude atteint 60 %" in text
    # The cybersecurity example, as computed by hand in test_scoring.
    assert "(3 × 100 + 2 × 0 + 2 × 68 + 3 × 50) ÷ (3 + 2 + 2 + 3) = 58,6" in text
    assert "5 questions traitées sur 6, soit 83,3 %" in text
    # Its answers, worded as the questionnaire words them: answer, score, weight.
    assert "deux dernières années ? 60 % 68 2 CYBR-04" in text
    assert "testé au moins une fois ? Non concerné — 2 CYBR-05" in text
    assert "Niveau 2 : Un diagnostic de sécurité a été réalisé 50 3" in text
    assert "publication des correctifs de sécurité ? Sans réponse" in text
    assert "avant de le remplacer ? 6 ans 60 2" in text
    # The light questionnaire example: index 59,5, level 3, DATA-04 raises it to 69,5.
    assert "Complétude du questionnaire : 90 %" in text
    assert "soit 59,5 , niveau 3. Structuré" in text
    assert "+10 points, l’indice passerait à 69,5" in text
    # Peers.
    assert "Médiane : 58,75" in text
    assert "Premier quartile : 50,125" in text
    assert "Rang centile de la commune : 57,1 %" in text
    assert "jamais données pour un groupe de moins de 5 évaluations publiées" in text
    # The levels, from the file.
    assert "3. Structuré de 40 à moins de 60" in text
    assert "5. Exemplaire 80 et plus" in text


def test_the_methodology_page_shows_each_version_with_what_changed_and_why(client):
    text = visible_text(client.get(URL))
    assert (
        "Version 2026.2 du 1 décembre 2026 ( ce qui a changé ), édition publiée le 15 janvier"
        in text
    )
    assert "Version 2026.2, publiée le 1 décembre 2026 Objet Ce qui change Pourquoi" in text
    assert text.index("Version 2026.2, publiée") < text.index("Version 2026.1, publiée")
    for change in get_framework(2026).changelog[-1].changes:
        assert f"{change.subject} {change.what} {change.why}" in text
    assert "rend la signature électronique facultative" in text
    # The obligations it added, with who they concern and since when.
    assert (
        "Transmission électronique des actes au contrôle de légalité" in text
        and "Régions, départements et EPCI à fiscalité propre ; Communes d’au moins 50 001 "
        "habitants Depuis le 7 août 2020 EADM-02 ≥ 1"
        in text
    )
    assert "inconnue lorsqu’une réponse manque ou que la population de la collectivité" in text
    assert "Jusqu’au 31 mars 2026 ACHT-02 ≥ 1" in text
    assert "Depuis le 21 août 2026 ACHT-06 ≥ 1" in text


def test_the_page_renders_every_axis_and_indicator_of_the_framework(client):
    text = visible_text(client.get(URL))
    framework = get_framework(2026)
    for axis in framework.axes:
        assert f"Questions de l’axe {axis.name}" in text
        for indicator in axis.indicators:
            assert f"{indicator.code} — {indicator.question}" in text
            for basis in indicator.legal_basis:
                assert basis in text
    assert "Par paliers (lieux) : 1 et plus → 40 ; 2 et plus → 70 ; 4 et plus → 100" in text
    assert "Toutes les collectivités qui exercent la compétence développement économique" in text
    assert "Communes et EPCI à fiscalité propre d’au moins 50 001 habitants" in text
    assert "Loi n° 2021-1485 du 15 novembre 2021" in text


def test_the_main_navigation_leads_to_the_observatory(client):
    home = client.get("/").content.decode()
    assert re.search(r'<a class="fr-nav__link"\s+href="/observatoire/"', home)
    assert re.search(r'<a class="fr-nav__link"\s+href="/observatoire/methodologie/"', home)
    page = client.get(URL).content.decode()
    assert re.search(r'aria-controls="menu-observatoire"\s+aria-current="true"', page)
    assert re.search(
        r'href="/observatoire/methodologie/"\s+aria-current="page">Méthodologie</a>', page
    )
    site_map = visible_text(client.get("/plan-du-site/"))
    assert "Observatoire Présentation Vue nationale Méthodologie Données ouvertes" in site_map
    assert 'href="/observatoire/"' in client.get("/plan-du-site/").content.decode()


def test_the_framework_downloads_as_json(client):
    page = client.get(URL).content.decode()
    assert 'href="/observatoire/methodologie/referentiel-2026.json"' in page
    response = client.get("/observatoire/methodologie/referentiel-2026.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="referentiel-2026.json"'
    data = json.loads(response.content)
    assert data["edition"] == 2026 and data["published_on"] == "2026-01-15"
    assert data["completeness_threshold"] == 60
    assert [level["name"] for level in data["levels"]] == [
        "Premiers pas",
        "En progression",
        "Structuré",
        "Avancé",
        "Exemplaire",
    ]
    indicators = [i for axis in data["axes"] for i in axis["indicators"]]
    assert len(indicators) == len(get_framework(2026).indicators)
    first = indicators[0]
    assert first["code"] == "LAB-01" and first["type"] == "level"
    assert first["applies_to"]["population_min"] == 3500
    assert "Disposez-vous d’une structure" in response.content.decode()  # not escaped


def test_an_edition_without_framework_is_not_found(client):
    assert client.get("/observatoire/methodologie/referentiel-2025.json").status_code == 404
