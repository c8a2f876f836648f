"""The map of debates by département, drawn with the observatory's choropleth."""

import dataclasses
from urllib.parse import urlencode

from django.urls import reverse

from territoires.geo.enums import TerritoryKind, Zone
from territoires.geo.models import Territory
from territoires.observatory.maps import Choropleth, MapClass, choropleth

CLASSES = (
    MapClass(0, 1, "Aucun débat"),
    MapClass(1, 2, "1 débat"),
    MapClass(2, 5, "2 à 4 débats"),
    MapClass(5, 5, "5 débats ou plus"),
)


@dataclasses.dataclass(frozen=True)
class MapRow:
    code: str
    name: str
    count: int
    url: str


def debates_map(counts: dict[str, int], filters: dict) -> tuple[Choropleth, list[MapRow]]:
    """The départements coloured by their number of debates (the filters applied), and the
    rows of its table: the départements that have one."""
    departements = list(
        Territory.objects.current()
        .filter(kind=TerritoryKind.DEPARTEMENT)
        .exclude(zone=Zone.COM)
        .order_by("code")
        .values_list("code", "name", "zone")
    )
    base = reverse("debates:index")
    urls = {
        code: f"{base}?{urlencode({**filters, 'departement': code})}" for code, _, _ in departements
    }
    figure = choropleth(
        "departement",
        departements,
        {code: counts.get(code, 0) for code, _, _ in departements},
        CLASSES,
        urls,
        value_label="nombre de débats",
    )
    rows = [
        MapRow(code, name, counts[code], urls[code])
        for code, name, _ in departements
        if counts.get(code)
    ]
    return figure, rows
