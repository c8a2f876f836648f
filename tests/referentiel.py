"""A small découpage administratif, written as the npm package's JSON files."""

import copy
import json
from pathlib import Path

SMALL_REFERENTIEL = {
    "regions.json": [
        {"code": "01", "chefLieu": "97105", "nom": "Guadeloupe", "zone": "drom"},
        {"code": "27", "chefLieu": "21231", "nom": "Bourgogne-Franche-Comté", "zone": "metro"},
        {"code": "975", "chefLieu": "97502", "nom": "Saint-Pierre-et-Miquelon", "zone": "com"},
    ],
    "departements.json": [
        {"code": "58", "region": "27", "chefLieu": "58194", "nom": "Nièvre", "zone": "metro"},
        {"code": "971", "region": "01", "chefLieu": "97105", "nom": "Guadeloupe", "zone": "drom"},
        {
            "code": "975",
            "region": "975",
            "chefLieu": "97502",
            "nom": "Saint-Pierre-et-Miquelon",
            "zone": "com",
        },
    ],
    "epci.json": [
        {
            "code": "245804406",
            "nom": "CA de Nevers",
            "type": "CA",
            "populationMunicipale": 39400,
            "membres": [{"code": "58194"}, {"code": "58050"}],
        },
        {
            "code": "200067387",
            "nom": "CC Amognes Cœur du Nivernais",
            "type": "CC",
            "populationMunicipale": 1300,
            "membres": [{"code": "58010"}, {"code": "58011"}, {"code": "58238"}],
        },
    ],
    # An établissement public territorial: in the real data, only those of the Métropole du
    # Grand Paris; here a commune of the Nièvre stands for its members.
    "ept.json": [
        {
            "code": "200099991",
            "nom": "Territoire d’essai",
            "type": "EPT",
            "populationMunicipale": 700,
            "membres": [{"code": "58238"}],
        },
    ],
    "communes.json": [
        {
            "code": "58194",
            "nom": "Nevers",
            "type": "commune-actuelle",
            "zone": "metro",
            "departement": "58",
            "region": "27",
            "siren": "215801945",
            "codesPostaux": ["58000"],
            "population": 33085,
        },
        {
            "code": "58050",
            "nom": "Challuy",
            "type": "commune-actuelle",
            "zone": "metro",
            "departement": "58",
            "region": "27",
            "siren": "215800509",
            "codesPostaux": ["58000"],
            "population": 6315,
        },
        {
            "code": "58238",
            "nom": "Saint-Éloi",
            "type": "commune-actuelle",
            "zone": "metro",
            "departement": "58",
            "region": "27",
            "siren": "215802380",
            "codesPostaux": ["58000"],
            "population": 700,
        },
        {
            "code": "58010",
            "nom": "Aubigny",
            "type": "commune-actuelle",
            "zone": "metro",
            "departement": "58",
            "region": "27",
            "siren": "215800103",
            "codesPostaux": ["58270"],
            "population": 400,
        },
        {
            "code": "58011",
            "nom": "L'Épine-aux-Bois",
            "type": "commune-actuelle",
            "zone": "metro",
            "departement": "58",
            "region": "27",
            "siren": "215800111",
            "codesPostaux": ["58270"],
            "population": 200,
        },
        {
            "code": "97105",
            "nom": "Basse-Terre",
            "type": "commune-actuelle",
            "zone": "drom",
            "departement": "971",
            "region": "01",
            "siren": "219711058",
            "codesPostaux": ["97100"],
            "population": 9800,
        },
        {
            "code": "97502",
            "nom": "Saint-Pierre",
            "type": "commune-actuelle",
            "zone": "com",
            "departement": "975",
            "region": "975",
            "siren": "219750025",
            "codesPostaux": ["97500"],
            "population": 5400,
        },
        {
            "code": "97199",
            "nom": "Îlet sans habitants",
            "type": "commune-actuelle",
            "zone": "drom",
            "departement": "971",
            "region": "01",
        },
    ],
}


def write_referentiel(directory: Path, files: dict, version: str = "6.0.0") -> Path:
    """Write ``files`` as the package's data folder (and its package.json) under ``directory``."""
    data_dir = directory / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    for filename, content in files.items():
        path = data_dir / filename
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    (directory / "package.json").write_text(json.dumps({"version": version}))
    return data_dir


def merged_millesime(files: dict) -> dict:
    """The next millésime: L'Épine-aux-Bois merged into Aubigny, now « Aubigny-les-Bois »."""
    files = copy.deepcopy(files)
    communes = files["communes.json"]
    epine = next(c for c in communes if c["code"] == "58011")
    communes.remove(epine)
    aubigny = next(c for c in communes if c["code"] == "58010")
    aubigny.update(nom="Aubigny-les-Bois", population=600, anciensCodes=["58011"])
    communes.append(
        {
            "code": "58011",
            "nom": "L'Épine-aux-Bois",
            "type": "commune-deleguee",
            "zone": "metro",
            "departement": "58",
            "region": "27",
            "chefLieu": "58010",
        }
    )
    cc = files["epci.json"][1]
    cc["membres"] = [{"code": "58010"}, {"code": "58238"}]
    return files
