"""Jobs and concurrency of the labels: the reminders to jurors (a weekly job and a command,
e-mails read back from the SMTP server), and the public vote, exact under concurrency."""

import io
import threading
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from territoires.awards import services
from territoires.awards.enums import ApplicationStatus
from territoires.awards.models import PublicVote
from territoires.awards.tasks import juror_reminders
from territoires.core.errors import BusinessError
from tests.accounts.factories import IdentityFactory, UserFactory
from tests.awards.factories import (
    ApplicationFactory,
    AssignmentFactory,
    EditionFactory,
    JurorFactory,
    JuryFactory,
    at,
)


def test_jurors_with_sheets_to_score_are_reminded(smtp_server):
    with time_machine.travel(at(7, 1)):
        jury = JuryFactory()
        busy = JurorFactory(jury=jury, user=UserFactory(email="occupe@exemple.fr"))
        for _ in range(2):
            AssignmentFactory(juror=busy, application__edition=jury.edition)
        done = AssignmentFactory(juror__jury=jury, juror__user__email="fini@exemple.fr")
        done.status = "notee"
        done.save()
        gone = AssignmentFactory(juror__jury=jury, juror__user__email="parti@exemple.fr")
        gone.juror.withdrawn_at = gone.created_at
        gone.juror.save()
        output = io.StringIO()
        call_command("remind_jurors", stdout=output)
    assert output.getvalue().strip() == "1 juré(s) relancé(s)."
    [mail] = smtp_server.received
    assert mail.to == "occupe@exemple.fr"
    assert mail.subject == "Rappel : 2 candidatures à noter avant le 1 septembre 2026"
    assert "/labels/jury/" in mail.body
    # Past the jury's deadline, nobody is reminded: the scores are frozen.
    with time_machine.travel(at(9, 2)):
        assert juror_reminders.call_local() == 0
    assert len(smtp_server.received) == 1


def test_the_reminder_is_a_weekly_periodic_job():
    # Monday 1 June 2026 at 8:00 (UTC, as the scheduler reads it), and no other time.
    assert juror_reminders.s().validate_datetime(datetime(2026, 6, 1, 8, 0))
    assert not juror_reminders.s().validate_datetime(datetime(2026, 6, 1, 9, 0))
    assert not juror_reminders.s().validate_datetime(datetime(2026, 6, 2, 8, 0))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every writer; the concurrent race is PostgreSQL's",
)
def test_concurrent_votes_count_once_per_citizen():
    edition = EditionFactory(final=True, public_vote=True)
    finalist = ApplicationFactory(edition=edition, status=ApplicationStatus.FINALIST)
    citizens = [IdentityFactory(franceconnect=True).user for _ in range(4)]
    start = threading.Barrier(8)
    outcomes = []

    def vote(citizen):
        start.wait()
        try:
            services.vote_cast(actor=citizen, edition=edition, application=finalist)
            outcomes.append("vote")
        except BusinessError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    # Each citizen votes twice at the same instant: one vote each counts, the other is refused.
    threads = [threading.Thread(target=vote, args=(c,)) for c in citizens for _ in range(2)]
    with time_machine.travel(at(10, 1)):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert sorted(outcomes) == ["Vous avez déjà voté pour cette édition."] * 4 + ["vote"] * 4
    assert PublicVote.objects.count() == 4
