"""Reading and checking the files of the découpage administratif (pure, no ORM).

The npm package ``@etalab/decoupage-administratif`` ships JSON files; this
module reads them, checks every field that the import relies on, and turns
them into :class:`TerritoryRecord` rows. The package has no SIREN for régions
and départements: they come from a checked file of this project
(``data/sirens-regions-departements.csv``, sources in ``docs/referentiel.md``).
Any fault stops with a French message naming the file and the place of the fault.
"""

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from territoires.geo.enums import EpciNature, TerritoryKind, Zone
from territoires.geo.search_text import search_codes, search_compact, search_name
from territoires.geo.strata import stratum_for

SOURCE = "@etalab/decoupage-administratif"
FILES = ("regions.json", "departements.json", "epci.json", "ept.json", "communes.json")
# The SIREN of régions and départements (or of the collectivité that acts as one).
SIRENS_FILE = Path(__file__).resolve().parent / "data" / "sirens-regions-departements.csv"
SIRENS_COLUMNS = ["kind", "code", "name", "siren", "source"]

Ref = tuple[str, str]  # (kind, code)

COMMUNE_TYPES = {
    "commune-actuelle": TerritoryKind.COMMUNE,
    "commune-deleguee": TerritoryKind.COMMUNE_DELEGUEE,
    "commune-associee": TerritoryKind.COMMUNE_ASSOCIEE,
    "arrondissement-municipal": TerritoryKind.ARRONDISSEMENT,
}
ZONES = {zone.value for zone in Zone}
EPCI_NATURES = {nature.value for nature in EpciNature}


class ReferentielError(Exception):
    """A data file is missing, unreadable or inconsistent; the message is for the operator."""


@dataclass
class TerritoryRecord:
    kind: str
    code: str
    name: str
    zone: str
    siren: str = ""
    population: int | None = None
    postal_codes: list[str] = field(default_factory=list)
    epci_nature: str = ""
    chef_lieu_code: str = ""
    region: Ref | None = None
    departement: Ref | None = None
    epci: Ref | None = None
    ept: Ref | None = None
    parent: Ref | None = None
    former_codes: list[str] = field(default_factory=list)

    @property
    def ref(self) -> Ref:
        return (self.kind, self.code)

    def field_values(self) -> dict:
        """The stored values of this territory, foreign keys left out."""
        return {
            "name": self.name,
            "search_name": search_name(self.name),
            "search_compact": search_compact(self.name),
            "search_codes": search_codes(self.code, self.siren, *self.postal_codes),
            "siren": self.siren,
            "population": self.population,
            "postal_codes": self.postal_codes,
            "zone": self.zone,
            "epci_nature": self.epci_nature,
            "chef_lieu_code": self.chef_lieu_code,
            "stratum": stratum_for(
                kind=self.kind,
                population=self.population,
                zone=self.zone,
                epci_nature=self.epci_nature,
            ),
        }


@dataclass
class Referentiel:
    version: str
    checksum: str
    # In import order, each with its label: a territory comes after those it refers to.
    levels: list[tuple[str, list[TerritoryRecord]]]

    def records(self) -> Iterator[TerritoryRecord]:
        for _label, level in self.levels:
            yield from level


class _Items:
    """The entries of one file, with checks that name the file and the entry at fault."""

    def __init__(self, data_dir: Path, filename: str):
        self.filename = filename
        path = data_dir / filename
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ReferentielError(f"Fichier introuvable : {path}.") from None
        except OSError as error:
            raise ReferentielError(f"Fichier {path} illisible : {error.strerror}.") from None
        self.raw = raw
        try:
            data = json.loads(raw)
        except UnicodeDecodeError:
            raise ReferentielError(f"Fichier {filename} : le contenu n’est pas en UTF-8.") from None
        except json.JSONDecodeError as error:
            raise ReferentielError(
                f"Fichier {filename} : JSON invalide ligne {error.lineno}, colonne {error.colno} "
                f"({error.msg}). Le fichier est peut-être tronqué ou corrompu."
            ) from None
        if not isinstance(data, list) or not data:
            raise ReferentielError(
                f"Fichier {filename} : une liste non vide d’éléments est attendue."
            )
        self.data = data

    def __iter__(self) -> Iterator["_Item"]:
        for position, entry in enumerate(self.data, start=1):
            if not isinstance(entry, dict):
                raise ReferentielError(
                    f"Fichier {self.filename}, élément n° {position} : un objet est attendu."
                )
            yield _Item(self.filename, position, entry)


