"""The e-mails of the catalogue: each a pair of templates under ``commons/emails/``, written
by ``core.mail.notification_send`` in the service's transaction and sent after the commit."""

from django.conf import settings
from django.urls import reverse

from territoires.commons.models import Commun, ExperienceReport
from territoires.core.mail import notification_send
from territoires.core.models import OutgoingEmail


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
