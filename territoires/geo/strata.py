"""Peer strata: every territory falls in one stratum (kind × population class).

Pure functions, no ORM. The classes follow the DGCL's demographic strata
(*Les collectivités locales en chiffres*); see ``docs/strates.md``.
"""

import itertools
from dataclasses import dataclass

from territoires.core.formats import number
from territoires.geo.enums import EpciNature, TerritoryKind, Zone


@dataclass(frozen=True)
class PopulationClass:
    code: str
    label: str
    lower: int  # inclusive
    upper: int | None  # exclusive; None: no upper bound


def _classes(prefix: str, bounds: list[int], unit: str = "hab.") -> list[PopulationClass]:
    """Contiguous classes from 0 to infinity cut at ``bounds``."""
    classes = []
    edges = [0, *bounds, None]
    for lower, upper in itertools.pairwise(edges):
        if lower == 0:
            label = f"de moins de {number(upper)} {unit}"
        elif upper is None:
            label = f"de {number(lower)} {unit} et plus"
        else:
            label = f"de {number(lower)} à {number(upper - 1)} {unit}"
        upper_code = "plus" if upper is None else str(upper - 1)
        classes.append(PopulationClass(f"{prefix}-{lower}-{upper_code}", label, lower, upper))
    return classes


COMMUNE_CLASSES = _classes("commune", [500, 2_000, 3_500, 5_000, 10_000, 20_000, 50_000, 100_000])
CC_CLASSES = _classes("cc", [15_000, 30_000, 50_000])
CA_CLASSES = _classes("ca", [75_000, 150_000])
DEPARTEMENT_CLASSES = _classes("departement", [250_000, 500_000, 1_000_000])

# Strata that are not cut by population, with their labels.
SINGLE_STRATA = {
    "commune-population-inconnue": "Communes sans population légale",
    "cu": "Communautés urbaines",
    "metropole": "Métropoles",
    "region-metropole": "Régions métropolitaines",
    "region-outre-mer": "Régions et collectivités uniques d’outre-mer",
    "com": "Collectivités d’outre-mer",
    "ept": "Établissements publics territoriaux",
    "commune-deleguee": "Communes déléguées",
    "commune-associee": "Communes associées",
    "arrondissement-municipal": "Arrondissements municipaux",
}

_CLASS_GROUPS = {
    "commune": ("Communes", COMMUNE_CLASSES),
    "cc": ("Communautés de communes", CC_CLASSES),
    "ca": ("Communautés d’agglomération", CA_CLASSES),
    "departement": ("Départements", DEPARTEMENT_CLASSES),
}

STRATUM_LABELS: dict[str, str] = {
    **{
        population_class.code: f"{group_label} {population_class.label}"
        for group_label, classes in _CLASS_GROUPS.values()
        for population_class in classes
    },
    **SINGLE_STRATA,
}


def _class_of(classes: list[PopulationClass], population: int) -> str:
    for population_class in classes:
        if population_class.upper is None or population < population_class.upper:
            return population_class.code
    raise AssertionError("classes cover every population")  # pragma: no cover


def stratum_for(*, kind: str, population: int | None, zone: str, epci_nature: str = "") -> str:
    """The stratum code of a territory."""
    if kind == TerritoryKind.COMMUNE:
        if population is None:
            return "commune-population-inconnue"
        return _class_of(COMMUNE_CLASSES, population)
    if kind == TerritoryKind.EPCI:
        if epci_nature in (EpciNature.METRO, EpciNature.MET69):
            return "metropole"
        if epci_nature == EpciNature.CU:
            return "cu"
        classes = CA_CLASSES if epci_nature == EpciNature.CA else CC_CLASSES
        return _class_of(classes, population or 0)
    if kind == TerritoryKind.DEPARTEMENT:
        return _class_of(DEPARTEMENT_CLASSES, population or 0)
    if kind == TerritoryKind.REGION:
        return "region-outre-mer" if zone == Zone.DROM else "region-metropole"
    return str(kind)
