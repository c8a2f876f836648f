"""The agenda's periodic jobs, run by the job queue (immediate in the tests) and as commands:
the reminder the day before, the satisfaction survey after a training, the anonymisation
of registrants months after the event."""

import calendar
import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from territoires.core.models import OutgoingEmail
from territoires.events.enums import EventKind
from territoires.events.models import AttendanceSignature, Registration
from territoires.events.services import months_before
from territoires.events.tasks import (
    event_registrations_anonymise,
    event_reminders_send,
    event_surveys_send,
)
from tests.accounts.factories import OrganisationFactory
from tests.events.factories import EventFactory, RegistrationFactory


def test_the_reminder_leaves_the_day_before_once(smtp_server, time_machine):
    event = EventFactory(title="Atelier données")  # 15 June 2026, 7:30 UTC
    confirmed = RegistrationFactory(event=event)
    RegistrationFactory(event=event, waiting=True)
    RegistrationFactory(event=event, cancelled=True)
    time_machine.move_to(datetime(2026, 6, 14, 7, 0, tzinfo=UTC))  # 24 h 30 before: too early
    event_reminders_send()
    assert not smtp_server.received

    time_machine.move_to(datetime(2026, 6, 14, 8, 5, tzinfo=UTC))
    event_reminders_send()
    event_reminders_send()  # a second run sends nothing more
    assert [(m.to, m.subject) for m in smtp_server.received] == [
        (confirmed.user.email, "Rappel, c’est demain : Atelier données")
    ]
    assert "Libérez votre place" in smtp_server.received[0].body


def test_the_survey_goes_to_the_trainees_after_the_training(smtp_server, time_machine):
    training = EventFactory(kind=EventKind.TRAINING, title="Formation RGPD")
    present = RegistrationFactory(event=training, attended=True)
    RegistrationFactory(event=training, attended=False)
    unmarked = RegistrationFactory(event=training)
    RegistrationFactory(event=EventFactory(title="Atelier"))  # not a training
    time_machine.move_to(datetime(2026, 6, 15, 16, tzinfo=UTC))
    event_surveys_send()
    event_surveys_send()
    assert sorted(m.to for m in smtp_server.received) == sorted(
        [present.user.email, unmarked.user.email]
    )
    assert {m.subject for m in smtp_server.received} == {
        "Votre avis sur la formation : Formation RGPD"
    }
    assert "/agenda/satisfaction/" in smtp_server.received[0].body


@pytest.mark.django_db
def test_registrants_are_anonymised_months_after_the_event(settings, time_machine):
    settings.EVENTS_ANONYMISE_AFTER_MONTHS = 12
    organisation = OrganisationFactory()
    event = EventFactory(kind=EventKind.TRAINING)  # ends 15 June 2026, 15:00 UTC
    registration = RegistrationFactory(event=event, organisation=organisation, attended=True)
    AttendanceSignature.objects.create(
        registration=registration, day="2026-06-15", half_day="matin", signature="M1 1L2 2"
    )
    later = EventFactory(
        starts_at=datetime(2026, 9, 1, 8, tzinfo=UTC), ends_at=datetime(2026, 9, 1, 10, tzinfo=UTC)
    )
    kept = RegistrationFactory(event=later)

    time_machine.move_to(datetime(2027, 6, 15, 14, tzinfo=UTC))  # 11 months 30 days after
    event_registrations_anonymise()
    registration.refresh_from_db()
    assert registration.user is not None

    time_machine.move_to(datetime(2027, 6, 15, 16, tzinfo=UTC))
    event_registrations_anonymise()
    registration.refresh_from_db()
    assert (registration.user, registration.organisation) == (None, None)
    assert registration.anonymised_at is not None
    # What the event's figures need stays: the row, its status and the attendance.
    assert (registration.status, registration.attended) == ("confirmee", True)
    assert AttendanceSignature.objects.get().signature == ""
    kept.refresh_from_db()
    assert kept.user is not None

    output = io.StringIO()
    call_command("event_registrations_anonymise", stdout=output)
    assert "0 inscription(s) anonymisée(s)" in output.getvalue()
    time_machine.move_to(datetime(2027, 9, 2, tzinfo=UTC))
    call_command("event_registrations_anonymise", stdout=output)
    assert "1 inscription(s) anonymisée(s)" in output.getvalue()
    assert not Registration.objects.filter(user__isnull=False).exists()


@pytest.mark.django_db
def test_the_commands_run_the_reminders_and_surveys():
    output = io.StringIO()
    call_command("event_reminders_send", stdout=output)
    call_command("event_surveys_send", stdout=output)
    assert output.getvalue() == "0 rappel(s) envoyé(s).\n0 questionnaire(s) envoyé(s).\n"
    assert not OutgoingEmail.objects.exists()


@given(
    year=st.integers(2000, 2100),
    month=st.integers(1, 12),
    day=st.integers(1, 31),
    months=st.integers(0, 240),
)
def test_months_before_goes_back_whole_months(year, month, day, months):
    day = min(day, calendar.monthrange(year, month)[1])
    moment = datetime(year, month, day, 12, tzinfo=UTC)
    earlier = months_before(moment, months)
    assert (moment.year * 12 + moment.month) - (earlier.year * 12 + earlier.month) == months
    last_day = calendar.monthrange(earlier.year, earlier.month)[1]
    assert earlier.day == min(day, last_day)
    assert earlier.time() == moment.time()
