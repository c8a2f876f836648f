"""Who reviews what: conflicts of interest and the balanced assignment, pure computation.

A juror never reviews an application in which they have a conflict of interest:

- their own organisation applies (as lead or co-applicant);
- unless the edition says otherwise, the applicant's territory is the juror's, or contains
  it, or is contained in it (a commune's agent never reviews its EPCI, its département, its
  région, nor the reverse), from the référentiel's hierarchy: each territory comes with its
  *lineage*, itself and every territory above it;
- the juror declared a conflict on it.

:func:`assignment_plan` then gives each application at least ``per_application`` jurors
with no conflict, keeping the pairs that must stay (manual ones, sheets already scored),
and balances the loads: the busiest and the least busy juror differ by at most one,
whenever the conflicts allow it. It is greedy (the most constrained application first,
each time the least busy jurors), then repaired by moving pairs not yet scored from the
busiest jurors to the least busy ones along augmenting paths (juror A gives an application
to B, B one to C…). After a juror leaves, the pairs still to score may so move too.
"""

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class JurorProfile:
    id: int
    organisation_id: int | None
    territory_id: int | None
    # The juror's territory and every territory above it.
    lineage: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ApplicationProfile:
    id: int
    organisation_ids: frozenset[int]
    territory_ids: frozenset[int]
    # The applicants' territories and every territory above them.
    lineage: frozenset[int] = frozenset()


# The reasons of a conflict, as staff reads them.
OWN_ORGANISATION = "sa propre organisation candidate"
OWN_TERRITORY = "son territoire, ou un territoire qui le contient ou qu’il contient, candidate"
DECLARED = "conflit d’intérêts déclaré"


def conflict(
    juror: JurorProfile,
    application: ApplicationProfile,
    *,
    declared: frozenset[tuple[int, int]] | set[tuple[int, int]] = frozenset(),
    territories: bool = True,
) -> str | None:
    """Why ``juror`` may not review ``application`` (French), or None.

    ``declared`` holds the (juror id, application id) pairs of declared conflicts;
    ``territories`` false leaves out the territorial rule.
    """
    if juror.organisation_id is not None and juror.organisation_id in application.organisation_ids:
        return OWN_ORGANISATION
    # Contained in the juror's (or the same): the juror's territory is in its lineage;
    # containing the juror's: one of the applicants' territories is in the juror's.
    if (
        territories
        and juror.territory_id is not None
        and (juror.territory_id in application.lineage or application.territory_ids & juror.lineage)
    ):
        return OWN_TERRITORY
    if (juror.id, application.id) in declared:
        return DECLARED
    return None


@dataclass
class AssignmentPlan:
    """The pairs to add, and what the conflicts left undone."""

    new_pairs: list[tuple[int, int]] = field(default_factory=list)  # (application, juror)
    removed_pairs: list[tuple[int, int]] = field(default_factory=list)  # movable ones moved
    loads: dict[int, int] = field(default_factory=dict)  # juror -> applications, in all
    short: dict[int, int] = field(default_factory=dict)  # application -> jurors missing

    @property
    def balanced(self) -> bool:
        return not self.loads or max(self.loads.values()) - min(self.loads.values()) <= 1


def assignment_plan(
    applications: Sequence[ApplicationProfile],
    jurors: Sequence[JurorProfile],
    *,
    existing: Iterable[tuple[int, int]] = (),
    movable: Iterable[tuple[int, int]] = (),
    declared: frozenset[tuple[int, int]] | set[tuple[int, int]] = frozenset(),
    territories: bool = True,
    per_application: int = 3,
) -> AssignmentPlan:
    """Complete the assignment of ``applications`` to ``jurors``.

    ``existing`` pairs (application id, juror id) are kept and counted; ``movable`` ones are
    counted too, but may go to another juror to balance the loads (``removed_pairs``); pairs
    of jurors or applications not given are ignored. Deterministic: the same input gives
    the same plan.
    """
    juror_ids = [juror.id for juror in jurors]
    loads = dict.fromkeys(juror_ids, 0)
    assigned: dict[int, set[int]] = {application.id: set() for application in applications}
    for application_id, juror_id in existing:
        if application_id in assigned and juror_id in loads:
            assigned[application_id].add(juror_id)
            loads[juror_id] += 1
    new_by_juror: dict[int, set[int]] = {juror_id: set() for juror_id in juror_ids}
    initial = set()
    for application_id, juror_id in movable:
        if application_id in assigned and juror_id in loads:
            assigned[application_id].add(juror_id)
            new_by_juror[juror_id].add(application_id)
            initial.add((application_id, juror_id))
            loads[juror_id] += 1
    eligible = {
        application.id: [
            juror.id
            for juror in jurors
            if conflict(juror, application, declared=declared, territories=territories) is None
        ]
        for application in applications
    }
    plan = AssignmentPlan(loads=loads)
    order = sorted(assigned, key=lambda key: (len(eligible[key]), key))
    for application_id in order:
        missing = per_application - len(assigned[application_id])
        if missing <= 0:
            continue
        candidates = sorted(
            (
                juror_id
                for juror_id in eligible[application_id]
                if juror_id not in assigned[application_id]
            ),
            key=lambda juror_id: (loads[juror_id], juror_id),
        )[:missing]
        for juror_id in candidates:
            assigned[application_id].add(juror_id)
            new_by_juror[juror_id].add(application_id)
            loads[juror_id] += 1
        if len(candidates) < missing:
            plan.short[application_id] = missing - len(candidates)
    eligible_sets = {key: set(value) for key, value in eligible.items()}
    while loads and _rebalance_once(loads, assigned, new_by_juror, eligible_sets):
        pass
    final = {
        (application_id, juror_id)
        for juror_id, applications_of in new_by_juror.items()
        for application_id in applications_of
    }
    plan.new_pairs = sorted(final - initial)
    plan.removed_pairs = sorted(initial - final)
    return plan


def _rebalance_once(loads, assigned, new_by_juror, eligible) -> bool:
    """Move one unit of load from a busiest juror to a least busy one, along the shortest
    chain of moves of new pairs (juror A gives an application to B, B one to C…); False when
    the loads are balanced or no chain exists."""
    high, low = max(loads.values()), min(loads.values())
    if high - low <= 1:
        return False
    sources = [juror for juror, load in loads.items() if load == high]
    targets = {juror for juror, load in loads.items() if load <= high - 2}
    # Breadth-first from the busiest jurors: an edge juror -> other for each new pair of
    # ``juror`` that ``other`` may take (eligible, not already on it).
    previous: dict[int, tuple[int, int] | None] = dict.fromkeys(sources)
    queue = deque(sources)
    while queue:
        giver = queue.popleft()
        for application_id in sorted(new_by_juror[giver]):
            for taker in sorted(eligible[application_id] - assigned[application_id]):
                if taker in previous:
                    continue
                previous[taker] = (giver, application_id)
                if taker in targets:
                    _move_chain(taker, previous, loads, assigned, new_by_juror)
                    return True
                queue.append(taker)
    return False


def _move_chain(taker, previous, loads, assigned, new_by_juror) -> None:
    loads[taker] += 1
    while previous[taker] is not None:
        giver, application_id = previous[taker]
        new_by_juror[giver].discard(application_id)
        assigned[application_id].discard(giver)
        new_by_juror[taker].add(application_id)
        assigned[application_id].add(taker)
        taker = giver
    loads[taker] -= 1
