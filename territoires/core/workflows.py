"""The one workflow mechanism: states and moves declared as data, applied in one place.

A workflow is declared in its app's ``enums.py`` as a :class:`Workflow`: the states (a
``TextChoices``), and each :class:`Transition` with its name, the states it leaves from, the
state it leads to, its French label (the button and the confirmation page) and its URL slug.
The model whose ``status`` field moves names it in a ``workflow`` class attribute, and its log
is a concrete :class:`TransitionLog` whose foreign key to the object has
``related_name="transitions"``.

:func:`transition_apply` is the only way a status moves: it locks the row, checks that the
move is allowed from the current state, writes the log row and saves the status, in one
transaction. A refused move raises :class:`~territoires.core.errors.BusinessError` (409) with
the workflow's French message and writes nothing. The rest stays in the services that call
it, as the house style asks: who may move (they check the actor's rights first) and what
follows the move (rescoring, e-mails, audit events, dates of decision).
:func:`transitions_apply` moves many objects at once, all or none.
:func:`transition_log_initial` logs the first state of a new object, from no state, and
:func:`transition_log_note` an event that moves no state.
:func:`transition_history` reads an object's log for the history partial
``core/_transition_history.html``.

ADR 0005 says why this small mechanism rather than django-fsm-2.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from territoires.core.db import bulk_insert
from territoires.core.errors import BusinessError


@dataclass(frozen=True)
class Transition:
    """One move of a workflow: from any of ``sources`` to ``target``.

    ``label`` is the French wording of the move (« Ouvrir la campagne »), ``slug`` its French
    verb in URLs (``ouvrir``), ``description`` what it does, for its confirmation page.
    """

    name: str
    sources: frozenset[str]
    target: str
    label: str
    slug: str
    description: str = ""

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))

    def allowed_from(self, status: str) -> bool:
        return status in self.sources


@dataclass(frozen=True)
class Workflow:
    """The states of an object and the moves between them, in the order they are shown.

    ``refusal`` is the French message of a move the current state forbids; it may name the
    current state and the target as ``{current}`` and ``{target}`` (their labels, lower case).
    """

    states: type[models.TextChoices]
    transitions: tuple[Transition, ...]
    refusal: str

    def __post_init__(self):
        values = set(self.states.values)
        for move in self.transitions:
            if not (move.sources | {move.target}) <= values:
                raise ValueError(f"Transition {move.name!r} names a state of no workflow.")
        for attribute in ("name", "slug"):
            keys = [getattr(move, attribute) for move in self.transitions]
            if len(set(keys)) != len(keys):
                raise ValueError(f"Two transitions share a {attribute}: {keys}.")

    def __getitem__(self, name: str) -> Transition:
        """The move named ``name``; in a template, ``campaign.workflow.open.label``."""
        for move in self.transitions:
            if move.name == name:
                return move
        raise KeyError(name)

    def by_slug(self, slug: str) -> Transition | None:
        """The move whose URL slug is ``slug``; None for a slug of no move."""
        return next((move for move in self.transitions if move.slug == slug), None)

    def available(self, status: str) -> list[Transition]:
        """The moves allowed from ``status``, in declared order."""
        return [move for move in self.transitions if move.allowed_from(status)]

    def label(self, status: str) -> str:
        """The French label of a state; "" for no state (the log row of a creation)."""
        return self.states(status).label if status else ""


class TransitionLog(models.Model):
    """One step of an object's workflow: who, when, from, to, and why.

    A concrete log adds the foreign key to its object, with ``related_name="transitions"``.
    ``from_status`` is empty for the row that logs a new object's first state.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    from_status = models.CharField("de", max_length=20, blank=True)
    to_status = models.CharField("vers", max_length=20)
    comment = models.TextField("commentaire", blank=True)
    created_at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


