"""The search of communs and reports on a small catalogue built here: stems, accents and
case, the weights of the fields, the facets, the suggestions. The suite runs on SQLite and
PostgreSQL: the same expected lists on both show the same results in the same order."""

import unicodedata

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from territoires.commons.search import commun_search, report_search, similar_communs
from territoires.commons.search_index import commun_reindex
from territoires.commons.stemming import stems
from tests.accounts.factories import OrganisationFactory
from tests.commons.factories import (
    CollectiviteFactory,
    CommunFactory,
    ExperienceReportFactory,
    HostingOfferFactory,
    UsageFactory,
)
from tests.geo.factories import RegionFactory, TerritoryFactory
from tests.observatory.conftest import visible_text


def names(page) -> list[str]:
    return [item.name for item in page.items]


@pytest.fixture
def catalogue(db):
    """Five fiches; the word « signature » in the name of one, the summary of another, the
    description of a third."""
    signature = CommunFactory(
        name="Signature électronique",
        slug="signature",
        summary="Signer les actes en ligne.",
        kind="service_mutualise",
        axes=["EADM"],
        licence="",
    )
    parapheur = CommunFactory(
        name="Parapheur",
        slug="parapheur",
        summary="Faire circuler les documents à signer et recueillir la signature des élus.",
        axes=["EADM", "ARCH"],
        licence="AGPL-3.0-or-later",
    )
    archives = CommunFactory(
        name="Archives numériques",
        slug="archives",
        summary="Archiver les documents électroniques.",
        description="Versement des dossiers, contrôle de la signature, conservation.",
        axes=["ARCH"],
        licence="CECILL-2.1",
    )
    donnees = CommunFactory(
        name="Portail de données",
        slug="donnees",
        summary="Publier les données ouvertes d’une collectivité, avec la mutualisation des "
        "jeux de données entre communes.",
        kind="logiciel_libre",
        axes=["DATA"],
        licence="MIT",
    )
    CommunFactory(name="Signature en attente", slug="attente", proposed=True)
    return {
        "signature": signature,
        "parapheur": parapheur,
        "archives": archives,
        "donnees": donnees,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Name (100) > summary (10) > description (1); the proposed fiche is never found.
        ("signature", ["Signature électronique", "Parapheur", "Archives numériques"]),
        # Case, accents, plural and verb forms.
        ("SIGNATURES", ["Signature électronique", "Parapheur", "Archives numériques"]),
        ("mutualisé", ["Portail de données"]),
        ("donnees ouvertes", ["Portail de données"]),
        ("archivage", ["Archives numériques"]),
        ("archiver électronique", ["Archives numériques"]),
        # Every word must be found.
        ("signature mutualisation", []),
        # No word: every published fiche, most used first, then by slug.
        ("", ["Archives numériques", "Portail de données", "Parapheur", "Signature électronique"]),
    ],
)
def test_words_are_found_whatever_their_form_and_ranked_by_field(catalogue, query, expected):
    assert names(commun_search(query)) == expected


def test_more_users_come_first_among_equals(catalogue):
    # « documents » is in two summaries: by slug while no one uses them, then the fiche with
    # more public users first; a private usage counts for nothing.
    assert names(commun_search("documents")) == ["Archives numériques", "Parapheur"]
    UsageFactory(commun=catalogue["parapheur"])
    assert names(commun_search("documents")) == ["Parapheur", "Archives numériques"]
    UsageFactory.create_batch(2, commun=catalogue["archives"], private=True)
    assert names(commun_search("documents")) == ["Parapheur", "Archives numériques"]


def test_facets_count_the_results_and_filter_them(catalogue):
    opsn = OrganisationFactory(name="Syndicat numérique du Doubs", kind="opsn")
    catalogue["parapheur"].maintainers.add(opsn)
    HostingOfferFactory(commun=catalogue["archives"], provider="Syndicat numérique du Doubs")
    bretagne = RegionFactory(code="53", name="Bretagne")
    UsageFactory(
        commun=catalogue["archives"],
        organisation=CollectiviteFactory(
            territory=TerritoryFactory(region=bretagne, siren="213500000")
        ),
    )
    # A maintainer or a hosting offer written directly: the fiches' words written again.
    commun_reindex(catalogue["parapheur"])
    commun_reindex(catalogue["archives"])
    page = commun_search("signature")
    facets = {
        facet: {item.label: item.count for item in values} for facet, values in page.facets.items()
    }
    assert facets["type"] == {"Logiciel libre": 2, "Service mutualisé": 1}
    assert facets["axe"] == {"E-administration": 2, "Archivage électronique": 2}
    assert facets["licence"] == {"AGPL-3.0-or-later": 1, "CECILL-2.1": 1}
    assert facets["region"] == {"Bretagne": 1}
    assert facets["fournisseur"] == {"Syndicat numérique du Doubs": 2}
    assert names(commun_search("signature", filters={"axe": "ARCH"})) == [
        "Parapheur",
        "Archives numériques",
    ]
    assert names(
        commun_search("signature", filters={"type": "logiciel_libre", "licence": "CECILL-2.1"})
    ) == ["Archives numériques"]
    assert names(commun_search("", filters={"region": "53"})) == ["Archives numériques"]
    # Without words, the one with a public user first.
    assert names(commun_search("", filters={"fournisseur": "syndicatnumeriquedudoubs"})) == [
        "Archives numériques",
        "Parapheur",
    ]
    assert names(commun_search("signature", filters={"type": "inconnu"})) == []


def test_suggestions_complete_the_last_word(catalogue, client):
    assert names(commun_search("mutua", prefix=True)) == ["Portail de données"]
    assert names(commun_search("archives num", prefix=True)) == ["Archives numériques"]
    response = client.get(reverse("commons:suggestions"), {"q": "parap"}, HTTP_HX_REQUEST="true")
    assert "Parapheur" in visible_text(response) and "<html" not in response.content.decode()


def test_the_full_results_page_works_without_javascript(catalogue, client):
    text = visible_text(
        client.get(reverse("commons:catalogue"), {"q": "signature", "type": "logiciel_libre"})
    )
    assert "2 communs pour « signature »" in text
    assert text.index("Parapheur") < text.index("Archives numériques")
    assert "Signature électronique Signer" not in text
    # Bad parameters: a search that finds nothing, never an error.
    response = client.get(
        reverse("commons:catalogue"), {"q": "x" * 500, "page": "abc", "axe": "ZZZ"}
    )
    assert response.status_code == 200
    assert "Aucun commun ne correspond." in visible_text(response)


def test_reports_are_searched_too(catalogue):
    ExperienceReportFactory(title="Mutualiser l’archivage", problem="Des archives dispersées.")
    ExperienceReportFactory(title="Un parapheur", problem="Archiver les délibérations.")
    ExperienceReportFactory(title="Archivage en brouillon", draft=True)
    assert [r.title for r in report_search("archivage").items] == [
        "Mutualiser l’archivage",
        "Un parapheur",
    ]


def test_similar_names_before_a_proposal(catalogue):
    assert [c.name for c in similar_communs("Signatures électroniques mutualisées")] == [
        "Signature électronique",
        "Signature en attente",
    ]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@given(st.text(alphabet="abcdeéèêfghiïjklmnoôpqrstuùvwxyzç -’", max_size=60))
def test_stems_ignore_case_and_accents(text):
    assert stems(text) == stems(text.upper()) == stems(_plain(text))