class _Item:
    def __init__(self, filename: str, position: int, entry: dict):
        self.filename, self.position, self.entry = filename, position, entry

    def fault(self, message: str) -> ReferentielError:
        code = self.entry.get("code")
        where = f"élément n° {self.position}" + (f" (code {code})" if isinstance(code, str) else "")
        return ReferentielError(f"Fichier {self.filename}, {where} : {message}")

    def text(self, name: str, *, required: bool = True, choices: set[str] | None = None) -> str:
        value = self.entry.get(name)
        if value is None or value == "":
            if required:
                raise self.fault(f"le champ « {name} » est manquant.")
            return ""
        if not isinstance(value, str):
            raise self.fault(f"le champ « {name} » doit être une chaîne de caractères.")
        if choices is not None and value not in choices:
            allowed = ", ".join(sorted(choices))
            raise self.fault(f"le champ « {name} » vaut « {value} » ; valeurs admises : {allowed}.")
        return value

    def code(self, name: str, lengths: tuple[int, ...], *, required: bool = True) -> str:
        value = self.text(name, required=required)
        if value and (len(value) not in lengths or not value.isalnum()):
            raise self.fault(f"le champ « {name} » (« {value} ») n’est pas un code valide.")
        return value

    def integer(self, name: str) -> int | None:
        value = self.entry.get(name)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fault(f"le champ « {name} » doit être un nombre entier positif.")
        return value

    def codes(self, name: str, length: int) -> list[str]:
        value = self.entry.get(name, [])
        if not isinstance(value, list) or not all(
            isinstance(code, str) and len(code) == length and code.isalnum() for code in value
        ):
            raise self.fault(
                f"le champ « {name} » doit être une liste de codes à {length} caractères."
            )
        return value

    def members(self) -> list[str]:
        value = self.entry.get("membres")
        if not isinstance(value, list) or not value:
            raise self.fault("le champ « membres » doit être une liste non vide.")
        codes = []
        for member in value:
            code = member.get("code") if isinstance(member, dict) else None
            if not isinstance(code, str) or len(code) != 5:
                raise self.fault("un membre n’a pas de code de commune valide.")
            codes.append(code)
        return codes


