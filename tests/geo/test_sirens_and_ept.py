"""The SIREN of régions and départements (the project's checked file) and the EPT of the
Métropole du Grand Paris, with the small référentiel."""

import csv
import json

import pytest
from django.conf import settings
from pytest_django.asserts import assertContains, assertNotContains

from territoires.geo.models import Territory
from territoires.geo.referentiel import (
    SIRENS_FILE,
    ReferentielError,
    read_referentiel,
    siren_is_valid,
)


def shipped_rows() -> list[dict]:
    with SIRENS_FILE.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize(
    ("siren", "valid"),
    [
        ("215801945", True),  # Nevers
        ("200094332", True),  # Collectivité européenne d’Alsace
        ("215801946", False),
        ("200094333", False),
        ("21580194", False),
        ("2158019450", False),
        ("21580194a", False),
        ("２１５８０１９４５", False),  # full-width digits: str.isdigit() accepts them
    ],
)
def test_siren_check_digit(siren, valid):
    assert siren_is_valid(siren) is valid


def test_every_shipped_siren_has_its_check_digit_and_a_source():
    rows = shipped_rows()

    assert rows
    for row in rows:
        assert siren_is_valid(row["siren"]), row
        assert row["source"].strip(), row


def test_the_file_covers_every_region_and_departement_of_the_package():
    data = settings.REFERENTIEL_DATA_DIR
    expected = {
        ("region", entry["code"], entry["nom"])
        for entry in json.loads((data / "regions.json").read_text())
        if entry["zone"] != "com"
    } | {
        ("departement", entry["code"], entry["nom"])
        for entry in json.loads((data / "departements.json").read_text())
        if entry["zone"] != "com"
    }
    rows = shipped_rows()

    assert {(row["kind"], row["code"], row["name"]) for row in rows} == expected
    assert len(rows) == len(expected) == 18 + 101


def test_collectivites_that_replaced_departements_carry_their_own_siren():
    sirens = {(row["kind"], row["code"]): row["siren"] for row in shipped_rows()}

    # The Collectivité européenne d’Alsace (1 January 2021), not the former councils.
    assert sirens["departement", "67"] == sirens["departement", "68"] == "200094332"
    # The Collectivité de Corse (2018), de Martinique and de Guyane (2016).
    assert sirens["departement", "2A"] == sirens["departement", "2B"] == sirens["region", "94"]
    assert sirens["departement", "972"] == sirens["region", "02"] == "200055507"
    assert sirens["departement", "973"] == sirens["region", "03"] == "200052678"
    # The Ville de Paris: one SIREN, that of the commune.
    assert sirens["departement", "75"] == "217500016"


@pytest.mark.django_db
def test_the_import_gives_regions_and_departements_their_siren(imported):
    sirens = dict(
        Territory.objects.filter(kind__in=["region", "departement"]).values_list("code", "siren")
    )

    assert sirens == {
        "27": "200053726",
        "01": "239710015",
        "58": "225800010",
        "971": "229710017",
    }


@pytest.mark.django_db
def test_a_departement_is_found_by_its_siren(client, imported):
    response = client.get("/territoires/recherche/", {"q": "225800010"})

    assertContains(response, 'href="/territoires/departements/58/"')


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("departement,58,Nièvre,225800011,essai", "le SIREN « 225800011 » n’est pas valide"),
        ("departement,58,Nièvre,,essai", "le SIREN manque"),
        ("departement,58,Nièvre,225800010,", "la source manque"),
        ("commune,58194,Nevers,215801945,essai", "type « commune » inconnu"),
    ],
)
def test_a_bad_siren_file_stops_the_import_with_its_line(small_data_dir, tmp_path, line, message):
    bad = tmp_path / "sirens.csv"
    bad.write_text("kind,code,name,siren,source\nregion,27,Bourgogne,200053726,essai\n" + line)

    with pytest.raises(ReferentielError) as error:
        read_referentiel(small_data_dir, sirens_file=bad)

    assert str(error.value) == f"Fichier sirens.csv, ligne 3 : {message}" + (
        " (neuf chiffres, dont le dernier est la clé de contrôle)." if "valide" in message else "."
    )


def test_a_siren_file_without_its_columns_is_refused(small_data_dir, tmp_path):
    bad = tmp_path / "sirens.csv"
    bad.write_text("code,siren\n58,225800010\n")

    with pytest.raises(ReferentielError, match="les colonnes attendues sont kind, code"):
        read_referentiel(small_data_dir, sirens_file=bad)


@pytest.mark.django_db
def test_an_ept_is_imported_with_its_member_communes(imported):
    ept = Territory.objects.get(kind="ept", code="200099991")
    saint_eloi = Territory.objects.get(kind="commune", code="58238")

    assert (ept.name, ept.siren, ept.population) == ("Territoire d’essai", "200099991", 700)
    assert saint_eloi.ept == ept
    # The commune keeps its EPCI: an EPT sits between the Métropole and its communes.
    assert saint_eloi.epci.code == "200067387"
    assert list(Territory.objects.in_territory(ept)) == [saint_eloi]
    assert not Territory.objects.filter(kind="commune", ept__isnull=False).exclude(pk=saint_eloi.pk)


@pytest.mark.django_db
def test_ept_page_lists_its_communes_and_is_listed_above_and_below(client, imported):
    page = client.get("/territoires/etablissements-publics-territoriaux/200099991/")

    assertContains(page, "<h1>Territoire d’essai</h1>", html=True)
    assertContains(page, "Établissement public territorial")
    assertContains(page, "Communes membres (1)")
    assertContains(page, 'href="/territoires/communes/58238/"')
    assertNotContains(page, 'href="/territoires/communes/58194/"')
    commune = client.get("/territoires/communes/58238/")
    assertContains(commune, 'href="/territoires/etablissements-publics-territoriaux/200099991/"')
    departement = client.get("/territoires/departements/58/")
    assertContains(departement, "Établissements publics territoriaux (1)")
    assertContains(
        departement, 'href="/territoires/etablissements-publics-territoriaux/200099991/"'
    )
    epci = client.get("/territoires/epci/245804406/")
    assertNotContains(epci, "Établissements publics territoriaux")


@pytest.mark.django_db
def test_an_ept_is_found_by_name_and_by_siren(client, imported):
    for query in ("territoire d essai", "200099991"):
        response = client.get("/territoires/recherche/", {"q": query})

        assertContains(
            response, 'href="/territoires/etablissements-publics-territoriaux/200099991/"'
        )
        assertContains(response, "Établissement public territorial")


@pytest.mark.django_db
def test_the_api_gives_an_ept_with_its_communes_and_a_commune_with_its_ept(client, imported):
    ept = client.get("/api/v1/territories/ept/200099991").json()
    commune = client.get("/api/v1/territories/commune/58238").json()

    assert (ept["kind"], ept["name"], ept["siren"]) == ("ept", "Territoire d’essai", "200099991")
    assert [member["code"] for member in ept["members"]["commune"]] == ["58238"]
    assert ("ept", "200099991") in [
        (level["kind"], level["code"]) for level in commune["hierarchy"]
    ]
