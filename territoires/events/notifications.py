"""The e-mails of the agenda: each a pair of templates under ``events/emails/``, rendered and
written by ``territoires.core.mail.notification_send`` in the service's transaction. Those
that put the event in a calendar carry its ``.ics``."""

from django.conf import settings

from territoires.core.mail import notification_send
from territoires.core.models import OutgoingEmail
from territoires.events.links import cancel_url, survey_url
from territoires.events.models import Event, Registration
from territoires.events.selectors import event_location, events_ics

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def _event_context(event: Event) -> dict:
    return {
        "event": event,
        "sessions": event.wall_times(),
        "location": event_location(event),
        "event_url": settings.SITE_URL.rstrip("/") + event.get_absolute_url(),
    }


def _ics(event: Event) -> tuple[str, str, str]:
    text = events_ics(Event.objects.filter(pk=event.pk), name=event.title)
    return (f"evenement-{event.pk}.ics", text, ICS_CONTENT_TYPE)


def registration_email_send(*, registration: Registration, template: str) -> OutgoingEmail | None:
    """Tell a registrant about their registration or the event (``template``: confirmed,
    waiting, promoted, reminder, rescheduled, cancelled). Those who know where to be get the
    ``.ics``; None for a person without an e-mail address."""
    user = registration.user
    if user is None or not user.email:
        return None
    event = registration.event
    with_calendar = template in ("confirmed", "promoted", "rescheduled", "cancelled")
    return notification_send(
        to=user.email,
        template=f"events/emails/{template}",
        context={
            **_event_context(event),
            "registration": registration,
            "person": user,
            "online_url": event.online_url if registration.status == "confirmee" else "",
            "cancel_url": cancel_url(registration),
        },
        attachments=[_ics(event)] if with_calendar else (),
    )


def survey_email_send(*, registration: Registration) -> OutgoingEmail | None:
    user = registration.user
    if user is None or not user.email:
        return None
    return notification_send(
        to=user.email,
        template="events/emails/survey",
        context={**_event_context(registration.event), "survey_url": survey_url(registration)},
    )


def organiser_message_send(
    *, registration: Registration, subject: str, body: str, sender
) -> OutgoingEmail | None:
    user = registration.user
    if user is None or not user.email:
        return None
    return notification_send(
        to=user.email,
        template="events/emails/message",
        context={
            **_event_context(registration.event),
            "subject": subject,
            "body": body,
            "sender": sender,
            "cancel_url": cancel_url(registration),
        },
    )


def decision_email_send(*, event: Event, reason: str = "") -> OutgoingEmail | None:
    """Tell who proposed the event whether it is published or refused (and why)."""
    proposer = event.created_by
    if proposer is None or not proposer.email:
        return None
    return notification_send(
        to=proposer.email,
        template=f"events/emails/{'refused' if reason else 'published'}",
        context={**_event_context(event), "reason": reason},
    )