def transition_apply(*, obj: models.Model, name: str, actor, comment: str = "") -> models.Model:
    """Move ``obj`` by the transition ``name`` of its workflow, and log the move.

    The row is locked (``select_for_update``) and its status read again under the lock, so
    that two concurrent moves of one object are serialised: the second sees the first's
    result. A move the current state forbids raises ``BusinessError`` (status 409) and writes
    nothing (``obj.status`` is then the row's current one). Returns ``obj`` itself, its
    status the locked row's, moved and saved; the caller's other fields and cached relations
    are kept.
    """
    workflow: Workflow = type(obj).workflow
    move = workflow[name]
    manager = type(obj)._default_manager
    with transaction.atomic(savepoint=False):
        obj.refresh_from_db(fields=["status"], from_queryset=manager.select_for_update())
        current, allowed = obj.status, move.allowed_from(obj.status)
        if allowed:
            obj.transitions.create(
                actor=actor, from_status=current, to_status=move.target, comment=comment
            )
            obj.status = move.target
            obj.save(update_fields=["status"])
    # Refused after the block, which wrote nothing: a caller's transaction stays usable.
    if not allowed:
        raise BusinessError(
            workflow.refusal.format(
                current=workflow.label(current).lower(), target=workflow.label(move.target).lower()
            ),
            status=409,
        )
    return obj


def transitions_apply(
    *, objs: Sequence[models.Model], name: str, actor, comment: str = ""
) -> list[models.Model]:
    """Move every object of ``objs`` (of one model) by the transition ``name``: all or none.

    :func:`transition_apply` for many objects at once (the labels move two thousand
    applications as they are confided to their jury): the rows are locked and their statuses
    read in one query, each move checked, one log row per object written in bulk
    (``core.db.bulk_insert``) and the statuses saved in one update. A move that the current
    state of any row forbids raises ``BusinessError`` (409) with the workflow's message for
    that row, and writes nothing.
    """
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    workflow: Workflow = model.workflow
    move = workflow[name]
    log = model._meta.get_field("transitions").related_model
    key = model._meta.get_field("transitions").field.attname
    with transaction.atomic(savepoint=False):
        current = dict(
            model._default_manager.select_for_update()
            .filter(pk__in=[obj.pk for obj in objs])
            .values_list("pk", "status")
        )
        refused = next((obj for obj in objs if not move.allowed_from(current[obj.pk])), None)
        if refused is None:
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            bulk_insert(
                log,
                [key, "actor_id", "from_status", "to_status", "comment", "created_at"],
                (
                    (obj.pk, getattr(actor, "pk", None), current[obj.pk], move.target, comment, now)
                    for obj in objs
                ),
            )
            model._default_manager.filter(pk__in=current).update(status=move.target)
    if refused is not None:
        raise BusinessError(
            workflow.refusal.format(
                current=workflow.label(current[refused.pk]).lower(),
                target=workflow.label(move.target).lower(),
            ),
            status=409,
        )
    for obj in objs:
        obj.status = move.target
    return objs


def transition_log_initial(*, obj: models.Model, actor, comment: str = "") -> TransitionLog:
    """Log the first state of a new object (from no state), in the caller's transaction."""
    return obj.transitions.create(
        actor=actor, from_status="", to_status=obj.status, comment=comment
    )


def transition_log_note(*, obj: models.Model, actor, comment: str) -> TransitionLog:
    """Log an event of the object's life that moves no state (a framework upgrade and its
    recomputation): a row from its status to the same status, with the comment saying what
    happened, in the caller's transaction."""
    return obj.transitions.create(
        actor=actor, from_status=obj.status, to_status=obj.status, comment=comment
    )


@dataclass(frozen=True)
class HistoryRow:
    """One line of the history partial: the log row with its states' French labels."""

    created_at: datetime
    actor: object
    from_label: str
    to_label: str
    comment: str


def transition_history(obj: models.Model) -> list[HistoryRow]:
    """The object's log, oldest first, with the French labels of its states (one query)."""
    workflow: Workflow = type(obj).workflow
    return [
        HistoryRow(
            created_at=row.created_at,
            actor=row.actor,
            from_label=workflow.label(row.from_status),
            to_label=workflow.label(row.to_status),
            comment=row.comment,
        )
        for row in obj.transitions.select_related("actor")
    ]
