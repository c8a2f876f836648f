"""The one way a service says no.

A service that refuses a change (a rule of the domain, a right the actor lacks, a state
that forbids the move) raises :class:`BusinessError` with a French message written for the
person who asked, and changes nothing. Views turn it into a page message, the API into a
JSON 4xx: each in one place (``refusal_show`` below, the API's exception handler), never
by reading the message.
"""

from django.contrib import messages


class BusinessError(Exception):
    """A change refused by a business rule; ``message`` is shown to the user as it is.

    ``errors`` maps a field (an indicator code, a form field) to its French messages, when
    the refusal is about some fields of a larger input; ``message`` then sums them up.
    ``status`` is the HTTP status the API answers with (403 for a missing right, 409 for a
    state that forbids the move, 400 otherwise).
    """

    def __init__(
        self, message: str, *, errors: dict[str, list[str]] | None = None, status: int = 400
    ):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.status = status


def refusal_show(request, error: BusinessError, *, form=None) -> None:
    """Show a service's refusal on the page: the one way every view does it.

    With a ``form``, each field error goes under its field (the form's own errors for a
    field it does not have) and a refusal with no field errors becomes the form's error;
    without one, the message becomes the page's error message.
    """
    if form is None:
        messages.error(request, error.message)
        return
    if not error.errors:
        form.add_error(None, error.message)
    for field, texts in error.errors.items():
        form.add_error(field if field in form.fields else None, texts)
