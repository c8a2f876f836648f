"""The embeddable widget and badge: public scores only, and the only frameable pages."""

import re

import pytest

from tests.core.test_security_headers import directives
from tests.observatory.conftest import visible_text
from tests.observatory.dashboard.test_rollups import pdf_text
from tests.observatory.public_results import PRIVATE

pytestmark = pytest.mark.django_db


def assert_frameable(response):
    assert "X-Frame-Options" not in response
    assert directives(response)["frame-ancestors"] == "*"


def assert_not_frameable(response):
    assert response["X-Frame-Options"] == "DENY"
    assert directives(response)["frame-ancestors"] == "'none'"


def test_the_widget_shows_the_latest_public_scores(client, published):
    code = published.commune(0).code
    response = client.get(f"/observatoire/vignette/commune/{code}/")

    assert response.status_code == 200
    assert_frameable(response)
    text = visible_text(response)
    assert "Village-0" in text
    assert "Indice : 100,0 sur 100 Niveau 5 sur 5 : Exemplaire" in text
    assert "Complétude du questionnaire : 100 %" in text
    assert "Observatoire de la maturité numérique, campagne 2026" in text
    assert "démonstration" not in text
    page = response.content.decode()
    assert '<html lang="fr"' in page
    assert re.search(
        rf'href="http://testserver/territoires/communes/{code}/"\s+target="_blank"\s+rel="noopener"'
        r'\s+title="Voir sur Territoires numériques — nouvelle fenêtre">Voir sur',
        page,
    )


def test_the_widget_of_an_index_not_published(client, published):
    text = visible_text(client.get(f"/observatoire/vignette/commune/{published.commune(5).code}/"))
    assert "Indice non publié : la complétude n’atteint pas le seuil de publication." in text
    assert "Complétude du questionnaire : 0 %" in text


def test_the_badge_is_an_accessible_svg(client, published):
    code = published.commune(1).code
    response = client.get(f"/observatoire/vignette/commune/{code}/badge.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert_frameable(response)
    svg = response.content.decode()
    label = (
        "Village-1 — indice de maturité numérique 0,0 sur 100, niveau 1 : Premiers pas "
        "(campagne 2026)"
    )
    assert f'role="img" aria-label="{label}"' in svg
    assert f"<title>{label}</title>" in svg
    assert ">0,0 · niveau 1<" in svg


def test_a_demo_campaign_is_labelled_in_the_widget_and_badge(client, published):
    widget = visible_text(client.get("/observatoire/vignette/commune/58050/"))
    assert "Données de démonstration" in widget and "campagne 2024" in widget
    badge = client.get("/observatoire/vignette/commune/58050/badge.svg").content.decode()
    assert "(campagne 2024, données de démonstration)</title>" in badge
    assert "· démo<" in badge


def test_a_campaign_can_be_chosen(client, published):
    code = published.commune(0).code
    assert client.get(f"/observatoire/vignette/commune/{code}/?campagne=2026").status_code == 200
    for year in ("2024", "2025", "deux", "²", "٢٠٢٦"):
        response = client.get(f"/observatoire/vignette/commune/{code}/?campagne={year}")
        assert response.status_code == 404
    assert client.get("/observatoire/vignette/commune/58050/?campagne=2024").status_code == 200


def test_no_widget_for_private_draft_unpublished_or_unknown(client, published):
    hidden = [published.commune(n).code for n in PRIVATE] + [published.saint_eloi.code]
    for code in [*hidden, "00000"]:
        for suffix in ("", "badge.svg"):
            response = client.get(f"/observatoire/vignette/commune/{code}/{suffix}")
            assert response.status_code == 404
            assert_not_frameable(response)
    assert client.get("/observatoire/vignette/canton/58238/").status_code == 404


def test_every_other_page_refuses_to_be_framed(client, published):
    pages = [
        "/",
        "/plan-du-site/",
        "/territoires/communes/58194/",
        "/observatoire/methodologie/",
        "/observatoire/methodologie/referentiel-2026.json",
        "/observatoire/donnees-ouvertes/",
        "/donnees-ouvertes/catalogue.jsonld",
        "/observatoire/donnees-ouvertes/2026/scores.csv",
        "/observatoire/donnees-ouvertes/2026/scores.schema.json",
        "/api/v1/observatory/scores",
        "/api/v1/territories",
        "/compte/connexion/",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 302), path
        assert_not_frameable(response)


def test_the_widget_badge_and_dashboard_show_the_same_figures(client, published):
    commune = published.commune(0)
    score = published.assessments[0].score
    score.index, score.completeness = 47.24, 89.47
    score.save()

    widget = visible_text(client.get(f"/observatoire/vignette/commune/{commune.code}/"))
    badge = client.get(f"/observatoire/vignette/commune/{commune.code}/badge.svg")
    dashboard = visible_text(
        client.get(f"/observatoire/collectivites/communes/{commune.code}/?campagne=2026")
    )

    assert "Indice : 47,2 sur 100" in widget
    assert "Complétude du questionnaire : 89 %" in widget
    assert ">47,2 · niveau " in badge.content.decode()
    assert "indice de maturité numérique 47,2 sur 100" in badge.content.decode()
    assert "Indice de maturité : 47,2 sur 100" in dashboard
    assert "Complétude : 89 %" in dashboard
    for text in (widget, badge.content.decode(), dashboard):
        assert "47,24" not in text and "89,47" not in text and "89,5" not in text


def test_the_embed_code_names_the_collectivite_and_this_site(client, published):
    page = client.get("/observatoire/donnees-ouvertes/").content.decode()

    assert "Observatoire des territoires" not in page
    assert re.search(
        r'title="Maturité numérique de [^"]+ — Territoires numériques" '
        r'width="360" height="400"',
        page,
    )


def test_a_score_has_one_decimal_on_every_page_table_widget_and_pdf(client, published):
    # « 44,0 » beside « 45 » must not happen: an index of 45 is « 45,0 » everywhere, as the
    # national figures (medians 100 and quartile 0) are « 100,0 » and « 0,0 ».
    commune = published.commune(0)
    score = published.assessments[0].score
    score.index, score.axis_scores["CYBR"] = 45.0, 44.0
    score.save()
    base = f"/observatoire/collectivites/communes/{commune.code}/"

    dashboard = visible_text(client.get(f"{base}?campagne=2026"))
    widget = visible_text(client.get(f"/observatoire/vignette/commune/{commune.code}/"))
    badge = client.get(f"/observatoire/vignette/commune/{commune.code}/badge.svg")
    pdf = pdf_text(client.get(f"{base}fiche-de-synthese.pdf?campagne=2026").content)
    national = visible_text(client.get("/observatoire/france/"))

    assert "Indice de maturité : 45,0 sur 100" in dashboard
    assert "Cybersécurité 44,0" in dashboard  # the chart's data table and the comparison
    assert "Indice : 45,0 sur 100" in widget
    assert ">45,0 · niveau " in badge.content.decode()
    assert "Indice de maturité : 45,0 sur 100" in pdf
    assert "Cybersécurité 44,0" in pdf
    assert "Indice de maturité 9 0,0 100,0 100,0" in national
    for text in (dashboard, widget, badge.content.decode(), pdf):
        assert not re.search(r"\b45 sur 100|\b44 \b", text)