def read_version(data_dir: Path) -> str:
    """The package version, read from the package.json beside the data folder."""
    try:
        return json.loads((data_dir.parent / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return "inconnue"


def siren_is_valid(siren: str) -> bool:
    """Nine digits whose last is the Luhn check digit of the others (INSEE's rule)."""
    if len(siren) != 9 or not siren.isascii() or not siren.isdigit():
        return False
    total = 0
    for position, digit in enumerate(int(char) for char in reversed(siren)):
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def read_referentiel(data_dir: Path, *, sirens_file: Path = SIRENS_FILE) -> Referentiel:
    """Read and check every file; raise :class:`ReferentielError` on the first fault."""
    files = {filename: _Items(data_dir, filename) for filename in FILES}
    digest = hashlib.sha256()
    for filename in FILES:
        digest.update(files[filename].raw)
    sirens = _read_sirens(sirens_file)
    digest.update(sirens_file.read_bytes())

    regions = _read_regions(files["regions.json"])
    departements = _read_departements(files["departements.json"], regions)
    communes, secondary = _read_communes(files["communes.json"], departements)
    epcis = _read_epcis(files["epci.json"], communes, kind=TerritoryKind.EPCI)
    epts = _read_epcis(files["ept.json"], communes, kind=TerritoryKind.EPT)
    for record in (*regions.values(), *departements.values()):
        record.siren = sirens.get(record.ref, record.siren)

    for level, kind in ((regions, "region"), (departements, "departement")):
        _sum_populations(communes.values(), level, kind)
    return Referentiel(
        version=read_version(data_dir),
        checksum=digest.hexdigest(),
        levels=[
            ("Régions et collectivités d’outre-mer", list(regions.values())),
            (
                "Départements",
                [r for r in departements.values() if r.kind == TerritoryKind.DEPARTEMENT],
            ),
            ("EPCI à fiscalité propre", list(epcis.values())),
            ("Établissements publics territoriaux", list(epts.values())),
            ("Communes", list(communes.values())),
            ("Communes déléguées, associées et arrondissements municipaux", secondary),
        ],
    )


def _read_regions(items: _Items) -> dict[str, TerritoryRecord]:
    """Régions, and the collectivités d'outre-mer that the data lists as régions too."""
    regions = {}
    for item in items:
        code = item.code("code", (2, 3))
        zone = item.text("zone", choices=ZONES)
        kind = TerritoryKind.COLLECTIVITE_OUTRE_MER if zone == Zone.COM else TerritoryKind.REGION
        if code in regions:
            raise item.fault("ce code apparaît deux fois.")
        regions[code] = TerritoryRecord(
            kind=kind,
            code=code,
            name=item.text("nom"),
            zone=zone,
            chef_lieu_code=item.code("chefLieu", (5,), required=False),
        )
    return regions


def _read_departements(
    items: _Items, regions: dict[str, TerritoryRecord]
) -> dict[str, TerritoryRecord]:
    """Départements by code; a collectivité d'outre-mer maps to its own record."""
    departements = {}
    for item in items:
        code = item.code("code", (2, 3))
        zone = item.text("zone", choices=ZONES)
        region = regions.get(item.code("region", (2, 3)))
        if region is None:
            raise item.fault(f"la région « {item.entry['region']} » est inconnue.")
        if code in departements:
            raise item.fault("ce code apparaît deux fois.")
        if zone == Zone.COM:
            if region.kind != TerritoryKind.COLLECTIVITE_OUTRE_MER or region.code != code:
                raise item.fault("une collectivité d’outre-mer doit être sa propre région.")
            departements[code] = region
            continue
        departements[code] = TerritoryRecord(
            kind=TerritoryKind.DEPARTEMENT,
            code=code,
            name=item.text("nom"),
            zone=zone,
            chef_lieu_code=item.code("chefLieu", (5,), required=False),
            region=region.ref,
        )
    return departements


def _read_communes(
    items: _Items, departements: dict[str, TerritoryRecord]
) -> tuple[dict[str, TerritoryRecord], list[TerritoryRecord]]:
    """Current communes by code, then communes déléguées, associées and arrondissements."""
    communes: dict[str, TerritoryRecord] = {}
    secondary: list[TerritoryRecord] = []
    seen: set[Ref] = set()
    for item in items:
        kind = COMMUNE_TYPES[item.text("type", choices=set(COMMUNE_TYPES))]
        code = item.code("code", (5,))
        if (kind, code) in seen:
            raise item.fault("ce code apparaît deux fois pour ce type de commune.")
        seen.add((kind, code))
        departement = departements.get(item.code("departement", (2, 3)))
        if departement is None:
            raise item.fault(f"le département « {item.entry['departement']} » est inconnu.")
        record = TerritoryRecord(
            kind=kind,
            code=code,
            name=item.text("nom"),
            zone=item.text("zone", choices=ZONES),
            departement=departement.ref,
            region=departement.region or departement.ref,
        )
        if kind == TerritoryKind.COMMUNE:
            record.siren = item.code("siren", (9,), required=False)
            record.population = item.integer("population")
            record.postal_codes = item.codes("codesPostaux", 5)
            record.former_codes = item.codes("anciensCodes", 5)
            communes[code] = record
        else:
            parent_field = "commune" if kind == TerritoryKind.ARRONDISSEMENT else "chefLieu"
            record.parent = (TerritoryKind.COMMUNE.value, item.code(parent_field, (5,)))
            record.postal_codes = item.codes("codesPostaux", 5)
            record.population = item.integer("population")
            secondary.append(record)
    for record in secondary:
        if record.parent[1] not in communes:
            raise ReferentielError(
                f"Fichier communes.json (code {record.code}) : la commune de rattachement "
                f"{record.parent[1]} est inconnue."
            )
    return communes, secondary


def _read_sirens(path: Path) -> dict[Ref, str]:
    """The SIREN of each région and département of the project's file, checked."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReferentielError(f"Fichier introuvable : {path}.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReferentielError(f"Fichier {path.name} illisible : {error}.") from None
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != SIRENS_COLUMNS:
        raise ReferentielError(
            f"Fichier {path.name} : les colonnes attendues sont {', '.join(SIRENS_COLUMNS)}."
        )
    sirens: dict[Ref, str] = {}
    for line, row in enumerate(reader, start=2):
        ref = (row["kind"], row["code"])
        if row["kind"] not in (TerritoryKind.REGION, TerritoryKind.DEPARTEMENT):
            raise ReferentielError(
                f"Fichier {path.name}, ligne {line} : type « {row['kind']} » inconnu."
            )
        if not row["siren"]:
            raise ReferentielError(f"Fichier {path.name}, ligne {line} : le SIREN manque.")
        if not siren_is_valid(row["siren"]):
            raise ReferentielError(
                f"Fichier {path.name}, ligne {line} : le SIREN « {row['siren']} » n’est pas valide "
                "(neuf chiffres, dont le dernier est la clé de contrôle)."
            )
        if not row["source"]:
            raise ReferentielError(f"Fichier {path.name}, ligne {line} : la source manque.")
        if ref in sirens:
            raise ReferentielError(
                f"Fichier {path.name}, ligne {line} : ce territoire apparaît deux fois."
            )
        sirens[ref] = row["siren"]
    return sirens


def _read_epcis(
    items: _Items, communes: dict[str, TerritoryRecord], *, kind: str
) -> dict[str, TerritoryRecord]:
    """EPCI à fiscalité propre (or EPT) by SIREN; sets the EPCI (or EPT) of their communes."""
    epcis = {}
    for item in items:
        code = item.code("code", (9,))
        if code in epcis:
            raise item.fault("ce code apparaît deux fois.")
        record = TerritoryRecord(
            kind=kind,
            code=code,
            name=item.text("nom"),
            zone=Zone.METRO,
            siren=code,
            epci_nature=item.text("type", choices=EPCI_NATURES)
            if kind == TerritoryKind.EPCI
            else "",
            population=item.integer("populationMunicipale"),
        )
        zones = set()
        for member_code in item.members():
            commune = communes.get(member_code)
            if commune is None:
                raise item.fault(f"la commune membre {member_code} est inconnue.")
            if getattr(commune, kind) is not None:
                raise item.fault(
                    f"la commune {member_code} appartient déjà à un autre {kind.upper()}."
                )
            setattr(commune, kind, record.ref)
            zones.add(commune.zone)
        record.zone = Zone.DROM if Zone.DROM in zones else Zone.METRO
        epcis[code] = record
    return epcis


def _sum_populations(communes, territories: dict[str, TerritoryRecord], attribute: str) -> None:
    """A région's or département's population: the sum over its current communes."""
    totals: dict[Ref, int] = {}
    for commune in communes:
        if commune.population is not None:
            ref = getattr(commune, attribute)
            totals[ref] = totals.get(ref, 0) + commune.population
    for territory in territories.values():
        territory.population = totals.get(territory.ref)
