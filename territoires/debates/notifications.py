"""The e-mails of the debates: each a pair of templates under ``debates/emails/``, written by
``core.mail.notification_send`` in the caller's transaction and sent by a job after it
commits."""

from django.conf import settings

from territoires.core.mail import notification_send
from territoires.core.models import OutgoingEmail
from territoires.debates.models import Contribution, Debate, Participant


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def hidden_email_send(*, contribution: Contribution) -> OutgoingEmail | None:
    """Tell the author that the moderators hid their contribution, and why; None when the
    author has no e-mail address (or deleted their account)."""
    user = contribution.participant.user
    if user is None or not user.email:
        return None
    return notification_send(
        to=user.email,
        template="debates/emails/contribution_hidden",
        context={
            "debate": contribution.debate,
            "contribution": contribution,
            "reason": contribution.hidden_reason,
            "debate_url": _absolute(contribution.debate.get_absolute_url()),
        },
    )


def synthesis_email_send(*, debate: Debate, participant: Participant) -> OutgoingEmail | None:
    """Tell a participant that the synthesis of the debate is published."""
    user = participant.user
    if user is None or not user.email:
        return None
    return notification_send(
        to=user.email,
        template="debates/emails/synthesis_published",
        context={
            "debate": debate,
            "participant": participant,
            "debate_url": _absolute(debate.get_absolute_url()),
        },
    )
