"""The référent role: the first agent of a collectivité gets it; a member asks for it, and a
référent of the organisation (or staff) decides, logged and audited."""

import pytest
from django.test.client import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from territoires.accounts.enums import AuditAction, RequestStatus, Role
from territoires.accounts.models import AuditEvent, Membership, ReferentRequest
from tests.accounts.conftest import organisation_url, sign_in, signed_in_user
from tests.observatory.conftest import visible_text


def test_the_first_agent_of_a_collectivite_becomes_referent_the_next_ones_members(
    client, providers, lyon
):
    sign_in(client, "proconnect", "camille")
    camille = signed_in_user(client)
    other = Client()
    sign_in(other, "proconnect", "lucas")
    lucas = signed_in_user(other)

    assert Membership.objects.get(user=camille).role == Role.REFERENT
    assert Membership.objects.get(user=lucas).role == Role.MEMBRE
    assert Membership.objects.get(user=camille).organisation_id == (
        Membership.objects.get(user=lucas).organisation_id
    )


def ask(client, organisation, reason=""):
    return client.post(organisation_url(organisation, "referent_request"), {"reason": reason})


def decide(client, organisation, referent_request, decision, comment=""):
    prefix = f"referent-{referent_request.pk}"
    return client.post(
        organisation_url(organisation, "referent_request_decide", referent_request.pk),
        {f"{prefix}-decision": decision, f"{prefix}-comment": comment},
        follow=True,
    )


def test_a_member_asks_for_the_referent_role_and_a_referent_accepts(client, world):
    lyon, member = world["lyon"], world["lyon_member"]
    client.force_login(member)
    page = client.get(organisation_url(lyon))
    assertContains(page, "Demander le rôle de référent")

    response = ask(client, lyon, "Je pilote l’évaluation.")

    assertRedirects(response, organisation_url(lyon))
    referent_request = ReferentRequest.objects.get()
    assert (referent_request.status, referent_request.reason) == (
        RequestStatus.PENDING,
        "Je pilote l’évaluation.",
    )
    assert "attend la décision d’un référent" in visible_text(client.get(organisation_url(lyon)))

    client.force_login(world["lyon_referent"])
    page = visible_text(client.get(organisation_url(lyon)))
    assert "Demandes du rôle de référent" in page
    assert "motif : Je pilote l’évaluation." in page
    response = decide(client, lyon, referent_request, "accepter")

    assertContains(response, f"{member} est maintenant référent de l’organisation.")
    assert Membership.objects.get(user=member, organisation=lyon).role == Role.REFERENT
    referent_request.refresh_from_db()
    assert referent_request.status == RequestStatus.ACCEPTED
    assert list(referent_request.transitions.values_list("from_status", "to_status", "actor")) == [
        ("", RequestStatus.PENDING, member.pk),
        (RequestStatus.PENDING, RequestStatus.ACCEPTED, world["lyon_referent"].pk),
    ]
    assert list(
        AuditEvent.objects.filter(subject=member).values_list("action", flat=True).order_by("pk")
    ) == [AuditAction.REFERENT_REQUESTED, AuditAction.REFERENT_REQUEST_ACCEPTED]


def test_a_refusal_needs_its_reason_which_the_member_then_reads(client, world):
    lyon, member = world["lyon"], world["lyon_member"]
    client.force_login(member)
    ask(client, lyon)
    referent_request = ReferentRequest.objects.get()
    client.force_login(world["lyon_referent"])

    response = decide(client, lyon, referent_request, "refuser")

    assertContains(response, "Indiquez le motif du refus : il est montré au demandeur.")
    referent_request.refresh_from_db()
    assert referent_request.status == RequestStatus.PENDING
    assert referent_request.transitions.count() == 1

    decide(client, lyon, referent_request, "refuser", "Un seul référent pour l’instant.")

    referent_request.refresh_from_db()
    assert referent_request.status == RequestStatus.REFUSED
    assert Membership.objects.get(user=member, organisation=lyon).role == Role.MEMBRE
    client.force_login(member)
    page = visible_text(client.get(organisation_url(lyon)))
    assert "Votre demande précédente a été refusée" in page
    assert "Un seul référent pour l’instant." in page
    assert "Demander le rôle de référent" in page


def test_asking_twice_or_as_a_referent_is_refused_in_french_and_changes_nothing(client, world):
    lyon = world["lyon"]
    client.force_login(world["lyon_member"])
    ask(client, lyon)

    response = ask(client, lyon)

    assert "Votre demande du rôle de référent est déjà en attente." in visible_text(
        client.get(response["Location"])
    )
    client.force_login(world["lyon_referent"])
    response = client.get(ask(client, lyon)["Location"])
    assert "Vous êtes déjà référent de cette organisation." in visible_text(response)
    assert ReferentRequest.objects.count() == 1
    assert "Demander le rôle de référent" not in visible_text(response)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "other_referent"])
def test_only_the_organisations_referents_and_staff_decide(client, world, who):
    lyon = world["lyon"]
    member = world["lyon_member"]
    client.force_login(member)
    ask(client, lyon)
    referent_request = ReferentRequest.objects.get()
    client.logout()
    if who == "outsider":
        client.force_login(world["marseille_member"])
    elif who == "member":
        client.force_login(member)
    elif who == "other_referent":
        client.force_login(world["marseille_referent"])
    prefix = f"referent-{referent_request.pk}"

    response = client.post(
        organisation_url(lyon, "referent_request_decide", referent_request.pk),
        {f"{prefix}-decision": "accepter"},
    )

    expected = {"anonymous": 302, "outsider": 404, "member": 403, "other_referent": 404}[who]
    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    referent_request.refresh_from_db()
    assert referent_request.status == RequestStatus.PENDING
    assert Membership.objects.get(user=member, organisation=lyon).role == Role.MEMBRE


def test_an_outsider_cannot_ask_for_the_role_in_another_organisation(client, world):
    client.force_login(world["marseille_member"])

    assert ask(client, world["lyon"]).status_code == 404
    assert not ReferentRequest.objects.exists()


def test_staff_sees_every_pending_request_and_decides_where_no_referent_is_left(client, world):
    lyon = world["lyon"]
    Membership.objects.filter(user=world["lyon_referent"]).delete()
    client.force_login(world["lyon_member"])
    ask(client, lyon)
    referent_request = ReferentRequest.objects.get()
    client.force_login(world["staff"])

    staff_page = visible_text(client.get(reverse("accounts:staff_requests")))
    decide(client, lyon, referent_request, "accepter")

    assert f"Lyon : {world['lyon_member']}" in staff_page
    assert Membership.objects.get(user=world["lyon_member"]).role == Role.REFERENT
