"""The e-mail an agent receives when staff accepts or refuses their membership request, on a
real SMTP server; a failing server never undoes the decision."""

import logging

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from territoires.accounts.enums import OrganisationKind, RequestStatus
from territoires.accounts.models import MembershipRequest, Organisation
from territoires.core.models import OutgoingEmail
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.jobs import scheduled_jobs

pytestmark = pytest.mark.django_db

REASON = "Le SIREN est celui d’une entreprise privée : seuls les organismes publics sont admis."


@pytest.fixture
def pending(world):
    """A pending request of Lyon's member, for a SIREN no organisation has yet."""
    return MembershipRequest.objects.create(
        user=world["lyon_member"], siren="200012345", siret="20001234500018"
    )


def decide(client, request, decision, **fields):
    prefix = f"demande-{request.pk}-"
    data = {prefix + "decision": decision} | {
        prefix + name: value for name, value in fields.items()
    }
    return client.post(
        reverse("accounts:staff_request_decide", args=[request.pk]), data, follow=True
    )


def accept(client, request, comment=""):
    return decide(
        client,
        request,
        "accepter",
        organisation_name="Numérique 01",
        organisation_kind="opsn",
        comment=comment,
    )


def test_the_agent_is_told_of_the_acceptance_with_a_link_to_sign_in(
    client, world, pending, smtp_server, settings
):
    settings.SITE_URL = "https://territoires.example"
    client.force_login(world["staff"])

    response = accept(client, pending, comment="Bienvenue dans le réseau !")

    assertContains(response, "Demande de Membre acceptée.")
    assertNotContains(response, "fr-alert--warning")
    [received] = smtp_server.received
    assert received.recipients == ["membre@lyon.fr"]
    assert received.to == "membre@lyon.fr"
    assert received.subject == "Votre demande de rattachement à Numérique 01 est acceptée"
    assert received.body == (
        "Bonjour,\n\n"
        "L’équipe du réseau a accepté votre demande de rattachement à Numérique 01 sur "
        "Territoires numériques : vous en êtes maintenant membre.\n\n"
        "Commentaire de l’équipe : Bienvenue dans le réseau !\n\n"
        "Connectez-vous avec ProConnect pour accéder à son espace : "
        "https://territoires.example/compte/connexion/\n"
    )


def test_an_accepted_request_names_the_organisation_it_created_on_the_agents_account(
    client, world, pending, smtp_server
):
    client.force_login(world["staff"])
    accept(client, pending, comment="Bienvenue")

    client.force_login(world["lyon_member"])
    response = client.get(reverse("accounts:account"))

    pending.refresh_from_db()
    assert pending.status == RequestStatus.ACCEPTED
    assert pending.organisation == Organisation.objects.get(siren="200012345")
    assertContains(
        response,
        "<tr><td>200012345</td><td>Numérique 01</td><td>Acceptée</td><td>Bienvenue</td></tr>",
        html=True,
    )


def test_the_agent_is_told_of_the_refusal_and_its_reason(client, world, pending, smtp_server):
    known = OrganisationFactory(name="Numérique 01", siren="200012345", kind=OrganisationKind.OPSN)
    pending.organisation = known
    pending.save()
    client.force_login(world["staff"])

    response = decide(client, pending, "refuser", comment=f"  {REASON}  ")

    assertContains(response, "Demande de Membre refusée.")
    [received] = smtp_server.received
    assert received.recipients == ["membre@lyon.fr"]
    assert (
        received.subject == "Votre demande de rattachement sur Territoires numériques est refusée"
    )
    assert received.body == (
        "Bonjour,\n\n"
        "L’équipe du réseau a refusé votre demande de rattachement à l’organisation "
        "Numérique 01 sur Territoires numériques.\n\n"
        f"Motif : {REASON}\n"
    )


def test_a_refusal_for_an_unknown_siren_names_the_siren(client, world, pending, smtp_server):
    client.force_login(world["staff"])

    decide(client, pending, "refuser", comment=REASON)

    [received] = smtp_server.received
    assert "rattachement à l’organisation de SIREN 200012345 sur" in received.body


def test_a_refusal_without_reason_mails_nobody(client, world, pending, smtp_server):
    client.force_login(world["staff"])

    response = decide(client, pending, "refuser", comment="   ")

    assertContains(response, "Indiquez le motif du refus")
    assert not smtp_server.received


@pytest.mark.parametrize("decision", ["accepter", "refuser"])
@pytest.mark.parametrize("failure", ["recipient refused", "server down"])
def test_a_failed_email_keeps_the_decision_and_waits_for_a_retry(
    client, world, pending, smtp_server, caplog, decision, failure
):
    client.force_login(world["staff"])
    if failure == "recipient refused":
        smtp_server.refuse_recipients()
    else:
        smtp_server.stop()

    with caplog.at_level(logging.WARNING, logger="territoires.core.tasks"):
        if decision == "accepter":
            response = accept(client, pending)
        else:
            response = decide(client, pending, "refuser", comment=REASON)

    assert response.status_code == 200
    assertContains(response, "Le courriel à membre@lyon.fr part dans quelques instants.")
    assertNotContains(response, "fr-alert--warning")
    pending.refresh_from_db()
    if decision == "accepter":
        assert pending.status == RequestStatus.ACCEPTED
        assert world["lyon_member"].memberships.filter(organisation__siren="200012345").exists()
    else:
        assert (pending.status, pending.comment) == (RequestStatus.REFUSED, REASON)
    assert not smtp_server.received
    [email] = OutgoingEmail.objects.all()
    assert (email.to, email.status, email.attempts) == ("membre@lyon.fr", "pending", 1)
    [record] = [record for record in caplog.records if record.name == "territoires.core.tasks"]
    assert "membre@lyon.fr" in record.getMessage()
    assert len(scheduled_jobs()) == 1


@pytest.mark.parametrize("decision", ["accepter", "refuser"])
def test_an_agent_without_an_email_address_gets_no_email(client, world, smtp_server, decision):
    agent = UserFactory(email=None, first_name="Sans", last_name="Adresse")
    request = MembershipRequest.objects.create(
        user=agent, siren="200012345", siret="20001234500018"
    )
    client.force_login(world["staff"])

    if decision == "accepter":
        response = accept(client, request)
    else:
        response = decide(client, request, "refuser", comment=REASON)

    assertContains(
        response, "Aucun courriel envoyé : Sans Adresse n’a pas d’adresse électronique connue."
    )
    assert not smtp_server.received
    request.refresh_from_db()
    assert request.status != RequestStatus.PENDING
