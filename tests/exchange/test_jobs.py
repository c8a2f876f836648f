"""The bourse's periodic jobs, through the job queue (immediate in the tests: the scheduler's
call runs the job at once) and as management commands; e-mails read back from the SMTP
server."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from territoires.exchange.enums import AgreementStatus, Frequency, SearchTarget
from territoires.exchange.models import Agreement
from territoires.exchange.tasks import (
    exchange_alerts_daily,
    exchange_alerts_weekly,
    exchange_requests_remind,
)
from tests.exchange.factories import AgreementFactory, NeedFactory, OfferFactory, SavedSearchFactory
from tests.geo.factories import DepartementFactory

# After the world's offer was published (now): it is not new for the saved searches.
START = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)


def test_a_request_is_reminded_after_three_days_once_then_unanswered_after_fifteen(
    smtp_server, world
):
    with time_machine.travel(START, tick=False):
        agreement = AgreementFactory(
            offer=world["offer"], requester=world["requester"], created_by=world["requester_member"]
        )
    with time_machine.travel(START + timedelta(days=2, hours=23), tick=False):
        exchange_requests_remind()
    assert smtp_server.received == []

    with time_machine.travel(START + timedelta(days=3), tick=False):
        exchange_requests_remind()
        exchange_requests_remind()  # a second run reminds nobody again
    [reminder] = smtp_server.received
    assert (reminder.to, reminder.subject) == (
        "dpo@amognes.fr",
        "Rappel : une demande attend votre réponse (« DPO mutualisé »)",
    )
    assert "le 2 mars 2027 et attend votre réponse" in reminder.body

    with time_machine.travel(START + timedelta(days=15), tick=False):
        out = io.StringIO()
        call_command("exchange_requests_remind", stdout=out)
    assert "0 relance(s), 1 demande(s) sans réponse." in out.getvalue()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.UNANSWERED
    [row] = agreement.transitions.all()
    assert (row.actor, row.from_status, row.to_status) == (None, "demandee", "sans_reponse")
    unanswered = smtp_server.received[-1]
    assert (unanswered.to, unanswered.subject) == (
        "maire@village.fr",
        "Votre demande « DPO mutualisé » est restée sans réponse",
    )


def test_an_answered_request_is_neither_reminded_nor_expired(smtp_server, world):
    with time_machine.travel(START, tick=False):
        AgreementFactory(offer=world["offer"], status=AgreementStatus.ACCEPTED)
    with time_machine.travel(START + timedelta(days=20), tick=False):
        exchange_requests_remind()
    assert smtp_server.received == []
    assert Agreement.objects.get().status == AgreementStatus.ACCEPTED


def test_saved_searches_alert_daily_or_weekly_with_what_matches_since_the_last_alert(
    smtp_server, world
):
    nievre = DepartementFactory()
    with time_machine.travel(START, tick=False):
        daily = SavedSearchFactory(user=world["requester_member"], area=nievre)
        weekly = SavedSearchFactory(
            user=world["outsider"], frequency=Frequency.WEEKLY, target=SearchTarget.NEEDS
        )
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        OfferFactory(title="DPO de la Nièvre", national=False, area=[nievre])
        OfferFactory(title="DPO ailleurs", national=False, area=[])  # not in the Nièvre
        OfferFactory(title="SIG", skill="sig")  # another skill
        NeedFactory(organisation=world["requester"], published=True)
        NeedFactory(organisation=world["requester"])  # private

    with time_machine.travel(START + timedelta(days=1), tick=False):
        exchange_alerts_daily()
        exchange_alerts_daily()  # nothing new since: no second e-mail
    [alert] = smtp_server.received
    assert (alert.to, alert.subject) == (
        "maire@village.fr",
        "Bourse d’échange : 1 nouveauté pour « Délégué à la protection des données mutualisé »",
    )
    assert "- DPO de la Nièvre" in alert.body and "ailleurs" not in alert.body

    with time_machine.travel(START + timedelta(days=7), tick=False):
        exchange_alerts_weekly()
    weekly_alert = smtp_server.received[-1]
    assert weekly_alert.to == "agent@ailleurs.fr"
    assert "Délégué à la protection des données mutualisé — Village-0" in weekly_alert.body
    assert weekly_alert.body.count("\n- ") == 1
    weekly.refresh_from_db()
    daily.refresh_from_db()
    assert weekly.last_alert_at == START + timedelta(days=7)


@pytest.mark.django_db
def test_the_alert_command_names_its_frequency():
    out = io.StringIO()
    call_command("exchange_alerts", "hebdomadaire", stdout=out)
    assert "0 alerte(s) envoyée(s)." in out.getvalue()
