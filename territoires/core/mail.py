"""The one way the platform sends e-mail: one plain-text message, in French, at a time.

Every e-mail is a pair of templates, ``<name>_subject.txt`` and ``<name>_body.txt``, in the
``emails/`` folder of its app's templates, rendered with a context by :func:`notification_send`
(plain text: nothing is HTML-escaped; the subject is made one line). The app's
``notifications.py`` builds the context; no e-mail text is written in Python.

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

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import Context, Engine

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


def notification_send(*, to: str, template: str, context: dict) -> bool:
    """Render the e-mail ``template`` with ``context`` and send it with :func:`email_send`.

    ``template`` names the pair without its suffix (``accounts/emails/invitation`` for
    ``accounts/emails/invitation_subject.txt`` and ``…_body.txt``); ``site_name`` is in every
    context. Returns whether the e-mail left, never raises for the SMTP server.
    """
    engine = Engine.get_default()
    context = Context({"site_name": settings.SITE_NAME, **context}, autoescape=False)
    subject = engine.get_template(f"{template}_subject.txt").render(context)
    body = engine.get_template(f"{template}_body.txt").render(context)
    return email_send(to=to, subject=" ".join(subject.split()), body=body)
