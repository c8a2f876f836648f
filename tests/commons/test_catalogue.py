"""The initial catalogue: a file of real communs, loaded by an idempotent command that never
overwrites a fiche edited on the platform; demonstration usages and reports, marked so."""

import io
import tomllib

import pytest
from django.core.management import CommandError, call_command

from territoires.commons import services
from territoires.commons.enums import CommunStatus
from territoires.commons.models import Commun, CommunVersion, ExperienceReport, Usage
from territoires.commons.rules import licences
from territoires.commons.search import commun_search
from territoires.observatory.demo import demo_campaign_generate

pytestmark = pytest.mark.django_db


def load(*arguments) -> str:
    out = io.StringIO()
    call_command("load_communs", *arguments, stdout=out)
    return out.getvalue()


def test_the_file_holds_at_least_40_real_communs_each_checked():
    entries = services.catalogue_read()
    assert len(entries) >= 40
    assert len({entry["slug"] for entry in entries}) == len(entries)
    assert {entry["licence"] for entry in entries} - {""} <= licences()
    assert all(entry["website"].startswith("https://") for entry in entries)


def test_loading_twice_changes_nothing_and_the_fiches_are_marked_initial():
    count = len(services.catalogue_read())
    assert f"{count} fiche(s) créée(s), 0 mise(s) à jour, 0 inchangée(s)" in load()
    nextcloud = Commun.objects.get(slug="nextcloud")
    assert (nextcloud.status, nextcloud.is_initial, nextcloud.licence) == (
        CommunStatus.PUBLISHED,
        True,
        "AGPL-3.0-or-later",
    )
    before = list(CommunVersion.objects.values_list("pk", "data"))
    assert f"0 fiche(s) créée(s), 0 mise(s) à jour, {count} inchangée(s)" in load()
    assert list(CommunVersion.objects.values_list("pk", "data")) == before
    assert [c.name for c in commun_search("partage de fichiers").items][:1] == ["Nextcloud"]


def test_a_fiche_edited_on_the_platform_is_never_overwritten(tmp_path, people):
    load()
    qgis = Commun.objects.get(slug="qgis")
    services.commun_update(actor=people.staff, commun=qgis, data={"summary": "Notre résumé."})
    # The file changes the summaries of QGIS and of Lizmap: only Lizmap follows.
    text = services.CATALOGUE_FILE.read_text(encoding="utf-8")
    changed = tmp_path / "catalogue.toml"
    entries = tomllib.loads(text)["communs"]
    lizmap = next(entry for entry in entries if entry["slug"] == "lizmap")
    changed.write_text(
        text.replace(lizmap["summary"], "Cartes QGIS en ligne.").replace(
            next(e for e in entries if e["slug"] == "qgis")["summary"], "Autre résumé."
        ),
        encoding="utf-8",
    )
    counts = services.catalogue_load(entries=services.catalogue_read(changed))
    assert (counts["created"], counts["updated"]) == (0, 1)
    assert Commun.objects.get(slug="qgis").summary == "Notre résumé."
    assert Commun.objects.get(slug="lizmap").summary == "Cartes QGIS en ligne."


def test_a_bad_file_is_refused_as_a_whole(tmp_path):
    bad = tmp_path / "catalogue.toml"
    bad.write_text(
        '[[communs]]\nslug = "outil"\nname = "Outil"\nkind = "logiciel_libre"\n'
        'licence = "Maison"\nwebsite = "ftp://exemple.fr"\naxes = ["ZZZ"]\nsummary = "Un outil."\n',
        encoding="utf-8",
    )
    with pytest.raises(services.BusinessError) as refusal:
        services.catalogue_read(bad)
    assert "outil : licence" in refusal.value.message
    assert "outil : website" in refusal.value.message
    assert "outil : axes : Axe inconnu de l’observatoire : ZZZ." in refusal.value.message
    assert not Commun.objects.exists()


def test_demo_usages_and_reports_for_the_demo_collectivites(imported):
    demo_campaign_generate(year=2025, count=12, seed=1)
    output = load("--demo")
    assert "Données de démonstration des communs :" in output
    usages = Usage.objects.all()
    assert usages.exists() and not usages.filter(is_demo=False).exists()
    territories = set(
        usages.values_list("organisation__territory__assessments__campaign__year", flat=True)
    )
    assert territories == {2025}
    reports = ExperienceReport.objects.all()
    assert reports.exists() and all(
        r.is_demo and r.title.startswith("Exemple de démonstration") for r in reports
    )
    counted = usages.count()
    assert "déjà présentes : rien n’est modifié" in load("--demo")
    assert Usage.objects.count() == counted


def test_the_command_says_why_it_refuses(tmp_path):
    bad = tmp_path / "catalogue.toml"
    bad.write_text(
        '[[communs]]\nslug = "Pas Bon"\nname = "X"\nkind = "x"\nsummary = "y"\n', encoding="utf-8"
    )
    with pytest.raises(CommandError, match="Le catalogue initial est invalide"):
        load("--fichier", str(bad))
    assert not Commun.objects.exists()
