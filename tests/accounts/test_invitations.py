"""Invitations a référent manages: the e-mail a real SMTP server receives, a failing server,
sending again, cancelling, expiry, and who may do what."""

import logging
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from territoires.accounts.enums import AuditAction, Role
from territoires.accounts.models import AuditEvent, Invitation
from territoires.core.models import OutgoingEmail
from territoires.core.tasks import email_deliver
from tests.accounts.conftest import organisation_url, sign_in, signed_in_user
from tests.jobs import scheduled_jobs, scheduled_jobs_run

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")

AGENT = "sophie.lefebvre@opsn.exemple.fr"  # the "opsn" account of the ProConnect test provider
EXPIRED = '<p class="fr-badge fr-badge--sm fr-badge--warning">expirée</p>'
WILL_LEAVE = f"Le courriel à {AGENT} part dans quelques instants."


def invite(client, organisation, email=AGENT, role=Role.MEMBRE):
    return client.post(
        organisation_url(organisation, "organisation_invite"),
        {"email": email, "role": role},
        follow=True,
    )


def page_form(page: str, label: str) -> tuple[str, dict]:
    """The POST form of a page whose button is named ``label`` (visible and visually hidden
    text), with the CSRF token it carries."""
    for form in re.findall(r"<form\b.*?</form>", page, re.S):
        if 'method="post"' in form and label in " ".join(re.sub(r"<[^>]+>", "", form).split()):
            action = re.search(r'action="([^"]+)"', form).group(1)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
            return action, {"csrfmiddlewaretoken": token}
    raise AssertionError(f"No form with a button named {label!r}.")


def joined(client, world) -> bool:
    """Sign in as the invited agent through the ProConnect test provider: did they join?"""
    client.logout()
    sign_in(client, "proconnect", "opsn")
    return signed_in_user(client).memberships.filter(organisation=world["lyon"]).exists()


# ------------------------------------------------------------------ a failing SMTP server


@pytest.mark.parametrize("failure", ["recipient refused", "server down"])
def test_an_invitation_whose_email_fails_is_kept_and_its_email_waits_for_a_retry(
    client, world, smtp_server, caplog, failure
):
    client.force_login(world["lyon_referent"])
    if failure == "recipient refused":
        smtp_server.refuse_recipients()
    else:
        smtp_server.stop()

    with caplog.at_level(logging.WARNING, logger="territoires.core.tasks"):
        response = invite(client, world["lyon"])

    assert response.status_code == 200
    # The referent is told the e-mail will leave: it is the queue's job to deliver it.
    assertContains(response, f"Invitation envoyée à {AGENT}. {WILL_LEAVE}")
    assertNotContains(response, "fr-alert--warning")
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.accepted_at, invitation.cancelled_at) == (
        AGENT,
        None,
        None,
    )
    assert not smtp_server.received
    [email] = OutgoingEmail.objects.all()
    assert (email.to, email.status, email.attempts) == (AGENT, "pending", 1)
    error = "550" if failure == "recipient refused" else "Connection refused"
    assert error in email.last_error
    [record] = [record for record in caplog.records if record.name == "territoires.core.tasks"]
    assert AGENT in record.getMessage()
    assert error in record.getMessage()
    [retry] = scheduled_jobs()
    assert retry.args == (email.pk,)
    # The invitation is listed.
    page = client.get(organisation_url(world["lyon"]))
    assertContains(page, f"<td>{AGENT}</td>", html=True)


def test_an_email_refused_while_the_server_is_down_leaves_once_when_it_is_back(
    client, world, smtp_server
):
    client.force_login(world["lyon_referent"])
    smtp_server.stop()
    assertContains(invite(client, world["lyon"]), WILL_LEAVE)
    assert len(scheduled_jobs()) == 1
    smtp_server.start()

    scheduled_jobs_run()
    scheduled_jobs_run()

    [received] = smtp_server.received
    assert received.to == AGENT
    assert received.subject == "Invitation à rejoindre Lyon sur Territoires numériques"
    [email] = OutgoingEmail.objects.all()
    assert (email.status, email.attempts, email.last_error) == ("sent", 2, "")
    assert email.sent_at is not None
    assert not scheduled_jobs()
    # The job run again, by a worker given it twice or by staff, sends nothing more.
    email_deliver(email.pk)
    assert len(smtp_server.received) == 1


