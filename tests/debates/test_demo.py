"""The demo debates of ``make run`` and the nightly closing, as an operator runs them."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from territoires.debates.enums import DebateStatus
from territoires.debates.models import Debate
from tests.debates.factories import DebateFactory


def test_the_demo_debates_are_created_once_and_marked(imported, client):
    call_command("create_demo_debates", stdout=io.StringIO())
    output = io.StringIO()
    call_command("create_demo_debates", stdout=output)

    assert output.getvalue() == "Débats de démonstration créés : 0.\n"
    debates = {debate.status: debate for debate in Debate.objects.all()}
    assert set(debates) == {DebateStatus.OPEN, DebateStatus.SYNTHESIS}
    assert all(debate.is_demo for debate in debates.values())
    published = debates[DebateStatus.SYNTHESIS]
    assert published.synthesis and published.participants.filter(user__isnull=True).count() == 7
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Données de démonstration : ce débat est fictif" in page
    assert "Synthèse de la collectivité" in page


def test_the_command_closes_the_debates_past_their_date(db):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    due = DebateFactory(open=True, opens_on=yesterday, closes_on=yesterday)
    output = io.StringIO()

    call_command("close_due_debates", stdout=output)

    due.refresh_from_db()
    assert due.status == DebateStatus.CLOSED
    assert output.getvalue() == "Débats clos : 1.\n"
