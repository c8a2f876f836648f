"""Invitations a référent manages: the e-mail a real SMTP server receives and a failing
server."""

import logging

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from territoires.accounts.enums import Role
from territoires.accounts.models import Invitation
from tests.accounts.conftest import organisation_url

pytestmark = pytest.mark.django_db

AGENT = "sophie.lefebvre@opsn.exemple.fr"  # the "opsn" account of the ProConnect test provider
NOT_SENT = (
    f"L’invitation à {AGENT} est enregistrée, mais le courriel n’a pas pu être envoyé : "
    "renvoyez-la plus tard."
)


def invite(client, organisation, email=AGENT, role=Role.MEMBRE):
    return client.post(
        organisation_url(organisation, "organisation_invite"),
        {"email": email, "role": role},
        follow=True,
    )


# ------------------------------------------------------------------ a failing SMTP server


@pytest.mark.parametrize("failure", ["recipient refused", "server down"])
def test_an_invitation_whose_email_fails_is_kept_and_the_referent_is_told(
    client, world, smtp_server, caplog, failure
):
    client.force_login(world["lyon_referent"])
    if failure == "recipient refused":
        smtp_server.refuse_recipients()
    else:
        smtp_server.stop()

    with caplog.at_level(logging.ERROR, logger="territoires.core.mail"):
        response = invite(client, world["lyon"])

    assert response.status_code == 200
    assertContains(response, NOT_SENT)
    assertContains(response, "fr-alert--warning")
    assertNotContains(response, "Invitation envoyée")
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.accepted_at) == (AGENT, None)
    assert not smtp_server.received
    [record] = [record for record in caplog.records if record.name == "territoires.core.mail"]
    assert AGENT in record.getMessage()
    assert (
        "550" if failure == "recipient refused" else "Connection refused"
    ) in record.getMessage()
    # The invitation is listed as pending.
    page = client.get(organisation_url(world["lyon"]))
    assertContains(page, f"<td>{AGENT}</td>", html=True)