# ------------------------------------------------------------------ the page's buttons


def test_each_pending_invitation_has_resend_and_cancel_buttons_posting_with_csrf(
    world, smtp_server
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["lyon_referent"])
    other = "autre.agente@lyon.fr"
    for email in (AGENT, other):
        Invitation.objects.create(organisation=world["lyon"], email=email, invited_by=None)

    response = client.get(organisation_url(world["lyon"]))

    for email in (AGENT, other):
        for verb in ("Renvoyer", "Annuler"):
            assertContains(
                response,
                f'<button type="submit" class="fr-btn fr-btn--secondary fr-btn--sm">{verb}'
                f'<span class="fr-sr-only"> l’invitation à {email}</span></button>',
                html=True,
            )
    page = response.content.decode()
    resend_url, resend_data = page_form(page, f"Renvoyer l’invitation à {AGENT}")
    cancel_url, cancel_data = page_form(page, f"Annuler l’invitation à {other}")
    # Without the token, Django's CSRF protection refuses the request.
    assert client.post(resend_url).status_code == 403
    assert client.post(cancel_url).status_code == 403
    assert not smtp_server.received

    assertContains(
        client.post(resend_url, resend_data, follow=True), f"Invitation renvoyée à {AGENT}."
    )
    assertContains(
        client.post(cancel_url, cancel_data, follow=True), f"Invitation à {other} annulée."
    )
    assert [received.to for received in smtp_server.received] == [AGENT]
    assert Invitation.objects.open().get().email == AGENT


def test_members_see_no_invitation_buttons(client, world):
    Invitation.objects.create(organisation=world["lyon"], email=AGENT)
    client.force_login(world["lyon_member"])

    page = client.get(organisation_url(world["lyon"]))

    assertNotContains(page, AGENT)
    assertNotContains(page, "Renvoyer")


# ------------------------------------------------------------------ sending again


def test_a_referent_resends_an_invitation_which_is_valid_again(client, world, smtp_server):
    with time_machine.travel(datetime(2026, 11, 3, 10, tzinfo=PARIS)):
        client.force_login(world["lyon_referent"])
        invite(client, world["lyon"])
    invitation = Invitation.objects.get()

    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=PARIS), tick=False):
        client.force_login(world["lyon_referent"])
        response = client.post(
            organisation_url(world["lyon"], "invitation_resend", invitation.pk), follow=True
        )

    assertContains(response, f"Invitation renvoyée à {AGENT}.")
    assertContains(response, "jusqu’au 23 décembre 2026")
    first, second = smtp_server.received
    assert (second.recipients, second.to, second.subject) == (
        first.recipients,
        first.to,
        first.subject,
    )
    assert "Cette invitation est valable jusqu’au 3 décembre 2026." in first.body
    assert "Cette invitation est valable jusqu’au 23 décembre 2026." in second.body
    invitation.refresh_from_db()
    assert invitation.sent_at == datetime(2026, 11, 23, 10, tzinfo=PARIS)
    event = AuditEvent.objects.get(action=AuditAction.INVITATION_RESENT)
    assert (event.actor, event.organisation) == (world["lyon_referent"], world["lyon"])
    assert event.detail == {"email": AGENT, "invitation": invitation.pk, "expired": False}


# ------------------------------------------------------------------ cancelling


def test_a_cancelled_invitation_is_not_accepted_at_the_next_sign_in(
    client, providers, world, smtp_server
):
    client.force_login(world["lyon_referent"])
    invite(client, world["lyon"], role=Role.REFERENT)
    invitation = Invitation.objects.get()

    response = client.post(
        organisation_url(world["lyon"], "invitation_cancel", invitation.pk), follow=True
    )

    assertContains(response, f"Invitation à {AGENT} annulée.")
    assertNotContains(response, f"<td>{AGENT}</td>", html=True)
    assert not joined(client, world)
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    assert invitation.accepted_at is None
    event = AuditEvent.objects.get(action=AuditAction.INVITATION_CANCELLED)
    assert (event.actor, event.detail["email"]) == (world["lyon_referent"], AGENT)
    # Only the first e-mail was sent: cancelling mails nobody.
    assert len(smtp_server.received) == 1


