"""Choropleth maps: every département and région is drawn, the DROM as tiles."""

import itertools
import json
import re

from django.conf import settings
from django.template.loader import render_to_string

from territoires.observatory.framework import get_framework
from territoires.observatory.maps import choropleth, class_of, level_classes

DATA = settings.REFERENTIEL_DATA_DIR
CLASSES = level_classes(get_framework(2026).levels)


def real(filename: str) -> list[tuple[str, str, str]]:
    """(code, name, zone) of the package's départements or régions, outside the COM."""
    entries = json.loads((DATA / filename).read_text())
    return [(e["code"], e["nom"], e["zone"]) for e in entries if e["zone"] != "com"]


def test_every_departement_is_drawn_the_drom_as_tiles():
    departements = real("departements.json")

    france = choropleth("departement", departements, {}, CLASSES, {}, value_label="indice")

    assert len(departements) == 101
    assert len(france.shapes) == 96
    assert [area.code for area in france.tiles] == ["971", "972", "973", "974", "976"]


def test_every_region_is_drawn_by_name():
    regions = real("regions.json")

    france = choropleth("region", regions, {}, CLASSES, {}, value_label="indice")

    assert len(regions) == 18
    assert len(france.shapes) == 13
    assert {area.name for area in france.tiles} == {
        "Guadeloupe",
        "Martinique",
        "Guyane",
        "La Réunion",
        "Mayotte",
    }


def test_classes_follow_the_maturity_levels():
    assert CLASSES[0].label == "Premiers pas (indice de 0 à 20)"
    assert CLASSES[-1].label == "Exemplaire (indice de 80 à 100)"
    assert [class_of(v, CLASSES) for v in (0, 19.9, 20, 59.99, 80, 100)] == [1, 1, 2, 3, 5, 5]
    assert class_of(None, CLASSES) is None


def test_rendered_map_links_each_area_and_says_its_value():
    nievre = [("58", "Nièvre", "metro"), ("971", "Guadeloupe", "drom")]
    france = choropleth(
        "departement",
        nievre,
        {"58": 47.3},
        CLASSES,
        {"58": "/territoires/departements/58/", "971": "/territoires/departements/971/"},
        value_label="indice médian",
    )

    html = render_to_string(
        "observatory/_choropleth.html", {"map": france, "map_id": "carte", "title": "Indice"}
    )

    assert 'aria-label="Nièvre : indice médian 47,3"' in html
    assert 'href="/territoires/departements/58/"' in html
    assert "choropleth__area--3" in html
    assert 'aria-label="Guadeloupe : indice médian donnée indisponible"' in html
    assert 'fill="url(#carte-hachures)"' in html
    assert "CC BY 4.0" in html


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    darker, lighter = sorted([_luminance(first), _luminance(second)])
    return (lighter + 0.05) / (darker + 0.05)


def test_map_classes_are_told_apart_from_each_other_and_from_the_background():
    css = (settings.BASE_DIR / "territoires/core/static/core/site.css").read_text()
    fills = dict(re.findall(r"\.choropleth__area--(\d) \{ fill: (#[0-9a-f]{6});", css))
    background = re.search(r"\.choropleth__svg \{[^}]*background-color: #fff;", css)
    label = re.search(r"\.choropleth__tile-label \{[^}]*fill: (#[0-9a-f]{6});", css)[1]
    colours = [fills[str(number)] for number in range(1, 6)]

    assert background, "les cartes sont dessinées sur du blanc dans tous les thèmes"
    assert _contrast(colours[0], "#ffffff") >= 1.5
    for lighter, darker in itertools.pairwise(colours):
        assert _luminance(darker) < _luminance(lighter)
        assert _contrast(lighter, darker) >= 1.45, (lighter, darker)
    assert _contrast(label, "#ffffff") >= 4.5
