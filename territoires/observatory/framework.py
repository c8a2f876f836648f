"""The maturity framework (*référentiel de maturité*): read and validate a framework file.

The framework of each edition is a TOML file in ``frameworks/`` (see
``docs/adr/0003-referentiel-de-maturite.md``); this module turns it into frozen
dataclasses, and refuses a broken file with a ``FrameworkError`` whose French
message names the file, the place (axis, indicator, obligation …) and the
field at fault. Pure: no ORM, no settings.

``get_framework(edition)`` returns the validated framework of an edition,
read once per process.
"""

import dataclasses
import datetime
import enum
import functools
import itertools
import tomllib
from pathlib import Path
from typing import Any

from territoires.geo.enums import COLLECTIVITE_KINDS

FRAMEWORKS_DIR = Path(__file__).resolve().parent / "frameworks"
FILE_PREFIX = "referentiel-"

# Kinds of collectivité that answer the questionnaire (TerritoryKind values): every
# collectivité with its own SIREN.
ASSESSED_KINDS = COLLECTIVITE_KINDS
LEVEL_COUNT = 5
LEVEL_ANSWERS = 5  # a "level" indicator is answered 0 to 4
LIGHT_QUESTIONNAIRE_MAX = 20
MAX_OPTIONS = 20  # multiple choice answers are bit masks


class FrameworkError(ValueError):
    """A framework file that cannot be used; the message is French, for its authors."""


class IndicatorType(enum.StrEnum):
    YES_NO = "yes_no"
    LEVEL = "level"
    PERCENTAGE = "percentage"
    COUNT = "count"
    MULTIPLE_CHOICE = "multiple_choice"

    @property
    def label(self) -> str:
        return {
            "yes_no": "Oui / non",
            "level": "Niveau de 0 à 4",
            "percentage": "Pourcentage",
            "count": "Nombre",
            "multiple_choice": "Choix multiple",
        }[self.value]


@dataclasses.dataclass(frozen=True)
class Applicability:
    """Who a rule applies to; an empty field does not restrict."""

    kinds: tuple[str, ...] = ()
    population_min: int | None = None  # inclusive
    population_below: int | None = None  # exclusive
    competences: tuple[str, ...] = ()  # any one of them

    @property
    def bounded_by_population(self) -> bool:
        return self.population_min is not None or self.population_below is not None

    def scope(self, *, kind: str, population: int | None, competences=frozenset()) -> bool | None:
        """Whether the rule applies; None when only an unknown population could tell."""
        if self.kinds and kind not in self.kinds:
            return False
        if self.competences and not set(self.competences) & set(competences):
            return False
        if population is None:
            return None if self.bounded_by_population else True
        if self.population_min is not None and population < self.population_min:
            return False
        return self.population_below is None or population < self.population_below

    def applies(self, *, kind: str, population: int | None, competences=frozenset()) -> bool:
        """Whether the rule applies; an unknown population fails population bounds."""
        return self.scope(kind=kind, population=population, competences=competences) is True


@dataclasses.dataclass(frozen=True)
class Option:
    code: str
    label: str
    points: float


@dataclasses.dataclass(frozen=True)
class Indicator:
    code: str
    axis: str
    question: str
    help: str
    type: IndicatorType
    weight: float  # 0 for a context indicator
    context: bool
    light: bool
    applies_to: Applicability
    legal_basis: tuple[str, ...] = ()
    unit: str = ""
    maximum: int | None = None  # count: the highest answer accepted (``max`` in the file)
    levels: tuple[str, ...] = ()  # level: the label of each answer 0..4
    level_scores: tuple[float, ...] = ()  # level: the score of each answer 0..4
    points: tuple[tuple[float, float], ...] = ()  # percentage: (value, score), linear
    thresholds: tuple[tuple[float, float], ...] = ()  # count: (value, score), steps
    options: tuple[Option, ...] = ()  # multiple_choice


@dataclasses.dataclass(frozen=True)
class Axis:
    code: str
    name: str
    description: str
    weight: float
    transversal: bool
    indicators: tuple[Indicator, ...]


@dataclasses.dataclass(frozen=True)
class Level:
    level: int
    name: str
    min_index: float
    description: str