def test_a_cancelled_invitation_does_not_block_a_new_one(client, providers, world, smtp_server):
    client.force_login(world["lyon_referent"])
    invite(client, world["lyon"])
    cancelled = Invitation.objects.get()
    client.post(organisation_url(world["lyon"], "invitation_cancel", cancelled.pk))

    response = invite(client, world["lyon"], role=Role.REFERENT)

    assertContains(response, f"Invitation envoyée à {AGENT}.")
    assert [received.to for received in smtp_server.received] == [AGENT, AGENT]
    assert joined(client, world)
    assert signed_in_user(client).memberships.get().role == Role.REFERENT


def test_a_decided_invitation_cannot_be_cancelled_or_resent(client, world, smtp_server):
    client.force_login(world["lyon_referent"])
    invitation = Invitation.objects.create(organisation=world["lyon"], email=AGENT)
    client.post(organisation_url(world["lyon"], "invitation_cancel", invitation.pk))

    again = client.post(
        organisation_url(world["lyon"], "invitation_cancel", invitation.pk), follow=True
    )
    resend = client.post(
        organisation_url(world["lyon"], "invitation_resend", invitation.pk), follow=True
    )

    for response in (again, resend):
        assertContains(
            response, "Cette invitation n’est plus en attente : elle a été acceptée ou annulée."
        )
    assert not smtp_server.received
    assert AuditEvent.objects.filter(action=AuditAction.INVITATION_CANCELLED).count() == 1


def test_a_pending_invitation_blocks_a_second_one(client, world, smtp_server):
    client.force_login(world["lyon_referent"])
    invite(client, world["lyon"])

    response = invite(client, world["lyon"])

    assertContains(
        response, "Une invitation est déjà en attente pour cette adresse.", status_code=400
    )
    assert Invitation.objects.count() == 1
    assert len(smtp_server.received) == 1


# ------------------------------------------------------------------ expiry


def invite_days_ago(client, world, days: int, role=Role.MEMBRE) -> Invitation:
    with time_machine.travel(timezone.now() - timedelta(days=days)):
        client.force_login(world["lyon_referent"])
        invite(client, world["lyon"], role=role)
    client.force_login(world["lyon_referent"])
    return Invitation.objects.get()


def test_an_expired_invitation_is_not_accepted_and_is_shown_expired(
    client, providers, world, smtp_server
):
    invitation = invite_days_ago(client, world, 31)

    page = client.get(organisation_url(world["lyon"]))

    assertContains(page, EXPIRED, html=True)
    assertContains(page, f'Renvoyer<span class="fr-sr-only"> l’invitation à {AGENT}</span>')
    assert not joined(client, world)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_invitation_still_valid_is_accepted_and_shows_until_when(
    client, providers, world, smtp_server
):
    invite_days_ago(client, world, 29)

    page = client.get(organisation_url(world["lyon"]))

    until = date_format(timezone.localtime(Invitation.objects.get().expires_at), "j F Y")
    assertContains(page, f"jusqu’au {until}")
    assertNotContains(page, EXPIRED, html=True)
    assert joined(client, world)


def test_the_validity_is_a_setting(client, providers, world, smtp_server, settings):
    settings.INVITATION_VALIDITY_DAYS = 7
    invite_days_ago(client, world, 8)

    assertContains(client.get(organisation_url(world["lyon"])), EXPIRED, html=True)
    assert not joined(client, world)


def test_resending_an_expired_invitation_renews_it(client, providers, world, smtp_server):
    invitation = invite_days_ago(client, world, 45, role=Role.REFERENT)

    response = client.post(
        organisation_url(world["lyon"], "invitation_resend", invitation.pk), follow=True
    )

    assertContains(response, f"Invitation renvoyée à {AGENT}.")
    assertNotContains(response, EXPIRED, html=True)
    assert len(smtp_server.received) == 2
    assert AuditEvent.objects.get(action=AuditAction.INVITATION_RESENT).detail["expired"] is True
    assert joined(client, world)
    assert signed_in_user(client).memberships.get().role == Role.REFERENT


