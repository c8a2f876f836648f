"""Signed links in the e-mails: cancel a registration, answer the satisfaction survey.

The token names the registration and what it allows, signed with the site's secret key: it
cannot be made for another registration nor used for another purpose.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from territoires.events.models import Registration

CANCEL = "events.registration-cancel"
SURVEY = "events.survey"


def registration_token(registration: Registration, purpose: str) -> str:
    return signing.dumps(registration.pk, salt=purpose)


def registration_from_token(token: str, purpose: str) -> Registration | None:
    """The registration a token was made for; None for a token that is not one of ours."""
    try:
        pk = signing.loads(token, salt=purpose)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Registration.objects.select_related("event", "user").filter(pk=pk).first()


def cancel_url(registration: Registration) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "events:registration_cancel_link",
        kwargs={"token": registration_token(registration, CANCEL)},
    )


def survey_url(registration: Registration) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "events:survey", kwargs={"token": registration_token(registration, SURVEY)}
    )
