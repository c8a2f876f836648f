"""What the methodology page shows: the framework in words, and worked examples.

The worked examples are computed by the scoring engine itself from fixed
answers, so the page can never drift from the rules; the tests check their
figures against a computation by hand. Pure: no ORM.
"""

import dataclasses
from typing import Any

import numpy as np

from territoires.core.formats import number
from territoires.geo.enums import KIND_PLURALS, TerritoryKind
from territoires.observatory import peers, scoring
from territoires.observatory.answers import answer_text
from territoires.observatory.framework import (
    Applicability,
    Axis,
    Framework,
    Indicator,
    IndicatorType,
)
from territoires.observatory.scoring import ANSWERED, NOT_CONCERNED, UNANSWERED


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} et {words[-1]}"


def rule_text(indicator: Indicator) -> str:
    """The scoring rule of an indicator, in French."""
    if indicator.context:
        return "Question de contexte, non notée : elle sert à déterminer les obligations."
    if indicator.type == IndicatorType.YES_NO:
        return "Oui : 100 ; non : 0."
    if indicator.type == IndicatorType.LEVEL:
        scores = [
            f"niveau {answer} : {number(score)}"
            for answer, score in enumerate(indicator.level_scores)
        ]
        return "; ".join(scores).capitalize() + "."
    if indicator.type == IndicatorType.PERCENTAGE:
        points = [f"{number(value)} % → {number(score)}" for value, score in indicator.points]
        return f"Score proportionnel entre les points : {' ; '.join(points)}."
    if indicator.type == IndicatorType.COUNT:
        unit = f" ({indicator.unit})" if indicator.unit else ""
        steps = [
            f"{number(value)} et plus → {number(score)}" for value, score in indicator.thresholds
        ]
        return f"Par paliers{unit} : {' ; '.join(steps)} ; en dessous → 0."
    points = [f"{option.label} : {number(option.points)}" for option in indicator.options]
    return f"Somme des points des réponses cochées, plafonnée à 100 ({' ; '.join(points)})."


def applicability_text(applicability: Applicability, framework: Framework) -> str:
    """Who a rule applies to, in French."""
    parts = []
    if applicability.kinds:
        parts.append(_join([KIND_PLURALS[TerritoryKind(kind)] for kind in applicability.kinds]))
    else:
        parts.append("toutes les collectivités")
    if applicability.population_min is not None:
        parts.append(f"d’au moins {number(applicability.population_min)} habitants")
    if applicability.population_below is not None:
        parts.append(f"de moins de {number(applicability.population_below)} habitants")
    if applicability.competences:
        labels = {c.code: c.label for c in framework.competences}
        competences = _join([labels[code].lower() for code in applicability.competences])
        parts.append(f"qui exercent la compétence {competences}")
    text = " ".join(parts)
    return text[0].upper() + text[1:]


def scopes_text(scopes: tuple[Applicability, ...], framework: Framework) -> str:
    """Who an obligation applies to (any one of its scopes), in French."""
    if not scopes:
        return applicability_text(Applicability(), framework)
    return " ; ".join(applicability_text(scope, framework) for scope in scopes)


# --- Worked examples ---------------------------------------------------------

# An axis: cybersecurity in a commune of 8 000 inhabitants (full questionnaire).
AXIS_EXAMPLE = {
    "kind": "commune",
    "population": 8000,
    "light": False,
    "axis": "CYBR",
    "answers": {
        "CYBR-01": (ANSWERED, True),
        "CYBR-02": (ANSWERED, False),
        "CYBR-03": (ANSWERED, 60),
        "CYBR-04": (NOT_CONCERNED, None),
        "CYBR-05": (ANSWERED, 2),
    },
}

# A whole light questionnaire: a commune of 800 inhabitants.
LIGHT_EXAMPLE = {
    "kind": "commune",
    "population": 800,
    "light": True,
    "answers": {
        "EADM-02": (ANSWERED, True),
        "EADM-05": (ANSWERED, 2),
        "DATA-04": (ANSWERED, False),
        "AMEN-01": (ANSWERED, 85),
        "USAG-01": (ANSWERED, True),
        "USAG-02": (ANSWERED, False),
        "USAG-06": (ANSWERED, True),
        "INCL-01": (ANSWERED, True),
        "NRES-03": (ANSWERED, 6),
        "CYBR-01": (ANSWERED, True),
        "CYBR-02": (ANSWERED, False),
        "RGPD-01": (ANSWERED, True),
        "RGPD-02": (ANSWERED, False),
        "ACHT-01": (ANSWERED, False),
        "ACHT-02": (NOT_CONCERNED, None),
        "ACHT-08": (ANSWERED, False),
        "GOUV-04": (ANSWERED, 1),
        "GOUV-06": (ANSWERED, True),
    },
}

