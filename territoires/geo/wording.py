"""French wording of territory names: « de l’Ain », « du Nord », « des Hautes-Alpes »,
« de la Réunion », « de Paris », « de la région Bretagne ».

A département's article follows its name's gender and number, which no rule derives from the
spelling: the masculine and plural names and those without an article are listed here (the
whole référentiel is checked by tests/geo/test_wording.py); the others are feminine. A vowel
or a mute h elides the article (« de l’Hérault »); the h of « Haut(e)(s) » is aspirated
(« de la Haute-Loire », « du Haut-Rhin »).
"""

from territoires.geo.enums import TerritoryKind

MASCULINE = frozenset(
    {
        "Nord", "Cher", "Calvados", "Cantal", "Doubs", "Finistère", "Gard", "Gers", "Jura",
        "Loir-et-Cher", "Loiret", "Lot", "Lot-et-Garonne", "Morbihan", "Pas-de-Calais",
        "Puy-de-Dôme", "Bas-Rhin", "Haut-Rhin", "Rhône", "Tarn", "Tarn-et-Garonne", "Var",
        "Vaucluse", "Val-de-Marne", "Val-d'Oise", "Territoire de Belfort",
        "Maine-et-Loire",
    }
)  # fmt: skip
PLURAL = frozenset(
    {
        "Alpes-de-Haute-Provence", "Hautes-Alpes", "Alpes-Maritimes", "Ardennes",
        "Bouches-du-Rhône", "Côtes-d'Armor", "Landes", "Pyrénées-Atlantiques",
        "Hautes-Pyrénées", "Pyrénées-Orientales", "Yvelines", "Deux-Sèvres", "Vosges",
        "Hauts-de-Seine", "Terres australes et antarctiques françaises",
    }
)  # fmt: skip
# Names used without an article: a city, islands named after a saint or a person.
NO_ARTICLE = frozenset(
    {"Paris", "Mayotte", "Saint-Pierre-et-Miquelon", "Saint-Barthélemy", "Saint-Martin",
     "Wallis et Futuna"}
)  # fmt: skip
VOWELS = frozenset("AEIOUYÂÉÈÊÎÏÔÛ")


def _elides(name: str) -> bool:
    return name[0] in VOWELS or (name[0] == "H" and not name.startswith("Haut"))


def of_name(name: str, kind: str = TerritoryKind.DEPARTEMENT) -> str:
    """« de » and the territory's name with its article: « de l’Ain », « de la région
    Bretagne ». A région is named as « la région X » (its own article dropped: « la région
    Réunion », as its council calls itself); a département or a collectivité d’outre-mer by its
    name and article."""
    if kind == TerritoryKind.REGION:
        return f"de la région {name.removeprefix('La ')}"
    if name.startswith("La "):
        return f"de la {name.removeprefix('La ')}"
    if name in NO_ARTICLE:
        return f"de {name}"
    if name in PLURAL:
        return f"des {name}"
    if _elides(name):
        return f"de l’{name}"
    if name in MASCULINE:
        return f"du {name}"
    return f"de la {name}"
