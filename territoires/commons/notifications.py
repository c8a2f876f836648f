"""The e-mails of the catalogue: each a pair of templates under ``commons/emails/``, written
by ``core.mail.notification_send`` in the service's transaction and sent after the commit."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from territoires.commons.models import Commun, ContactMessage, ExperienceReport
from territoires.core.mail import notification_send
from territoires.core.models import OutgoingEmail

# The salt of the signed links to report a message.
ABUSE_SALT = "commons.contact.abuse"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def commun_refused_email_send(*, commun: Commun, reason: str) -> OutgoingEmail | None:
    """Tell the proposer why staff refused the fiche; None without an address."""
    if commun.proposed_by is None or not commun.proposed_by.email:
        return None
    return notification_send(
        to=commun.proposed_by.email,
        template="commons/emails/commun_refused",
        context={
            "commun": commun,
            "reason": reason,
            "url": _absolute(reverse("commons:catalogue")),
        },
    )


def report_refused_email_send(*, report: ExperienceReport, reason: str) -> OutgoingEmail | None:
    """Tell the report's writer why staff refused it; they may change it and submit it again."""
    if report.created_by is None or not report.created_by.email:
        return None
    return notification_send(
        to=report.created_by.email,
        template="commons/emails/report_refused",
        context={
            "report": report,
            "reason": reason,
            "url": _absolute(reverse("commons:report_edit", kwargs={"slug": report.slug})),
        },
    )


def contact_abuse_url(message: ContactMessage) -> str:
    """The address where the recipient reports the message, signed: no sign-in needed."""
    token = signing.dumps(message.pk, salt=ABUSE_SALT)
    return _absolute(reverse("commons:contact_abuse", kwargs={"token": token}))


def contact_email_send(*, message: ContactMessage, recipient) -> OutgoingEmail:
    """The message, to one recipient, with the sender's name, organisations and address (the
    recipient answers directly) and the link to report it."""
    sender = message.sender
    return notification_send(
        to=recipient.email,
        template="commons/emails/contact",
        context={
            "message": message,
            "sender": sender,
            "organisations": [
                m.organisation.name for m in sender.memberships.select_related("organisation")
            ],
            "commun": message.commun,
            "usage": message.usage,
            "commun_url": _absolute(message.commun.get_absolute_url()),
            "abuse_url": contact_abuse_url(message),
        },
    )
