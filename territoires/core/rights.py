"""Rights objects: what one user may do with one object, decided once.

A page asks several questions about the same object (may the user see it, answer it,
submit it…). A rights object answers them all, as frozen ``can_*`` booleans, from one
lookup of the user's tie to the object (their membership: one query, none when the
answers do not depend on it); the view reads it, hands it to its template, and a service
builds its own from its actor, so that a service called by another module checks the
same rights as the page. The idea of La Suite's ``get_abilities``; the concrete rights
objects live in each app's ``perms.py``.
"""

from dataclasses import dataclass

from territoires.core.errors import BusinessError


@dataclass(frozen=True)
class Rights:
    """The base of every rights object; subclasses declare their ``can_*`` fields."""

    def require(self, right: str, message: str) -> None:
        """Refuse (a 403 ``BusinessError`` with ``message``) unless ``right`` holds."""
        if not getattr(self, right):
            raise BusinessError(message, status=403)
