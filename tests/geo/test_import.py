"""The import of the référentiel, as an operator runs it."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from territoires.core.db import is_postgresql
from territoires.geo.models import ImportRun, Territory
from tests.referentiel import merged_millesime, write_referentiel

pytestmark = pytest.mark.django_db


def run_import(data_dir, **options) -> str:
    out = io.StringIO()
    call_command("import_referentiel", data_dir=data_dir, stdout=out, **options)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(Territory.objects.order_by("kind", "code").values_list())


def test_import_creates_the_hierarchy(small_data_dir):
    output = run_import(small_data_dir)

    assert "Référentiel 6.0.0 importé." in output
    assert "communes 8" in output
    nevers = Territory.objects.get(kind="commune", code="58194")
    assert (nevers.name, nevers.population, nevers.siren) == ("Nevers", 33085, "215801945")
    assert nevers.postal_codes == ["58000"]
    assert nevers.departement.name == "Nièvre"
    assert nevers.region.name == "Bourgogne-Franche-Comté"
    assert nevers.epci.name == "CA de Nevers"
    assert nevers.epci.epci_nature == "CA"
    assert nevers.stratum == "commune-20000-49999"
    assert [a.name for a in nevers.ancestors()] == [
        "Bourgogne-Franche-Comté",
        "Nièvre",
        "CA de Nevers",
    ]


def test_departement_and_region_populations_are_the_sum_of_their_communes(small_data_dir):
    run_import(small_data_dir)

    nievre = Territory.objects.get(kind="departement", code="58")
    assert nievre.population == 33085 + 6315 + 700 + 400 + 200
    # A commune with no population counts for nothing, and is kept with none.
    assert Territory.objects.get(code="97199").population is None
    assert Territory.objects.get(code="97199").stratum == "commune-population-inconnue"
    assert Territory.objects.get(kind="region", code="01").population == 9800


def test_collectivites_d_outre_mer_are_kept_apart(small_data_dir):
    run_import(small_data_dir)

    spm = Territory.objects.get(code="975")
    assert spm.kind == "com"
    assert not Territory.objects.filter(kind__in=["region", "departement"], code="975").exists()
    saint_pierre = Territory.objects.get(code="97502")
    assert saint_pierre.departement == spm
    assert [a.name for a in saint_pierre.ancestors()] == ["Saint-Pierre-et-Miquelon"]
    assert Territory.objects.filter(kind="region").count() == 2


def test_second_run_changes_nothing_and_says_so(small_data_dir):
    run_import(small_data_dir)
    before = snapshot()

    assert "déjà importé : aucun changement" in run_import(small_data_dir)
    assert "comparé : aucun changement" in run_import(small_data_dir, force=True)
    assert snapshot() == before
    assert ImportRun.objects.count() == 1


def test_later_millesime_updates_in_place_and_never_deletes(tmp_path, small_referentiel):
    run_import(write_referentiel(tmp_path / "v1", small_referentiel))
    ids = dict(Territory.objects.values_list("code", "id").filter(kind="commune"))

    output = run_import(write_referentiel(tmp_path / "v2", merged_millesime(small_referentiel)))

    assert "retirés" in output
    aubigny = Territory.objects.get(kind="commune", code="58010")
    assert aubigny.id == ids["58010"]
    assert aubigny.name == "Aubigny-les-Bois"
    assert aubigny.search_name == " aubigny les bois"
    epine = Territory.objects.get(kind="commune", code="58011")
    assert epine.id == ids["58011"]
    assert not epine.is_current
    assert epine.successor == aubigny
    deleguee = Territory.objects.get(kind="commune-deleguee", code="58011")
    assert deleguee.parent == aubigny
    assert Territory.objects.filter(kind="commune").count() == 8
    assert ImportRun.objects.count() == 2


def test_vanished_epci_is_succeeded_by_the_one_holding_its_communes(tmp_path, small_referentiel):
    run_import(write_referentiel(tmp_path / "v1", small_referentiel))
    merged = merged_millesime(small_referentiel)
    cc = merged["epci.json"].pop(1)
    merged["epci.json"][0]["membres"] += cc["membres"]

    run_import(write_referentiel(tmp_path / "v2", merged))

    cc = Territory.objects.get(kind="epci", code="200067387")
    assert not cc.is_current
    assert cc.successor.code == "245804406"
    assert Territory.objects.get(kind="commune", code="58238").epci.code == "245804406"


def test_a_territory_gone_without_successor_is_kept_retired(tmp_path, small_referentiel):
    run_import(write_referentiel(tmp_path / "v1", small_referentiel))
    run_import(write_referentiel(tmp_path / "v2", merged_millesime(small_referentiel)))
    deleguee = Territory.objects.get(kind="commune-deleguee", code="58011")
    # The next millésime: the commune déléguée vanishes, and nothing takes its place.
    vanished = merged_millesime(small_referentiel)
    vanished["communes.json"] = [
        c for c in vanished["communes.json"] if c.get("type") != "commune-deleguee"
    ]

    output = run_import(write_referentiel(tmp_path / "v3", vanished))

    assert "retirés" in output
    kept = Territory.objects.get(kind="commune-deleguee", code="58011")
    assert kept.id == deleguee.id
    assert not kept.is_current
    assert kept.successor is None
    assert kept.name == "L'Épine-aux-Bois"


def test_a_territory_back_in_the_data_is_current_again(tmp_path, small_referentiel):
    run_import(write_referentiel(tmp_path / "v1", small_referentiel))
    run_import(write_referentiel(tmp_path / "v2", merged_millesime(small_referentiel)))
    run_import(write_referentiel(tmp_path / "v3", small_referentiel))

    epine = Territory.objects.get(kind="commune", code="58011")
    assert epine.is_current
    assert epine.successor is None


def _truncate(files):
    files["communes.json"] = json.dumps(files["communes.json"])[:-40]


def _drop_field(files):
    del files["communes.json"][2]["nom"]


def _bad_population(files):
    files["communes.json"][0]["population"] = "beaucoup"


def _unknown_departement(files):
    files["communes.json"][1]["departement"] = "99"


def _unknown_member(files):
    files["epci.json"][0]["membres"].append({"code": "58999"})


def _bad_nature(files):
    files["epci.json"][0]["type"] = "SIVU"


def _not_a_list(files):
    files["regions.json"] = {"code": "27"}


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_truncate, "Fichier communes.json : JSON invalide"),
        (
            _drop_field,
            "Fichier communes.json, élément n° 3 (code 58238) : le champ « nom » est manquant.",
        ),
        (
            _bad_population,
            "(code 58194) : le champ « population » doit être un nombre entier positif.",
        ),
        (_unknown_departement, "(code 58050) : le département « 99 » est inconnu."),
        (
            _unknown_member,
            "Fichier epci.json, élément n° 1 (code 245804406) : la commune membre 58999",
        ),
        (_bad_nature, "le champ « type » vaut « SIVU »"),
        (_not_a_list, "Fichier regions.json : une liste non vide d’éléments est attendue."),
    ],
)
def test_bad_file_stops_with_a_clear_message_and_changes_nothing(
    tmp_path, small_referentiel, damage, message
):
    run_import(write_referentiel(tmp_path / "v1", small_referentiel))
    before = snapshot()
    damaged = merged_millesime(small_referentiel)
    damage(damaged)

    with pytest.raises(CommandError) as error:
        run_import(write_referentiel(tmp_path / "v2", damaged))

    assert "Import annulé, aucune donnée n’a été modifiée." in str(error.value)
    assert message in str(error.value)
    assert snapshot() == before
    assert ImportRun.objects.count() == 1


def test_missing_file_is_named(tmp_path, small_referentiel):
    data_dir = write_referentiel(tmp_path / "v1", small_referentiel)
    (data_dir / "epci.json").unlink()

    with pytest.raises(CommandError, match=r"Fichier introuvable : .*epci\.json"):
        run_import(data_dir)
    assert not Territory.objects.exists()


def test_file_not_in_utf8_is_refused(tmp_path, small_referentiel):
    data_dir = write_referentiel(tmp_path / "v1", small_referentiel)
    (data_dir / "regions.json").write_bytes('[{"nom": "Région"}]'.encode("latin-1"))

    with pytest.raises(CommandError, match=r"regions\.json : le contenu n.est pas en UTF-8"):
        run_import(data_dir)
    assert not Territory.objects.exists()


def test_failure_while_writing_rolls_everything_back(tmp_path, small_referentiel, monkeypatch):
    run_import(write_referentiel(tmp_path / "v1", small_referentiel))
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("disque plein")

    # The retirement step runs after every level has been written.
    monkeypatch.setattr("territoires.geo.services._retire_missing", fail)
    with pytest.raises(RuntimeError):
        run_import(write_referentiel(tmp_path / "v2", merged_millesime(small_referentiel)))

    assert snapshot() == before


def test_progress_is_shown(small_data_dir):
    output = run_import(small_data_dir)

    assert "Communes : 8/8" in output
    assert "EPCI à fiscalité propre : 2/2" in output


@pytest.mark.django_db(transaction=True)
def test_postgresql_is_vacuumed_and_analysed_after_an_import(small_data_dir):
    """Outside a transaction, as an operator runs it, the import leaves PostgreSQL with
    fresh statistics and visibility map (index-only scans of the search words)."""
    if not is_postgresql():
        pytest.skip("SQLite keeps no statistics to refresh")
    run_import(small_data_dir)

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT relname, last_vacuum IS NOT NULL, last_analyze IS NOT NULL "
            "FROM pg_stat_user_tables WHERE relname IN ('geo_territory', 'geo_territoryword')"
        )
        assert sorted(cursor.fetchall()) == [
            ("geo_territory", True, True),
            ("geo_territoryword", True, True),
        ]
