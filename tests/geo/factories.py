"""Territories for the tests, consistent with the small référentiel (``tests/referentiel.py``).

``RegionFactory``, ``DepartementFactory`` and ``EpciFactory`` give the référentiel's région 27
(Bourgogne-Franche-Comté), département 58 (Nièvre) and CC Amognes Cœur du Nivernais: the
imported rows when the référentiel is imported, rows like them otherwise. ``CommuneFactory``
makes the villages of the Nièvre that the référentiel does not have: Village-0 (58900,
100 inhabitants), Village-1 (58901, 101)… in the stratum « commune-0-499 ». ``TerritoryFactory``
makes a territory standing alone, above it neither région, département nor EPCI.

The search columns are written as the import writes them; the search words
(``TerritoryWord``) are not: a territory made here is not found by the search.
"""

import factory
from factory.django import DjangoModelFactory

from territoires.geo import search_text
from territoires.geo.enums import EpciNature, TerritoryKind, Zone
from territoires.geo.models import Territory
from territoires.geo.strata import stratum_for


class BaseTerritoryFactory(DjangoModelFactory):
    """What every territory has: its stratum and search columns, computed as the import does.

    Abstract (no model): each factory below numbers on its own, so that the villages of a test
    are numbered from 0 whatever other territories it made.
    """

    siren = ""
    population = None
    zone = Zone.METRO
    epci_nature = ""
    stratum = factory.LazyAttribute(
        lambda territory: stratum_for(
            kind=territory.kind,
            population=territory.population,
            zone=territory.zone,
            epci_nature=territory.epci_nature,
        )
    )
    search_name = factory.LazyAttribute(lambda territory: search_text.search_name(territory.name))
    search_compact = factory.LazyAttribute(
        lambda territory: search_text.search_compact(territory.name)
    )
    search_codes = factory.LazyAttribute(
        lambda territory: search_text.search_codes(territory.code, territory.siren)
    )


class TerritoryFactory(BaseTerritoryFactory):
    """A commune standing alone (Commune-0, 99000…); ``kind`` and the rest may be given."""

    class Meta:
        model = Territory

    kind = TerritoryKind.COMMUNE
    code = factory.Sequence(lambda n: f"{99000 + n}")
    name = factory.Sequence(lambda n: f"Commune-{n}")


class RegionFactory(BaseTerritoryFactory):
    """The référentiel's région 27, Bourgogne-Franche-Comté."""

    class Meta:
        model = Territory
        django_get_or_create = ("kind", "code")

    kind = TerritoryKind.REGION
    code = "27"
    name = "Bourgogne-Franche-Comté"
    chef_lieu_code = "21231"


class DepartementFactory(BaseTerritoryFactory):
    """The référentiel's département 58, the Nièvre."""

    class Meta:
        model = Territory
        django_get_or_create = ("kind", "code")

    kind = TerritoryKind.DEPARTEMENT
    code = "58"
    name = "Nièvre"
    chef_lieu_code = "58194"
    region = factory.SubFactory(RegionFactory)


class EpciFactory(BaseTerritoryFactory):
    """The référentiel's CC Amognes Cœur du Nivernais (SIREN 200067387)."""

    class Meta:
        model = Territory
        django_get_or_create = ("kind", "code")

    kind = TerritoryKind.EPCI
    code = "200067387"
    name = "CC Amognes Cœur du Nivernais"
    siren = factory.SelfAttribute("code")
    population = 1300
    epci_nature = EpciNature.CC
    departement = factory.SubFactory(DepartementFactory)
    region = factory.SelfAttribute("departement.region")


class CommuneFactory(BaseTerritoryFactory):
    """A village of the Nièvre, numbered from 0 in each test; ``epci`` may be given."""

    class Meta:
        model = Territory

    class Params:
        number = factory.Sequence(int)

    kind = TerritoryKind.COMMUNE
    code = factory.LazyAttribute(lambda commune: f"{58900 + commune.number}")
    name = factory.LazyAttribute(lambda commune: f"Village-{commune.number}")
    population = factory.LazyAttribute(lambda commune: 100 + commune.number)
    departement = factory.SubFactory(DepartementFactory)
    region = factory.SelfAttribute("departement.region")
