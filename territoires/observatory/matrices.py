"""Between stored answers and the scoring engine, for reads and writes alike: the
engine's matrices built from answer rows, the questions that apply to an assessment, and
the names of the scores it gives. Pure: no ORM (an assessment's territory is read as it
was loaded).
"""

from collections.abc import Sequence

import numpy as np

from territoires.observatory import scoring
from territoires.observatory.enums import Questionnaire
from territoires.observatory.framework import Framework

INDEX = "index"


def metrics(framework: Framework) -> list[tuple[str, str]]:
    """(code, name) of every score of an assessment: the index, then each axis."""
    return [(INDEX, "Indice de maturité"), *((axis.code, axis.name) for axis in framework.axes)]


def answer_matrices(
    model: scoring.ScoringModel, assessment_ids: Sequence[int], rows
) -> tuple[np.ndarray, np.ndarray]:
    """``values`` and ``status`` (A, I) from rows ``(assessment_id, code, status, value)``.

    Stored values are already the engine's numbers; answers to indicators that
    are no longer in the framework are ignored.
    """
    row_of = {assessment_id: row for row, assessment_id in enumerate(assessment_ids)}
    column_of = {code: column for column, code in enumerate(model.indicator_codes)}
    values = np.full((len(assessment_ids), len(column_of)), np.nan)
    status = np.zeros((len(assessment_ids), len(column_of)), dtype=np.int8)
    kept = [(row_of[a], column_of[c], s, v) for a, c, s, v in rows if c in column_of]
    if kept:
        row_index, column_index, statuses, answer_values = zip(*kept, strict=True)
        status[row_index, column_index] = statuses
        values[row_index, column_index] = np.array(answer_values, dtype=float)
    return values, status


def assessment_applicability(model: scoring.ScoringModel, assessments) -> np.ndarray:
    return scoring.applicability(
        model,
        kinds=[a.territory.kind for a in assessments],
        populations=[a.territory.population for a in assessments],
        light=[a.questionnaire == Questionnaire.LIGHT for a in assessments],
    )
