"""Legal obligations of a collectivité, as a checklist. Pure rules, read from the framework.

Each obligation of the framework file says who it applies to (kind and
population: ``applies_to``; answers such as the number of agents:
``applies_if``), from when (``in_force_from``, ``in_force_until``) and which
answers show it is met (``met_when``). For one collectivité and its answers,
on a given day, ``obligations_for`` lists the obligations that apply, or may
apply, with a status:

- *respectée*: every ``met_when`` condition holds;
- *non respectée*: one of them fails, and the obligation applies;
- *inconnue*: an answer it depends on is missing or *non concerné*, or the
  obligation is bounded by population and the population is unknown.

An obligation not in force that day, or whose conditions of application fail,
is left out.
"""

import dataclasses
import datetime
import enum
from collections.abc import Iterable, Mapping
from typing import Any

from territoires.observatory.framework import Condition, Framework, Obligation
from territoires.observatory.scoring import ANSWERED, raw_value


class ObligationStatus(enum.StrEnum):
    MET = "respectee"
    NOT_MET = "non-respectee"
    UNKNOWN = "inconnue"

    @property
    def label(self) -> str:
        return {
            "respectee": "Respectée",
            "non-respectee": "Non respectée",
            "inconnue": "Inconnue",
        }[self.value]


@dataclasses.dataclass(frozen=True)
class ObligationCheck:
    obligation: Obligation
    status: ObligationStatus
    applies: bool | None  # None: depends on an answer not given yet


def _holds(framework: Framework, condition: Condition, answers) -> bool | None:
    """Whether a condition holds on the answers; None when the answer is missing."""
    status, answer = answers.get(condition.indicator, (None, None))
    if status != ANSWERED:
        return None
    if condition.includes is not None:
        return condition.includes in answer
    indicator = framework.indicators_by_code[condition.indicator]
    return raw_value(indicator, answer) >= condition.at_least


def _all(results: list[bool | None]) -> bool | None:
    if False in results:
        return False
    return None if None in results else True


def _in_scope(
    obligation: Obligation, kind: str, population: int | None, competences
) -> bool | None:
    """Whether one of the obligation's scopes takes the collectivité in; None when unknown."""
    if not obligation.applies_to:
        return True
    scopes = [
        scope.scope(kind=kind, population=population, competences=competences)
        for scope in obligation.applies_to
    ]
    if True in scopes:
        return True
    return None if None in scopes else False


def obligations_for(
    framework: Framework,
    *,
    kind: str,
    population: int | None,
    answers: Mapping[str, tuple[int, Any]],
    competences: Iterable[str] = (),
    on: datetime.date | None = None,
) -> list[ObligationCheck]:
    """The obligations of one collectivité in force ``on`` that day (today by default), in
    the framework's order.

    ``answers`` maps an indicator code to ``(status, answer)``, with the
    statuses and answers of ``scoring.build_matrices``; ``competences`` are
    the codes of the competences the collectivité holds.
    """
    on = on or datetime.date.today()
    competences = frozenset(competences)
    checks = []
    for obligation in framework.obligations:
        if not obligation.in_force(on):
            continue
        in_scope = _in_scope(obligation, kind, population, competences)
        if in_scope is False:
            continue
        applies = _all([in_scope, *(_holds(framework, c, answers) for c in obligation.applies_if)])
        if applies is False:
            continue
        met = _all([_holds(framework, c, answers) for c in obligation.met_when])
        if met is True:
            status = ObligationStatus.MET
        elif met is False and applies:
            status = ObligationStatus.NOT_MET
        else:
            status = ObligationStatus.UNKNOWN
        checks.append(ObligationCheck(obligation=obligation, status=status, applies=applies))
    return checks
