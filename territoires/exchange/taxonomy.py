"""The taxonomy of skills of the bourse, and the neighbouring régions: versioned data files.

``taxonomies/competences-<year>.toml`` lists the skills an offer or a need names, each
mapped to the observatory's axes it helps close; ``data/regions-voisines.toml`` the régions
that share a border. Both are validated when read: a broken file raises a
``TaxonomyError`` whose French message names the file, the place and the field at fault.
"""

import dataclasses
import functools
import re
import tomllib
from pathlib import Path

from territoires.observatory.framework import available_editions, get_framework

TAXONOMIES_DIR = Path(__file__).resolve().parent / "taxonomies"
REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions-voisines.toml"
MIN_SKILLS = 15
CODE = re.compile(r"[a-z][a-z0-9-]*")
# Régions of metropolitan France since 2016 (INSEE codes); outre-mer ones have no neighbour.
METROPOLITAN_REGIONS = frozenset(
    {"11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}
)


class TaxonomyError(ValueError):
    """A data file that cannot be used; the message is French, for its authors."""


@dataclasses.dataclass(frozen=True)
class Skill:
    code: str
    name: str
    description: str
    axes: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Taxonomy:
    version: str
    title: str
    skills: tuple[Skill, ...]

    @functools.cached_property
    def by_code(self) -> dict[str, Skill]:
        return {skill.code: skill for skill in self.skills}

    def choices(self) -> list[tuple[str, str]]:
        return [(skill.code, skill.name) for skill in self.skills]

    def for_axis(self, axis: str) -> list[Skill]:
        """The skills that help close the observatory's axis ``axis``."""
        return [skill for skill in self.skills if axis in skill.axes]

    def related(self, code: str) -> list[str]:
        """The codes of the skills sharing at least one axis with ``code`` (itself included)."""
        axes = set(self.by_code[code].axes)
        return [skill.code for skill in self.skills if axes & set(skill.axes)]


def _text(table: dict, field: str, where: str, file_name: str) -> str:
    value = table.get(field)
    if not isinstance(value, str) or not value.strip():
        raise TaxonomyError(f"{file_name}, {where} : le champ « {field} » est obligatoire.")
    return value.strip()


def parse_taxonomy(text: str, file_name: str, axis_codes: frozenset[str]) -> Taxonomy:
    """A taxonomy from the text of its file, every skill's axes among ``axis_codes``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TaxonomyError(f"{file_name} : fichier TOML illisible ({error}).") from None
    header = data.get("taxonomy") or {}
    version = _text(header, "version", "[taxonomy]", file_name)
    title = _text(header, "title", "[taxonomy]", file_name)
    skills, seen = [], set()
    for position, table in enumerate(data.get("skills") or [], start=1):
        where = f"compétence n° {position}"
        code = _text(table, "code", where, file_name)
        where = f"compétence « {code} »"
        if not CODE.fullmatch(code):
            raise TaxonomyError(
                f"{file_name}, {where} : le code ne doit contenir que des minuscules, "
                "des chiffres et des tirets."
            )
        if code in seen:
            raise TaxonomyError(f"{file_name}, {where} : ce code figure deux fois.")
        seen.add(code)
        axes = table.get("axes")
        if not isinstance(axes, list) or not axes:
            raise TaxonomyError(f"{file_name}, {where} : le champ « axes » est obligatoire.")
        unknown = sorted(str(axis) for axis in axes if axis not in axis_codes)
        if unknown:
            raise TaxonomyError(
                f"{file_name}, {where} : axe inconnu de l’Observatoire : {', '.join(unknown)}."
            )
        skills.append(
            Skill(
                code=code,
                name=_text(table, "name", where, file_name),
                description=_text(table, "description", where, file_name),
                axes=tuple(axes),
            )
        )
    if len(skills) < MIN_SKILLS:
        raise TaxonomyError(
            f"{file_name} : au moins {MIN_SKILLS} compétences sont attendues ({len(skills)})."
        )
    return Taxonomy(version=version, title=title, skills=tuple(skills))


def observatory_axis_codes() -> frozenset[str]:
    """The axis codes of the observatory's latest framework."""
    framework = get_framework(available_editions()[0])
    return frozenset(axis.code for axis in framework.axes)


@functools.cache
def get_taxonomy() -> Taxonomy:
    """The latest taxonomy, validated, read once per process."""
    path = sorted(TAXONOMIES_DIR.glob("competences-*.toml"))[-1]
    return parse_taxonomy(path.read_text(encoding="utf-8"), path.name, observatory_axis_codes())


def parse_neighbours(text: str, file_name: str) -> dict[str, frozenset[str]]:
    """Région code -> the codes of the régions sharing a border with it (symmetric)."""
    neighbours: dict[str, set[str]] = {code: set() for code in METROPOLITAN_REGIONS}
    for pair in tomllib.loads(text).get("borders", []):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not set(pair) <= METROPOLITAN_REGIONS
            or pair[0] == pair[1]
        ):
            raise TaxonomyError(f"{file_name} : frontière invalide : {pair!r}.")
        first, second = pair
        neighbours[first].add(second)
        neighbours[second].add(first)
    return {code: frozenset(codes) for code, codes in neighbours.items()}


@functools.cache
def region_neighbours() -> dict[str, frozenset[str]]:
    return parse_neighbours(REGIONS_FILE.read_text(encoding="utf-8"), REGIONS_FILE.name)