@dataclasses.dataclass(frozen=True)
class LightQuestionnaire:
    name: str
    description: str
    kinds: tuple[str, ...]
    population_below: int
    duration_minutes: int

    def eligible(self, *, kind: str, population: int | None) -> bool:
        return kind in self.kinds and population is not None and population < self.population_below


@dataclasses.dataclass(frozen=True)
class Competence:
    code: str
    label: str
    default_kinds: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Condition:
    """A condition on one raw answer: ``value >= at_least``, or option ``includes`` chosen."""

    indicator: str
    at_least: float | None = None
    includes: str | None = None


@dataclasses.dataclass(frozen=True)
class Obligation:
    code: str
    title: str
    description: str
    legal_basis: tuple[str, ...]
    applies_to: tuple[Applicability, ...]  # any one of them; empty: every collectivité
    applies_if: tuple[Condition, ...]  # all must hold, on answers
    met_when: tuple[Condition, ...]  # all must hold
    in_force_from: datetime.date | None = None  # inclusive
    in_force_until: datetime.date | None = None  # inclusive: the last day it applies

    def in_force(self, on: datetime.date) -> bool:
        if self.in_force_from is not None and on < self.in_force_from:
            return False
        return self.in_force_until is None or on <= self.in_force_until


@dataclasses.dataclass(frozen=True)
class Change:
    """One change of a version of the framework: what changed, and why."""

    subject: str  # the indicator or obligation codes it touches, or a theme
    what: str
    why: str


@dataclasses.dataclass(frozen=True)
class Release:
    """A version of an edition's framework, with its changes from the previous one."""

    version: str
    published_on: datetime.date
    changes: tuple[Change, ...]


@dataclasses.dataclass(frozen=True)
class Framework:
    edition: int
    version: str
    title: str
    published_on: datetime.date
    licence: str
    description: str
    completeness_threshold: float  # in %
    levels: tuple[Level, ...]
    light_questionnaire: LightQuestionnaire
    competences: tuple[Competence, ...]
    axes: tuple[Axis, ...]
    obligations: tuple[Obligation, ...]
    changelog: tuple[Release, ...] = ()  # oldest first; the last one is ``version``

    @functools.cached_property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(itertools.chain.from_iterable(axis.indicators for axis in self.axes))

    @functools.cached_property
    def indicators_by_code(self) -> dict[str, Indicator]:
        return {indicator.code: indicator for indicator in self.indicators}

    @property
    def light_indicators(self) -> tuple[Indicator, ...]:
        return tuple(indicator for indicator in self.indicators if indicator.light)

    @property
    def json_filename(self) -> str:
        return f"{FILE_PREFIX}{self.edition}.json"

    def level_for(self, index: float | None) -> Level | None:
        """The maturity level of an index (None for an unpublished index)."""
        if index is None:
            return None
        return [level for level in self.levels if index >= level.min_index][-1]

    def as_dict(self) -> dict[str, Any]:
        """The framework as plain data, for the JSON download."""
        data = dataclasses.asdict(self)
        data["published_on"] = self.published_on.isoformat()
        for obligation in data["obligations"]:
            for field in ("in_force_from", "in_force_until"):
                if obligation[field] is not None:
                    obligation[field] = obligation[field].isoformat()
        for release in data["changelog"]:
            release["published_on"] = release["published_on"].isoformat()
        return data


# --- Reading -----------------------------------------------------------------


