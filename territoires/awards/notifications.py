"""The e-mails of the labels: each a pair of templates under ``awards/emails/``, written by
``territoires.core.mail.notification_send`` in the service's transaction and sent by a job
after the commit."""

from django.conf import settings
from django.urls import reverse

from territoires.accounts.models import Membership
from territoires.awards.models import Application, Assignment
from territoires.core.mail import notification_send


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _applicant_addresses(application: Application) -> list[str]:
    """The référents of the lead collectivité, and the person who drafted it."""
    addresses = set(
        Membership.objects.referents()
        .filter(organisation_id=application.organisation_id, user__email__isnull=False)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if application.created_by and application.created_by.email:
        addresses.add(application.created_by.email)
    return sorted(addresses)


def submission_email_send(*, application: Application, to: str) -> None:
    notification_send(
        to=to,
        template="awards/emails/submitted",
        context={
            "application": application,
            "edition": application.edition,
            "url": _absolute(application.get_absolute_url()),
        },
    )


def selection_email_send(*, application: Application) -> None:
    """Tell the applicants whether their project is a finalist, and why."""
    finalist = application.status == "finaliste"
    for address in _applicant_addresses(application):
        notification_send(
            to=address,
            template=f"awards/emails/{'finalist' if finalist else 'not_selected'}",
            context={
                "application": application,
                "edition": application.edition,
                "url": _absolute(application.get_absolute_url()),
            },
        )


def award_email_send(*, application: Application) -> None:
    for address in _applicant_addresses(application):
        notification_send(
            to=address,
            template="awards/emails/laureate",
            context={
                "application": application,
                "edition": application.edition,
                "url": _absolute(
                    reverse("awards:palmares", kwargs={"year": application.edition.year})
                ),
            },
        )


def reminder_email_send(*, to: str, assignments: list[Assignment]) -> None:
    jury = assignments[0].juror.jury
    notification_send(
        to=to,
        template="awards/emails/reminder",
        context={
            "jury": jury,
            "count": len(assignments),
            "deadline": jury.deadline,
            "url": _absolute(reverse("awards:my_sheets")),
        },
    )
