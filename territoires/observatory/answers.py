"""Answers between a form and the scoring engine: check, encode and decode. Pure: no ORM.

A form gives an answer as a bool (yes/no), an int (level, count), a float
(percentage) or a list of option codes (multiple choice); the database and
the engine keep one number (``scoring.raw_value``): 1/0, the level, the
percentage, the count, or the bit mask of the chosen options.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from territoires.core.formats import number
from territoires.observatory.enums import AnswerStatus
from territoires.observatory.framework import LEVEL_ANSWERS, Indicator, IndicatorType
from territoires.observatory.scoring import raw_value


@dataclass(frozen=True)
class AnswerInput:
    """An answer as given: ``status`` None clears it (back to not yet answered)."""

    status: AnswerStatus | None
    answer: Any = None


def number_expected(indicator: Indicator) -> str:
    """The one message of a number question, whatever is wrong: what it accepts.

    A count says the framework's maximum and its unit; a percentage gives a decimal example.
    """
    if indicator.type == IndicatorType.PERCENTAGE:
        return "Saisissez un pourcentage de 0 à 100, par exemple 42 ou 42,5."
    unit = f" {indicator.unit}" if indicator.unit else ""
    return f"Saisissez un nombre entier de 0 à {number(indicator.maximum)}{unit}."


def answer_value(indicator: Indicator, answer: Any) -> float:
    """The engine's number for a valid answer; a ``ValidationError`` in French otherwise."""
    kind = indicator.type
    if kind == IndicatorType.YES_NO:
        if not isinstance(answer, bool):
            raise ValidationError("Répondez par oui ou par non.")
    elif kind == IndicatorType.LEVEL:
        if (
            isinstance(answer, bool)
            or not isinstance(answer, int)
            or not 0 <= answer < LEVEL_ANSWERS
        ):
            raise ValidationError(f"Choisissez un niveau de 0 à {LEVEL_ANSWERS - 1}.")
    elif kind == IndicatorType.PERCENTAGE:
        if not 0 <= answer <= 100:  # NaN and infinities too
            raise ValidationError(number_expected(indicator))
    elif kind == IndicatorType.COUNT:
        if not (0 <= answer <= indicator.maximum and answer == int(answer)):
            raise ValidationError(number_expected(indicator))
    else:
        known = {option.code for option in indicator.options}
        for code in answer:
            if code not in known:
                raise ValidationError(
                    f"« {code} » n’est pas une réponse possible à cette question."
                )
    return raw_value(indicator, answer)


def stored_answer(indicator: Indicator, given: AnswerInput) -> tuple[int | None, float | None]:
    """``(status, value)`` as stored for a given answer; ``(None, None)`` clears it."""
    if given.status == AnswerStatus.ANSWERED:
        return AnswerStatus.ANSWERED, answer_value(indicator, given.answer)
    if given.status == AnswerStatus.NOT_CONCERNED:
        return AnswerStatus.NOT_CONCERNED, None
    return None, None


def answer_of(indicator: Indicator, value: float) -> Any:
    """The form's answer for a stored number (the inverse of ``answer_value``)."""
    kind = indicator.type
    if kind == IndicatorType.YES_NO:
        return value == 1
    if kind in (IndicatorType.LEVEL, IndicatorType.COUNT):
        return int(value)
    if kind == IndicatorType.PERCENTAGE:
        return value
    mask = int(value)
    return [option.code for bit, option in enumerate(indicator.options) if mask & (1 << bit)]


def is_valid(indicator: Indicator, status: int, value: float | None) -> bool:
    """Whether a stored answer still fits the indicator (for answers of another edition)."""
    if status == AnswerStatus.NOT_CONCERNED:
        return True
    if value is None:
        return False
    if indicator.type == IndicatorType.MULTIPLE_CHOICE:
        return value == int(value) and 0 <= value < (1 << len(indicator.options))
    try:
        answer_value(indicator, answer_of(indicator, value))
    except ValidationError:
        return False
    return indicator.type != IndicatorType.YES_NO or value in (0, 1)


def answer_text(indicator: Indicator, status: int | None, value: float | None) -> str:
    """A stored answer as the questionnaire words it: for proposals, summaries and the
    methodology's worked examples. A status that is neither answered nor *non concerné*
    (the engine's 0, or None) reads « Sans réponse »."""
    if status == AnswerStatus.NOT_CONCERNED:
        return "Non concerné"
    if status != AnswerStatus.ANSWERED or value is None:
        return "Sans réponse"
    answer = answer_of(indicator, value)
    kind = indicator.type
    if kind == IndicatorType.YES_NO:
        return "Oui" if answer else "Non"
    if kind == IndicatorType.LEVEL:
        return f"Niveau {answer} : {indicator.levels[answer]}"
    if kind == IndicatorType.PERCENTAGE:
        return f"{number(answer)} %"
    if kind == IndicatorType.COUNT:
        return f"{number(answer)} {indicator.unit}".strip()
    labels = [option.label for option in indicator.options if option.code in answer]
    return " ; ".join(labels) or "Aucune de ces réponses"