class _Table:
    """A TOML table being read: typed access, and no unknown field left over."""

    def __init__(self, data: Any, where: str, file_name: str):
        self.where, self.file_name = where, file_name
        if not isinstance(data, dict):
            self.fail("une table de champs est attendue")
        self.data, self.read = data, set()

    def fail(self, message: str, field: str | None = None):
        place = f"{self.where}, champ « {field} »" if field else self.where
        raise FrameworkError(f"{self.file_name}, {place} : {message}.")

    def child(self, value: Any, where: str) -> "_Table":
        return _Table(value, f"{self.where} › {where}" if self.where else where, self.file_name)

    def _get(self, field: str, required: bool):
        self.read.add(field)
        if field not in self.data:
            if required:
                self.fail("ce champ est obligatoire", field)
            return None
        return self.data[field]

    def text(self, field: str, required: bool = True, default: str = "") -> str:
        value = self._get(field, required)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            self.fail("un texte non vide est attendu", field)
        return value.strip()

    def number(
        self, field: str, required: bool = True, default=None, minimum=None, maximum=None
    ) -> float | None:
        value = self._get(field, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail("un nombre est attendu", field)
        self.check_range(value, field, minimum, maximum)
        return value

    def check_range(self, value: float, field: str, minimum=None, maximum=None):
        if minimum is not None and value < minimum:
            self.fail(f"la valeur {value} est inférieure au minimum {minimum}", field)
        if maximum is not None and value > maximum:
            self.fail(f"la valeur {value} dépasse le maximum {maximum}", field)

    def integer(self, field: str, required: bool = True, minimum=None) -> int | None:
        value = self.number(field, required, minimum=minimum)
        if value is not None and not isinstance(value, int):
            self.fail("un nombre entier est attendu", field)
        return value

    def flag(self, field: str) -> bool:
        value = self._get(field, required=False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail("true ou false est attendu", field)
        return value

    def texts(self, field: str, required: bool = False, choices=None) -> tuple[str, ...]:
        value = self._get(field, required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail("une liste de textes est attendue", field)
        if choices is not None:
            for item in value:
                if item not in choices:
                    self.fail(f"« {item} » n’est pas permis (permis : {', '.join(choices)})", field)
        if len(set(value)) != len(value):
            self.fail("la liste contient un doublon", field)
        return tuple(value)

    def tables(self, field: str, required: bool = True) -> list:
        value = self._get(field, required)
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            self.fail("une liste non vide de tables est attendue", field)
        return value

    def date(self, field: str, required: bool = True) -> datetime.date | None:
        value = self._get(field, required)
        if value is None:
            return None
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            self.fail("une date (AAAA-MM-JJ) est attendue", field)
        return value

    def pairs(self, field: str) -> tuple[tuple[float, float], ...]:
        """A non-empty list of [value, score] with increasing values and non-decreasing scores."""
        value = self._get(field, required=True)
        ok = isinstance(value, list) and value
        ok = ok and all(
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(x, int | float) and not isinstance(x, bool) for x in pair)
            for pair in value
        )
        if not ok:
            self.fail("une liste de couples [valeur, score] est attendue", field)
        for value_, score in value:
            self.check_range(score, field, 0, 100)
            self.check_range(value_, field, 0)
        for (v1, s1), (v2, s2) in itertools.pairwise(value):
            if v2 <= v1:
                self.fail("les valeurs doivent être strictement croissantes", field)
            if s2 < s1:
                self.fail("les scores ne doivent jamais décroître", field)
        return tuple((float(v), float(s)) for v, s in value)

    def done(self):
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            self.fail(f"champ inconnu « {unknown[0]} »")


def _unique(table: _Table, codes: list[str], what: str):
    seen = set()
    for code in codes:
        if code in seen:
            table.fail(f"le code {what} « {code} » est en double")
        seen.add(code)


def _applicability(table: _Table, field: str, competence_codes) -> Applicability:
    value = table._get(field, required=False)
    if value is None:
        return Applicability()
    return _scope(table.child(value, f"champ « {field} »"), competence_codes)


def _scopes(table: _Table, field: str, competence_codes) -> tuple[Applicability, ...]:
    """An obligation's ``applies_to``: one table, or a list of tables (any one of them)."""
    value = table._get(field, required=False)
    if value is None:
        return ()
    if isinstance(value, dict):
        return (_scope(table.child(value, f"champ « {field} »"), competence_codes),)
    return tuple(
        _scope(table.child(raw, f"champ « {field} » n° {number}"), competence_codes)
        for number, raw in enumerate(table.tables(field), start=1)
    )


def _scope(rule: _Table, competence_codes) -> Applicability:
    applicability = Applicability(
        kinds=rule.texts("kinds", choices=ASSESSED_KINDS),
        population_min=rule.integer("population_min", required=False, minimum=0),
        population_below=rule.integer("population_below", required=False, minimum=1),
        competences=rule.texts("competences", choices=competence_codes),
    )
    rule.done()
    low, high = applicability.population_min, applicability.population_below
    if low is not None and high is not None and low >= high:
        rule.fail("population_min doit être inférieur à population_below")
    return applicability


def _indicator(table: _Table, axis_code: str, competence_codes) -> Indicator:
    code = table.text("code")
    table.where = f"{table.where} (« {code} »)"
    type_name = table.text("type")
    if type_name not in {member.value for member in IndicatorType}:
        table.fail(
            f"type « {type_name} » inconnu (types permis : {', '.join(IndicatorType)})", "type"
        )
    indicator_type = IndicatorType(type_name)
    context = table.flag("context")
    if context:
        if "weight" in table.data:
            table.fail("une question de contexte n’est pas notée : pas de pondération", "weight")
        weight = 0.0
    else:
        weight = float(table.number("weight", minimum=0))
        if weight <= 0:
            table.fail("la pondération doit être strictement positive", "weight")
    fields: dict[str, Any] = {}
    if indicator_type == IndicatorType.LEVEL:
        fields["levels"] = table.texts("levels", required=True)
        if len(fields["levels"]) != LEVEL_ANSWERS:
            table.fail(f"{LEVEL_ANSWERS} libellés sont attendus, du niveau 0 au niveau 4", "levels")
        fields["level_scores"] = _level_scores(table)
    elif indicator_type == IndicatorType.PERCENTAGE:
        fields["points"] = table.pairs("points")
        if fields["points"][0][0] != 0 or fields["points"][-1][0] > 100:
            table.fail("les points vont de 0 % à au plus 100 %", "points")
    elif indicator_type == IndicatorType.COUNT:
        fields["unit"] = table.text("unit", required=False)
        # A realistic bound: a typing slip (« 99999999999999999999 ») is refused, not scored.
        fields["maximum"] = table.integer("max", minimum=1)
        if not context:
            fields["thresholds"] = table.pairs("thresholds")
            highest = fields["thresholds"][-1][0]
            if highest > fields["maximum"]:
                table.fail(
                    f"le maximum {fields['maximum']} est inférieur au dernier palier {highest:g}",
                    "max",
                )
    elif indicator_type == IndicatorType.MULTIPLE_CHOICE:
        fields["options"] = _options(table)
    indicator = Indicator(
        code=code,
        axis=axis_code,
        question=table.text("question"),
        help=table.text("help"),
        type=indicator_type,
        weight=weight,
        context=context,
        light=table.flag("light"),
        applies_to=_applicability(table, "applies_to", competence_codes),
        legal_basis=table.texts("legal_basis"),
        **fields,
    )
    table.done()
    return indicator


def _level_scores(table: _Table) -> tuple[float, ...]:
    scores = table._get("level_scores", required=False)
    if scores is None:
        return tuple(100 * answer / (LEVEL_ANSWERS - 1) for answer in range(LEVEL_ANSWERS))
    if (
        not isinstance(scores, list)
        or len(scores) != LEVEL_ANSWERS
        or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in scores)
    ):
        table.fail(f"une liste de {LEVEL_ANSWERS} scores est attendue", "level_scores")
    for score in scores:
        table.check_range(score, "level_scores", 0, 100)
    if any(b < a for a, b in itertools.pairwise(scores)):
        table.fail("les scores ne doivent jamais décroître", "level_scores")
    return tuple(float(score) for score in scores)


def _options(table: _Table) -> tuple[Option, ...]:
    options = []
    raw_options = table.tables("options")
    if len(raw_options) > MAX_OPTIONS:
        table.fail(f"au plus {MAX_OPTIONS} options sont permises", "options")
    for number, raw in enumerate(raw_options, start=1):
        option = table.child(raw, f"option n° {number}")
        options.append(
            Option(
                code=option.text("code"),
                label=option.text("label"),
                points=float(option.number("points", minimum=0, maximum=100)),
            )
        )
        option.done()
    _unique(table, [option.code for option in options], "d’option")
    return tuple(options)


def _axis(table: _Table, competence_codes) -> Axis:
    code = table.text("code")
    table.where = f"axe « {code} »"
    indicators = tuple(
        _indicator(table.child(raw, f"indicateur n° {number}"), code, competence_codes)
        for number, raw in enumerate(table.tables("indicators"), start=1)
    )
    weight = table.number("weight", minimum=0)
    if weight <= 0:
        table.fail("la pondération doit être strictement positive", "weight")
    axis = Axis(
        code=code,
        name=table.text("name"),
        description=table.text("description"),
        weight=float(weight),
        transversal=table.flag("transversal"),
        indicators=indicators,
    )
    table.done()
    if not any(indicator.weight for indicator in indicators):
        table.fail("l’axe doit compter au moins un indicateur noté")
    return axis


def _conditions(table: _Table, field: str, indicators: dict[str, Indicator]):
    conditions = []
    for number, raw in enumerate(table.tables(field, required=False), start=1):
        rule = table.child(raw, f"{field} n° {number}")
        code = rule.text("indicator")
        indicator = indicators.get(code)
        if indicator is None:
            rule.fail(f"l’indicateur « {code} » n’existe pas", "indicator")
        if indicator.type == IndicatorType.MULTIPLE_CHOICE:
            includes = rule.text("includes")
            if includes not in {option.code for option in indicator.options}:
                rule.fail(f"« {includes} » n’est pas une option de « {code} »", "includes")
            conditions.append(Condition(indicator=code, includes=includes))
        else:
            conditions.append(Condition(indicator=code, at_least=rule.number("at_least")))
        rule.done()
    return tuple(conditions)


def _obligation(table: _Table, indicators, competence_codes) -> Obligation:
    code = table.text("code")
    table.where = f"obligation « {code} »"
    obligation = Obligation(
        code=code,
        title=table.text("title"),
        description=table.text("description"),
        legal_basis=table.texts("legal_basis", required=True),
        applies_to=_scopes(table, "applies_to", competence_codes),
        applies_if=_conditions(table, "applies_if", indicators),
        met_when=_conditions(table, "met_when", indicators),
        in_force_from=table.date("in_force_from", required=False),
        in_force_until=table.date("in_force_until", required=False),
    )
    if not obligation.met_when:
        table.fail("ce champ est obligatoire", "met_when")
    start, end = obligation.in_force_from, obligation.in_force_until
    if start is not None and end is not None and end < start:
        table.fail("la fin de vigueur précède l’entrée en vigueur", "in_force_until")
    table.done()
    return obligation


def _changelog(root: _Table, version: str) -> tuple[Release, ...]:
    """The versions of the edition, oldest first; the last one is the file's version."""
    releases = []
    for number, raw in enumerate(root.tables("changelog", required=False), start=1):
        table = root.child(raw, f"version n° {number}")
        release_version = table.text("version")
        table.where = f"version « {release_version} »"
        changes = []
        for change_number, raw_change in enumerate(table.tables("changes"), start=1):
            change = table.child(raw_change, f"changement n° {change_number}")
            changes.append(
                Change(
                    subject=change.text("subject"), what=change.text("what"), why=change.text("why")
                )
            )
            change.done()
        releases.append(
            Release(
                version=release_version,
                published_on=table.date("published_on"),
                changes=tuple(changes),
            )
        )
        table.done()
    _unique(root, [release.version for release in releases], "de version")
    if releases and releases[-1].version != version:
        root.fail(
            f"la dernière version du journal des changements doit être la version {version}",
            "changelog",
        )
    if any(b.published_on < a.published_on for a, b in itertools.pairwise(releases)):
        root.fail(
            "les versions du journal des changements vont de la plus ancienne à la plus récente",
            "changelog",
        )
    return tuple(releases)


def _levels(root: _Table) -> tuple[Level, ...]:
    levels = []
    for number, raw in enumerate(root.tables("levels"), start=1):
        table = root.child(raw, f"niveau n° {number}")
        level = Level(
            level=table.integer("level"),
            name=table.text("name"),
            min_index=float(table.number("min_index", minimum=0, maximum=100)),
            description=table.text("description"),
        )
        table.done()
        if level.level != number:
            table.fail(f"les niveaux sont numérotés de 1 à {LEVEL_COUNT}, dans l’ordre", "level")
        levels.append(level)
    if len(levels) != LEVEL_COUNT:
        root.fail(f"{LEVEL_COUNT} niveaux de maturité sont attendus", "levels")
    if levels[0].min_index != 0:
        root.fail("le premier niveau commence à un indice de 0", "levels")
    if any(b.min_index <= a.min_index for a, b in itertools.pairwise(levels)):
        root.fail("les seuils des niveaux doivent être strictement croissants", "levels")
    return tuple(levels)


def parse_framework(text: str, file_name: str) -> Framework:
    """Validate the text of a framework file; raise ``FrameworkError`` at the first fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = f"{file_name} : le fichier n’est pas un TOML valide ({error})."
        raise FrameworkError(message) from error
    root = _Table(data, "", file_name)
    root.where = "racine"

    header = root.child(root._get("framework", required=True), "table [framework]")
    scoring = root.child(root._get("scoring", required=True), "table [scoring]")
    light = root.child(root._get("light_questionnaire", True), "table [light_questionnaire]")

    competences = []
    for number, raw in enumerate(root.tables("competences"), start=1):
        table = root.child(raw, f"compétence n° {number}")
        competences.append(
            Competence(
                code=table.text("code"),
                label=table.text("label"),
                default_kinds=table.texts("default_kinds", choices=ASSESSED_KINDS),
            )
        )
        table.done()
    _unique(root, [competence.code for competence in competences], "de compétence")
    competence_codes = tuple(competence.code for competence in competences)

    axes = tuple(
        _axis(root.child(raw, f"axe n° {number}"), competence_codes)
        for number, raw in enumerate(root.tables("axes"), start=1)
    )
    _unique(root, [axis.code for axis in axes], "d’axe")
    indicators = [indicator for axis in axes for indicator in axis.indicators]
    _unique(root, [indicator.code for indicator in indicators], "d’indicateur")
    indicators_by_code = {indicator.code: indicator for indicator in indicators}

    light_count = sum(indicator.light for indicator in indicators)
    if not 0 < light_count <= LIGHT_QUESTIONNAIRE_MAX:
        root.fail(
            f"le questionnaire allégé compte {light_count} indicateurs "
            f"(il en faut de 1 à {LIGHT_QUESTIONNAIRE_MAX})"
        )

    version = header.text("version")
    framework = Framework(
        edition=header.integer("edition", minimum=2000),
        version=version,
        title=header.text("title"),
        published_on=header.date("published_on"),
        licence=header.text("licence"),
        description=header.text("description"),
        completeness_threshold=float(
            scoring.number("completeness_threshold", minimum=0, maximum=100)
        ),
        levels=_levels(root),
        light_questionnaire=LightQuestionnaire(
            name=light.text("name"),
            description=light.text("description"),
            kinds=light.texts("kinds", required=True, choices=ASSESSED_KINDS),
            population_below=light.integer("population_below", minimum=1),
            duration_minutes=light.integer("duration_minutes", minimum=1),
        ),
        competences=tuple(competences),
        axes=axes,
        obligations=tuple(
            _obligation(
                root.child(raw, f"obligation n° {number}"), indicators_by_code, competence_codes
            )
            for number, raw in enumerate(root.tables("obligations"), start=1)
        ),
        changelog=_changelog(root, version),
    )
    _unique(root, [obligation.code for obligation in framework.obligations], "d’obligation")
    for table in (header, scoring, light, root):
        table.done()
    expected_name = f"{FILE_PREFIX}{framework.edition}.toml"
    if file_name != expected_name:
        header.fail(f"l’édition {framework.edition} doit être dans {expected_name}", "edition")
    return framework


def load_framework(path: Path) -> Framework:
    """Read and validate a framework file."""
    return parse_framework(path.read_text(encoding="utf-8"), path.name)


def available_editions() -> list[int]:
    """Editions with a framework file, most recent first."""
    editions = []
    for path in FRAMEWORKS_DIR.glob(f"{FILE_PREFIX}*.toml"):
        suffix = path.stem.removeprefix(FILE_PREFIX)
        if suffix.isdigit():
            editions.append(int(suffix))
    return sorted(editions, reverse=True)


def edition_for(year: int) -> int:
    """The framework edition a campaign of ``year`` uses: the most recent one up to ``year``.

    A year before the first edition (a demo of last year's results beside this year's real
    campaign) uses the first edition.
    """
    editions = [edition for edition in available_editions() if edition <= year]
    return editions[0] if editions else min(available_editions())


@functools.cache
def get_framework(edition: int) -> Framework:
    """The validated framework of an edition (``FileNotFoundError`` if there is none)."""
    return load_framework(FRAMEWORKS_DIR / f"{FILE_PREFIX}{edition}.toml")
