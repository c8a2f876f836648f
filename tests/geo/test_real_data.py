"""The import of the real package data (millésime 2026, @etalab/decoupage-administratif 6.0.0)."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count

from territoires.geo.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def real_referentiel(django_db_setup, django_db_blocker):
    """Import the real data once for this module, and remove it afterwards."""
    with django_db_blocker.unblock():
        call_command("import_referentiel", stdout=io.StringIO())
        yield
        Territory.objects.update(successor=None)
        Territory.objects.filter(
            kind__in=["commune-deleguee", "commune-associee", "arrondissement-municipal"]
        ).delete()
        for kind in ("commune", "ept", "epci", "departement", "region", "com"):
            Territory.objects.filter(kind=kind).delete()


def current_counts() -> dict[str, int]:
    rows = Territory.objects.current().values_list("kind").annotate(n=Count("id")).order_by()
    return dict(rows)


def test_the_package_is_the_2026_millesime():
    package = settings.REFERENTIEL_DATA_DIR.parent / "package.json"
    assert '"version": "6.0.0"' in package.read_text()


def test_counts_of_the_real_data(real_referentiel):
    counts = current_counts()

    assert counts["region"] == 18
    assert counts["departement"] == 101
    assert counts["com"] == 8
    assert counts["epci"] == 1255
    assert counts["ept"] == 11
    assert counts["commune"] == 34969
    communes = Territory.objects.current().filter(kind="commune")
    assert communes.filter(zone__in=["metro", "drom"]).count() == 34875


def test_every_current_commune_outside_com_has_its_hierarchy(real_referentiel):
    communes = Territory.objects.current().filter(kind="commune", zone__in=["metro", "drom"])

    assert not communes.filter(departement__kind__isnull=True).exists()
    assert not communes.exclude(departement__kind="departement").exists()
    assert not communes.exclude(region__kind="region").exists()
    # Every commune of metropolitan France and the DROM belongs to an EPCI, but for
    # the few islands the law leaves out (Île-de-Bréhat, Île-de-Sein, Ouessant, Yeu).
    assert communes.filter(epci__isnull=True).count() == 4


def test_known_territories(real_referentiel):
    nevers = Territory.objects.get(kind="commune", code="58194")
    assert nevers.name == "Nevers"
    assert nevers.departement.code == "58"
    assert nevers.region.code == "27"
    lyon = Territory.objects.get(kind="epci", epci_nature="MET69")
    assert lyon.name == "Métropole de Lyon"
    mayotte = Territory.objects.get(kind="departement", code="976")
    assert mayotte.zone == "drom"
    assert (
        Territory.objects.filter(kind="arrondissement-municipal", parent__code="75056").count()
        == 20
    )


def test_every_region_and_departement_has_its_checked_siren(real_referentiel):
    territories = Territory.objects.current().filter(kind__in=["region", "departement"])

    assert territories.count() == 18 + 101
    assert not territories.filter(siren="").exists()
    assert territories.get(kind="departement", code="67").siren == "200094332"
    assert territories.get(kind="region", code="94").siren == "200076958"


def test_the_ept_of_the_grand_paris_and_their_communes(real_referentiel):
    grand_paris = Territory.objects.get(kind="epci", code="200054781")
    epts = Territory.objects.current().filter(kind="ept")
    members = Territory.objects.current().filter(kind="commune", ept__isnull=False)

    assert grand_paris.epci_nature == "METRO"
    assert members.count() == 129
    # Every commune of an EPT is in the Métropole du Grand Paris, in the Petite Couronne or
    # in the few communes of the Essonne and the Val-d'Oise that joined it.
    assert not members.exclude(epci=grand_paris).exists()
    assert set(members.values_list("departement__code", flat=True)) == {
        "91",
        "92",
        "93",
        "94",
        "95",
    }
    plaine_commune = epts.get(code="200057867")
    assert plaine_commune.name == "Plaine Commune"
    assert members.get(code="93066").ept == plaine_commune  # Saint-Denis
    # Paris is a commune of the Métropole, in no EPT.
    assert Territory.objects.get(kind="commune", code="75056").ept is None


def test_the_grand_paris_page_lists_its_11_ept(client, real_referentiel):
    response = client.get("/territoires/epci/200054781/")

    assert "Établissements publics territoriaux (11)" in response.content.decode()


def test_reimport_changes_nothing(real_referentiel):
    out = io.StringIO()
    call_command("import_referentiel", force=True, stdout=out)

    assert "aucun changement" in out.getvalue()
