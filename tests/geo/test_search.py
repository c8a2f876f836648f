"""Search by name, code, postal code or SIREN: the same results on SQLite and PostgreSQL."""

import copy
import io

import pytest
from django.core.management import call_command

from territoires.geo.search_text import index_words, search_name, words
from territoires.geo.selectors import territory_search
from tests.referentiel import merged_millesime, write_referentiel

pytestmark = pytest.mark.django_db


def names(query: str, limit: int = 5) -> list[str]:
    return [t.name for t in territory_search(query)[:limit]]


def test_words_ignore_case_accents_hyphens_apostrophes_and_abbreviations():
    assert words("L'Épine-aux-Bois") == ["l", "epine", "aux", "bois"]
    assert words("ST-ÉLOI") == ["saint", "eloi"]
    assert words("Ste Œuvre") == ["sainte", "oeuvre"]
    assert search_name("Saint-Éloi") == " saint eloi"


@pytest.mark.parametrize(
    "query",
    ["Saint-Éloi", "saint eloi", "SAINT-ELOI", "st eloi", "St-Éloi", "st-el", "saint-éloi "],
)
def test_names_are_found_whatever_the_spelling(imported, query):
    assert names(query)[0] == "Saint-Éloi"


@pytest.mark.parametrize(
    "query", ["L'Épine-aux-Bois", "l epine aux bois", "lepine", "Lépine-aux-bois", "épine"]
)
def test_apostrophes_are_ignored(imported, query):
    assert names(query)[0] == "L'Épine-aux-Bois"


def test_exact_name_comes_first_then_population(imported):
    # « Nevers » names the commune exactly; the CA de Nevers is larger but comes after.
    assert names("nevers") == ["Nevers", "CA de Nevers"]
    assert names("saint pierre")[:2] == ["Saint-Pierre", "Saint-Pierre-et-Miquelon"]


def test_partial_words_match_word_starts_only(imported):
    assert names("nev") == ["Nevers", "CA de Nevers"]
    assert names("evers") == []
    assert names("chal") == ["Challuy"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("58194", ["Nevers"]),
        ("5819", ["Nevers"]),
        ("215801945", ["Nevers"]),
        ("245804406", ["CA de Nevers"]),
        ("97502", ["Saint-Pierre"]),
        ("97500", ["Saint-Pierre"]),
    ],
)
def test_codes_and_siren(imported, query, expected):
    assert names(query) == expected


def test_postal_code_lists_every_commune_it_serves_largest_first(imported):
    assert names("58000") == ["Nevers", "Challuy", "Saint-Éloi"]


def test_departement_code_finds_the_departement_first(imported):
    assert names("58")[0] == "Nièvre"
    assert names("975")[0] == "Saint-Pierre-et-Miquelon"


def test_several_words_must_all_match(imported):
    assert names("nevers 58000") == ["Nevers"]
    assert names("nevers 97100") == []


def test_nothing_to_search(imported):
    assert names("") == []
    assert names(" - ' ") == []
    assert names("zzzz") == []


def test_territories_that_left_the_data_come_after_current_ones(imported):
    from territoires.geo.models import Territory

    Territory.objects.filter(code="58050").update(is_current=False)
    assert names("58000") == ["Nevers", "Saint-Éloi", "Challuy"]


def test_search_follows_a_later_millesime(tmp_path, small_referentiel):
    for version, files in (("v1", small_referentiel), ("v2", merged_millesime(small_referentiel))):
        data_dir = write_referentiel(tmp_path / version, files)
        call_command("import_referentiel", data_dir=data_dir, stdout=io.StringIO())

    assert names("aubigny les bois") == ["Aubigny-les-Bois"]
    assert names("les bois") == ["Aubigny-les-Bois"]
    # The commune déléguée (current) first, then the commune that left the data.
    found = list(territory_search("lepine"))
    assert [(t.kind, t.is_current) for t in found] == [
        ("commune-deleguee", True),
        ("commune", False),
    ]


def test_a_renamed_territory_is_found_by_its_new_name_only(tmp_path, small_referentiel):
    renamed = copy.deepcopy(small_referentiel)
    challuy = next(c for c in renamed["communes.json"] if c["code"] == "58050")
    challuy["nom"] = "Sermoise"
    for version, files in (("v1", small_referentiel), ("v2", renamed)):
        data_dir = write_referentiel(tmp_path / version, files)
        call_command("import_referentiel", data_dir=data_dir, stdout=io.StringIO())

    assert names("challuy") == []
    assert names("sermoise") == ["Sermoise"]
    assert names("58050") == ["Sermoise"]


def test_the_word_index_holds_the_words_of_each_territory_once(tmp_path, small_referentiel):
    from territoires.geo.models import Territory, TerritoryWord

    for version, files in (("v1", small_referentiel), ("v2", merged_millesime(small_referentiel))):
        data_dir = write_referentiel(tmp_path / version, files)
        call_command("import_referentiel", data_dir=data_dir, stdout=io.StringIO())

        stored = sorted(TerritoryWord.objects.values_list("territory_id", "word"))
        expected = sorted(
            (pk, word)
            for pk, *columns in Territory.objects.values_list(
                "pk", "search_name", "search_codes", "search_compact"
            )
            for word in index_words(*columns)
        )
        assert stored == expected

    aubigny = Territory.objects.get(kind="commune", code="58010")
    words_of_aubigny = TerritoryWord.objects.filter(territory=aubigny).values_list(
        "word", flat=True
    )
    assert sorted(words_of_aubigny) == [
        "#aubignylesbois",
        "215800103",
        "58010",
        "58270",
        "aubigny",
        "bois",
        "les",
    ]
