"""The one way the platform sends e-mail: one plain-text message, in French, at a time.

Every e-mail is a pair of templates, ``<name>_subject.txt`` and ``<name>_body.txt``, in the
``emails/`` folder of its app's templates, rendered with a context by :func:`notification_send`
(plain text: nothing is HTML-escaped; the subject is made one line). The app's
``notifications.py`` builds the context; no e-mail text is written in Python.

An e-mail is first written to the database, as an
:class:`~territoires.core.models.OutgoingEmail`, in the transaction of the change it tells
about, and sent by a job (``territoires.core.tasks.email_deliver``) once that transaction has
committed (ADR 0004). So nobody is mailed about a change that is rolled back, an SMTP server
that is down or refuses never fails a request, and the e-mail is not lost: the job tries
again with backoff for a day, and the row says where it stands. The person who acts is told
that the message will leave.
"""

from django.conf import settings
from django.template import Context, Engine

from territoires.core.jobs import job_enqueue_on_commit
from territoires.core.models import OutgoingEmail
from territoires.core.tasks import email_deliver


def email_send(*, to: str, subject: str, body: str, attachments=()) -> OutgoingEmail:
    """Write one plain-text e-mail, from ``DEFAULT_FROM_EMAIL``, to be sent after the commit.

    Call it inside the service's transaction: the row is written with the change, and its
    job is enqueued when the change commits. ``attachments`` are text files, as
    ``(filename, content, content_type)`` triples.
    """
    email = OutgoingEmail.objects.create(
        to=to,
        subject=subject,
        body=body,
        attachments=[
            {"filename": filename, "content": content, "content_type": content_type}
            for filename, content, content_type in attachments
        ],
    )
    job_enqueue_on_commit(email_deliver, email.pk)
    return email


def notification_send(*, to: str, template: str, context: dict, attachments=()) -> OutgoingEmail:
    """Render the e-mail ``template`` with ``context`` and write it with :func:`email_send`.

    ``template`` names the pair without its suffix (``accounts/emails/invitation`` for
    ``accounts/emails/invitation_subject.txt`` and ``…_body.txt``); ``site_name`` is in every
    context; ``attachments`` as :func:`email_send` takes them.
    """
    engine = Engine.get_default()
    context = Context({"site_name": settings.SITE_NAME, **context}, autoescape=False)
    subject = engine.get_template(f"{template}_subject.txt").render(context)
    body = engine.get_template(f"{template}_body.txt").render(context)
    return email_send(to=to, subject=" ".join(subject.split()), body=body, attachments=attachments)
