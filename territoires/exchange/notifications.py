"""The e-mails of the bourse: each a pair of templates under ``exchange/emails/``, rendered and
written by ``core.mail.notification_send`` inside the service's transaction, sent by a job
after it commits."""

from django.conf import settings
from django.urls import reverse

from territoires.core.mail import notification_send
from territoires.core.models import OutgoingEmail
from territoires.exchange.models import Agreement, SavedSearch


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def agreement_url(agreement: Agreement) -> str:
    return absolute(reverse("exchange:agreement", args=[agreement.pk]))


def requester_address(agreement: Agreement) -> str:
    """Where the requester is written to: the person who asked."""
    return agreement.created_by.email if agreement.created_by else ""


def _send(to: str, template: str, agreement: Agreement, **context) -> OutgoingEmail | None:
    if not to:
        return None
    return notification_send(
        to=to,
        template=f"exchange/emails/{template}",
        context={"agreement": agreement, "url": agreement_url(agreement), **context},
    )


def request_email_send(*, agreement: Agreement) -> OutgoingEmail | None:
    """Tell the provider, at the offer's contact address, of a new request."""
    return _send(agreement.offer.contact_email, "request", agreement)


def step_email_send(
    *, agreement: Agreement, label: str, by_provider: bool, comment: str = ""
) -> OutgoingEmail | None:
    """Tell the other party that the agreement moved (``label``: the new state)."""
    to = requester_address(agreement) if by_provider else agreement.offer.contact_email
    return _send(to, "step", agreement, label=label, comment=comment, by_provider=by_provider)


def reminder_email_send(*, agreement: Agreement) -> OutgoingEmail | None:
    return _send(agreement.offer.contact_email, "reminder", agreement)


def unanswered_email_send(*, agreement: Agreement) -> OutgoingEmail | None:
    return _send(requester_address(agreement), "unanswered", agreement)


def alert_email_send(*, search: SavedSearch, items: list[tuple[str, str]]) -> OutgoingEmail | None:
    """The new offers or needs of a saved search: ``items`` as (title, absolute URL)."""
    if not search.user.email:
        return None
    return notification_send(
        to=search.user.email,
        template="exchange/emails/alert",
        context={"search": search, "items": items},
    )