# Peers: the published indices of the light example's stratum, the example included.
PEER_EXAMPLE = {
    "stratum": "commune-500-1999",
    "other_indices": [31, 44.5, 52, 58, 63, 67.5, 72],
    "small_group": [48, 55, 61],
}


def example_answer_text(indicator: Indicator, status: int, answer: Any) -> str:
    """An example's answer (as a form gives it) as the questionnaire shows it."""
    value = scoring.raw_value(indicator, answer) if status == ANSWERED else None
    return answer_text(indicator, status, value)


@dataclasses.dataclass(frozen=True)
class ExampleRow:
    indicator: Indicator
    answer: str
    score: float | None


@dataclasses.dataclass(frozen=True)
class AxisResult:
    axis: Axis
    score: float | None  # None: no answered indicator
    completeness: float | None  # None: nothing applies
    published: bool
    resolved: int  # questions answered or non concerné
    applicable: int
    formula: str  # the weighted mean, spelled out


@dataclasses.dataclass(frozen=True)
class ExampleAssessment:
    kind_label: str
    population: int
    light: bool
    rows: list[ExampleRow]
    axes: list[AxisResult]
    completeness: float
    index: float | None
    level: Any
    path: list[scoring.Step]


def _optional(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _formula(rows: list[ExampleRow]) -> str:
    """``(3 × 100 + 2 × 0) ÷ (3 + 2)`` over the scored, answered rows."""
    scored = [row for row in rows if row.score is not None and row.indicator.weight]
    products = " + ".join(f"{number(r.indicator.weight)} × {number(r.score)}" for r in scored)
    weights = " + ".join(number(row.indicator.weight) for row in scored)
    return f"({products}) ÷ ({weights})" if scored else ""


def example_assessment(model: scoring.ScoringModel, example: dict) -> ExampleAssessment:
    """Score one example with the engine, and lay it out for the page."""
    answers = example["answers"]
    values, status = scoring.build_matrices(
        model, 1, [(0, code, st, answer) for code, (st, answer) in answers.items()]
    )
    applicable = scoring.applicability(
        model,
        kinds=[example["kind"]],
        populations=[example["population"]],
        light=[example["light"]],
    )
    result = scoring.score(model, values, status, applicable)
    framework = model.framework
    shown_axes = [example["axis"]] if "axis" in example else list(model.axis_codes)
    rows = [
        ExampleRow(
            indicator=indicator,
            answer=example_answer_text(indicator, *answers.get(indicator.code, (UNANSWERED, None))),
            score=_optional(result.indicator_scores[0, column]),
        )
        for column, indicator in enumerate(framework.indicators)
        if indicator.axis in shown_axes and applicable[0, column]
    ]
    axes = [
        AxisResult(
            axis=axis,
            score=_optional(result.axis_raw_scores[0, column]),
            completeness=_optional(result.axis_completeness[0, column]),
            published=bool(result.axis_published[0, column]),
            resolved=int(result.axis_resolved[0, column]),
            applicable=int(result.axis_applicable[0, column]),
            formula=_formula([row for row in rows if row.indicator.axis == axis.code]),
        )
        for column, axis in enumerate(framework.axes)
        if axis.code in shown_axes and result.axis_applicable[0, column] > 0
    ]
    index = _optional(result.index[0])
    return ExampleAssessment(
        kind_label=TerritoryKind(example["kind"]).label,
        population=example["population"],
        light=example["light"],
        rows=rows,
        axes=axes,
        completeness=float(result.completeness[0]),
        index=index,
        level=framework.level_for(index),
        path=scoring.path_to_next_level(
            model, result.indicator_scores[0], status[0], applicable[0]
        ),
    )


def peer_example(index: float, *, min_group: int) -> dict:
    """Peer statistics of the light example's index, and of a group too small to show."""
    group = [index, *PEER_EXAMPLE["other_indices"]]
    small = [index, *PEER_EXAMPLE["small_group"]]
    stats = peers.peer_statistics(
        np.array(group + small),
        ["groupe"] * len(group) + ["petit-groupe"] * len(small),
        np.ones(len(group) + len(small), dtype=bool),
        min_group=min_group,
    )
    return {
        "stratum": PEER_EXAMPLE["stratum"],
        "indices": sorted(group),
        "size": int(stats.group_size[0, 0]),
        "median": float(stats.median[0, 0]),
        "first_quartile": float(stats.first_quartile[0, 0]),
        "third_quartile": float(stats.third_quartile[0, 0]),
        "percentile_rank": float(stats.percentile_rank[0, 0]),
        "small_size": len(small),
        "small_hidden": bool(np.isnan(stats.median[len(group), 0])),
    }