def test_an_expired_invitation_does_not_block_a_new_one(client, providers, world, smtp_server):
    invite_days_ago(client, world, 31)

    response = invite(client, world["lyon"], role=Role.REFERENT)

    assertContains(response, f"Invitation envoyée à {AGENT}.")
    assert len(smtp_server.received) == 2
    assert "« Référent »" in smtp_server.received[1].body
    assert joined(client, world)
    assert signed_in_user(client).memberships.get().role == Role.REFERENT


# ------------------------------------------------------------------ who may do what


@pytest.mark.parametrize("action", ["invitation_resend", "invitation_cancel"])
@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("lyon_member", 403),
        ("marseille_referent", 404),
        ("marseille_member", 404),
    ],
)
def test_only_referents_and_staff_manage_invitations(
    client, world, smtp_server, action, who, status
):
    invitation = Invitation.objects.create(
        organisation=world["lyon"], email=AGENT, invited_by=world["lyon_referent"]
    )
    sent_at = invitation.sent_at
    if who:
        client.force_login(world[who])
    url = organisation_url(world["lyon"], action, invitation.pk)

    response = client.post(url)

    assert response.status_code == status
    if who is None:
        assertRedirects(
            response, f"{reverse('accounts:login')}?next={url}", fetch_redirect_response=False
        )
    invitation.refresh_from_db()
    assert (invitation.sent_at, invitation.cancelled_at) == (sent_at, None)
    assert not smtp_server.received
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.INVITATION_RESENT, AuditAction.INVITATION_CANCELLED]
    ).exists()


@pytest.mark.parametrize("who", ["lyon_referent", "staff"])
def test_referents_and_staff_resend_and_cancel(client, world, smtp_server, who):
    invitation = Invitation.objects.create(organisation=world["lyon"], email=AGENT)
    client.force_login(world[who])

    resend = client.post(organisation_url(world["lyon"], "invitation_resend", invitation.pk))
    cancel = client.post(organisation_url(world["lyon"], "invitation_cancel", invitation.pk))

    for response in (resend, cancel):
        assertRedirects(response, organisation_url(world["lyon"]))
    assert [received.to for received in smtp_server.received] == [AGENT]
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    actors = AuditEvent.objects.filter(
        action__in=[AuditAction.INVITATION_RESENT, AuditAction.INVITATION_CANCELLED]
    ).values_list("actor", flat=True)
    assert list(actors) == [world[who].pk, world[who].pk]


@pytest.mark.parametrize("action", ["invitation_resend", "invitation_cancel"])
def test_an_invitation_of_another_organisation_is_not_found(client, world, smtp_server, action):
    invitation = Invitation.objects.create(organisation=world["marseille"], email=AGENT)
    client.force_login(world["lyon_referent"])

    response = client.post(organisation_url(world["lyon"], action, invitation.pk))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None
    assert not smtp_server.received


@pytest.mark.parametrize("action", ["invitation_resend", "invitation_cancel"])
def test_invitation_actions_are_post_only(client, world, action):
    invitation = Invitation.objects.create(organisation=world["lyon"], email=AGENT)
    client.force_login(world["lyon_referent"])

    assert client.get(organisation_url(world["lyon"], action, invitation.pk)).status_code == 405


def test_resending_and_cancelling_are_in_the_staff_audit_log(client, world, smtp_server):
    invitation = Invitation.objects.create(organisation=world["lyon"], email=AGENT)
    client.force_login(world["lyon_referent"])
    client.post(organisation_url(world["lyon"], "invitation_resend", invitation.pk))
    client.post(organisation_url(world["lyon"], "invitation_cancel", invitation.pk))
    client.force_login(world["staff"])

    everything = client.get(reverse("accounts:staff_audit"))
    cancelled = client.get(
        reverse("accounts:staff_audit"), {"action": AuditAction.INVITATION_CANCELLED}
    )

    assertContains(everything, "<td>Invitation renvoyée</td>", html=True)
    assertContains(everything, "<td>Invitation annulée</td>", html=True)
    assertContains(cancelled, "<td>Invitation annulée</td>", html=True)
    assertNotContains(cancelled, "<td>Invitation renvoyée</td>", html=True)
    assertContains(cancelled, f"email : {AGENT}")
