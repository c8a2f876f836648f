"""« de l’Ain », « du Nord », « des Hautes-Alpes »: every département, collectivité d’outre-mer
and région of the real référentiel, each phrase checked by hand against usage."""

import json

from django.conf import settings

from territoires.geo.enums import TerritoryKind
from territoires.geo.wording import of_name

DATA = settings.BASE_DIR / "node_modules" / "@etalab" / "decoupage-administratif" / "data"

DEPARTEMENTS = {
    "01": "de l’Ain", "02": "de l’Aisne", "03": "de l’Allier",
    "04": "des Alpes-de-Haute-Provence", "05": "des Hautes-Alpes", "06": "des Alpes-Maritimes",
    "07": "de l’Ardèche", "08": "des Ardennes", "09": "de l’Ariège", "10": "de l’Aube",
    "11": "de l’Aude", "12": "de l’Aveyron", "13": "des Bouches-du-Rhône", "14": "du Calvados",
    "15": "du Cantal", "16": "de la Charente", "17": "de la Charente-Maritime", "18": "du Cher",
    "19": "de la Corrèze", "21": "de la Côte-d'Or", "22": "des Côtes-d'Armor",
    "23": "de la Creuse", "24": "de la Dordogne", "25": "du Doubs", "26": "de la Drôme",
    "27": "de l’Eure", "28": "de l’Eure-et-Loir", "29": "du Finistère",
    "2A": "de la Corse-du-Sud", "2B": "de la Haute-Corse", "30": "du Gard",
    "31": "de la Haute-Garonne", "32": "du Gers", "33": "de la Gironde", "34": "de l’Hérault",
    "35": "de l’Ille-et-Vilaine", "36": "de l’Indre", "37": "de l’Indre-et-Loire",
    "38": "de l’Isère", "39": "du Jura", "40": "des Landes", "41": "du Loir-et-Cher",
    "42": "de la Loire", "43": "de la Haute-Loire", "44": "de la Loire-Atlantique",
    "45": "du Loiret", "46": "du Lot", "47": "du Lot-et-Garonne", "48": "de la Lozère",
    "49": "du Maine-et-Loire", "50": "de la Manche", "51": "de la Marne",
    "52": "de la Haute-Marne", "53": "de la Mayenne", "54": "de la Meurthe-et-Moselle",
    "55": "de la Meuse", "56": "du Morbihan", "57": "de la Moselle", "58": "de la Nièvre",
    "59": "du Nord", "60": "de l’Oise", "61": "de l’Orne", "62": "du Pas-de-Calais",
    "63": "du Puy-de-Dôme", "64": "des Pyrénées-Atlantiques", "65": "des Hautes-Pyrénées",
    "66": "des Pyrénées-Orientales", "67": "du Bas-Rhin", "68": "du Haut-Rhin",
    "69": "du Rhône", "70": "de la Haute-Saône", "71": "de la Saône-et-Loire",
    "72": "de la Sarthe", "73": "de la Savoie", "74": "de la Haute-Savoie", "75": "de Paris",
    "76": "de la Seine-Maritime", "77": "de la Seine-et-Marne", "78": "des Yvelines",
    "79": "des Deux-Sèvres", "80": "de la Somme", "81": "du Tarn", "82": "du Tarn-et-Garonne",
    "83": "du Var", "84": "du Vaucluse", "85": "de la Vendée", "86": "de la Vienne",
    "87": "de la Haute-Vienne", "88": "des Vosges", "89": "de l’Yonne",
    "90": "du Territoire de Belfort", "91": "de l’Essonne", "92": "des Hauts-de-Seine",
    "93": "de la Seine-Saint-Denis", "94": "du Val-de-Marne", "95": "du Val-d'Oise",
    "971": "de la Guadeloupe", "972": "de la Martinique", "973": "de la Guyane",
    "974": "de la Réunion", "976": "de Mayotte",
}  # fmt: skip
OUTRE_MER = {
    "975": "de Saint-Pierre-et-Miquelon", "977": "de Saint-Barthélemy", "978": "de Saint-Martin",
    "984": "des Terres australes et antarctiques françaises", "986": "de Wallis et Futuna",
    "987": "de la Polynésie française", "988": "de la Nouvelle-Calédonie",
    "989": "de l’Île de Clipperton",
}  # fmt: skip
REGIONS = {
    "01": "de la région Guadeloupe", "02": "de la région Martinique", "03": "de la région Guyane",
    "04": "de la région Réunion", "06": "de la région Mayotte",
    "11": "de la région Île-de-France", "24": "de la région Centre-Val de Loire",
    "27": "de la région Bourgogne-Franche-Comté", "28": "de la région Normandie",
    "32": "de la région Hauts-de-France", "44": "de la région Grand Est",
    "52": "de la région Pays de la Loire", "53": "de la région Bretagne",
    "75": "de la région Nouvelle-Aquitaine", "76": "de la région Occitanie",
    "84": "de la région Auvergne-Rhône-Alpes", "93": "de la région Provence-Alpes-Côte d'Azur",
    "94": "de la région Corse",
}  # fmt: skip


def names(file: str) -> dict[str, str]:
    return {row["code"]: row["nom"] for row in json.loads((DATA / file).read_text())}


def test_every_departement_and_collectivite_d_outre_mer_of_the_referentiel():
    departements = names("departements.json")
    assert set(departements) == set(DEPARTEMENTS) | set(OUTRE_MER)
    assert {
        code: of_name(departements[code], TerritoryKind.DEPARTEMENT) for code in DEPARTEMENTS
    } == DEPARTEMENTS
    assert {
        code: of_name(departements[code], TerritoryKind.COLLECTIVITE_OUTRE_MER)
        for code in OUTRE_MER
    } == OUTRE_MER


def test_every_region_of_the_referentiel():
    regions = {code: name for code, name in names("regions.json").items() if code not in OUTRE_MER}
    assert set(regions) == set(REGIONS)
    assert {code: of_name(name, TerritoryKind.REGION) for code, name in regions.items()} == REGIONS
