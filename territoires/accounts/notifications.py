"""The e-mails of accounts: each a pair of templates under ``accounts/emails/``, rendered and
written by ``territoires.core.mail.notification_send``. Services call these inside their
transaction; each returns the e-mail, which a job sends after the commit."""

from django.conf import settings
from django.urls import reverse

from territoires.accounts.enums import RequestStatus
from territoires.accounts.models import Invitation, MembershipRequest, User
from territoires.core.mail import notification_send
from territoires.core.models import OutgoingEmail


def _sign_in_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accounts:login")


def invitation_email_send(*, actor: User, invitation: Invitation) -> OutgoingEmail:
    """Invite the address to sign in with ProConnect; says until when the invitation is valid."""
    return notification_send(
        to=invitation.email,
        template="accounts/emails/invitation",
        context={
            "actor": actor,
            "invitation": invitation,
            "organisation": invitation.organisation,
            "sign_in_url": _sign_in_url(),
        },
    )


def decision_email_send(*, request: MembershipRequest) -> OutgoingEmail | None:
    """Tell the agent who asked what staff decided; None when they have no e-mail address."""
    if not request.user.email:
        return None
    accepted = request.status == RequestStatus.ACCEPTED
    return notification_send(
        to=request.user.email,
        template=f"accounts/emails/request_{'accepted' if accepted else 'refused'}",
        context={
            "organisation": request.organisation,
            "siren": request.siren,
            "comment": request.comment.strip(),
            "sign_in_url": _sign_in_url(),
        },
    )
