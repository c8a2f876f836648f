"""The one way the platform sends e-mail: one plain-text message, in French, at a time.

A service that writes and then mails does its writes in ``transaction.atomic(durable=True)``
and calls :func:`email_send` after that block. A durable block refuses to run inside a
caller's transaction, so its end is a real commit: nobody is ever mailed about a change that
could still be rolled back, and a failed e-mail never undoes the change. The service returns
the outcome with what it wrote, and the view tells the user in French when the e-mail could
not leave; the request never ends in an error page because of the SMTP server.

Sending after commit in the service, rather than in a ``transaction.on_commit`` callback, is
what lets the view know the outcome: a callback's result reaches nobody.
"""

import logging
import smtplib

from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)


def email_send(*, to: str, subject: str, body: str) -> bool:
    """Send one plain-text e-mail now, from ``DEFAULT_FROM_EMAIL``; True if the server took it.

    A failure (server unreachable or too slow, recipient refused, any SMTP error) is logged
    with the recipient and the error, and returns False: it is never raised.
    """
    try:
        EmailMessage(subject=subject, body=body, to=[to]).send()
    except (smtplib.SMTPException, OSError) as error:
        logger.error("E-mail to %s not sent (%s): %s", to, subject, error)
        return False
    return True
