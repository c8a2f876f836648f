"""Full sign-in and sign-out flows with the two real OpenID providers started on loopback."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from territoires.accounts.enums import AuditAction, OrganisationKind, Provider, Role
from territoires.accounts.models import AuditEvent, Identity, Membership, MembershipRequest
from tests.accounts.conftest import sign_in, signed_in_user, start_sign_in
from tests.observatory.conftest import visible_text
from tests.oidc.server import (
    browser_session,
    decode_segment,
    provider_session_open,
    query_of,
    sign_out_at_provider,
)

pytestmark = pytest.mark.django_db


def test_franceconnect_sign_in_asks_only_what_we_use_and_opens_a_session(client, providers):
    result = sign_in(client, "franceconnect", "marie")

    request = query_of(result.authorization_url)
    assert request["scope"] == "openid given_name family_name email"
    assert request["acr_values"] == "eidas1"
    assert request["response_type"] == "code"
    assert request["redirect_uri"] == "http://testserver/compte/connexion/franceconnect/retour/"
    assert len(request["state"]) >= 32
    assert len(request["nonce"]) >= 32
    assert request["code_challenge_method"] == "S256"
    callback = query_of(result.callback_url)
    assert callback["iss"] == providers["franceconnect"].issuer
    assertRedirects(result.response, reverse("accounts:account"), fetch_redirect_response=False)

    user = signed_in_user(client)
    assert user.get_full_name() == "Marie Dupont"
    assert user.email == "marie.dupont@exemple.fr"
    identity = Identity.objects.get(user=user)
    assert identity.provider == Provider.FRANCECONNECT
    # Pairwise subject: not the provider's account id.
    assert identity.sub != "marie" and len(identity.sub) == 64
    # Minimisation: nothing else is kept (the provider has the birth date, we do not ask it).
    assert identity.claims == {
        "email": "marie.dupont@exemple.fr",
        "given_name": "Marie",
        "family_name": "Dupont",
    }
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN, actor=user).count() == 1
    page = client.get(reverse("accounts:account"))
    assertContains(page, "Marie Dupont")
    assertContains(page, "Connexion réussie avec FranceConnect.")
    text = visible_text(page)
    assert "Prénoms : Marie" in text
    assert "Nom de naissance : Dupont" in text
    assert "Adresse électronique : marie.dupont@exemple.fr" in text
    assert "given_name" not in text and "family_name" not in text


def test_proconnect_first_sign_in_makes_the_agent_a_member_of_their_collectivite(
    client, providers, lyon
):
    result = sign_in(client, "proconnect", "camille")

    assertRedirects(result.response, reverse("accounts:account"), fetch_redirect_response=False)
    user = signed_in_user(client)
    assert user.get_full_name() == "Camille Martin"
    identity = Identity.objects.get(user=user)
    assert identity.sub == "proconnect-camille"
    assert identity.claims["siret"] == "21690123100011"
    assert identity.claims["idp_id"] == "idp-collectivites"
    text = visible_text(client.get(reverse("accounts:account")))
    assert "Prénoms : Camille" in text
    assert "Nom d’usage : Martin" in text
    assert "Identifiant chez le fournisseur d’identité de l’agent : cmartin" in text
    assert "SIRET de l’employeur : 21690123100011" in text
    assert "Fournisseur d’identité de l’agent : idp-collectivites" in text
    for raw in ("given_name", "usual_name", "uid :", "idp_id", "siret :"):
        assert raw not in text
    membership = Membership.objects.get(user=user)
    assert membership.organisation.territory == lyon
    assert membership.organisation.kind == OrganisationKind.COLLECTIVITE
    assert membership.organisation.siren == "216901231"
    # The collectivité had nobody yet: its first agent is its référent (test_referent_requests).
    assert membership.role == Role.REFERENT
    assert AuditEvent.objects.filter(
        action=AuditAction.MEMBERSHIP_CREATED, subject=user, detail__reason="siret"
    ).exists()
    # Mon organisation leads to it.
    response = client.get(reverse("accounts:my_organisation"))
    assertRedirects(response, reverse("accounts:organisation", args=[membership.organisation_id]))


@pytest.mark.parametrize("siret", ["200 012 345 00018", "200\u202f012\u202f345\u202f00018"])
def test_a_siret_written_with_spaces_is_stored_as_its_14_digits(client, providers, world, siret):
    # The provider signs a userinfo whose SIRET is written the way people write it.
    providers["proconnect"].tamper("userinfo", claims={"siret": siret})

    sign_in(client, "proconnect", "opsn")

    agent = signed_in_user(client)
    assert agent is not None
    assert Identity.objects.get(user=agent).claims["siret"] == siret  # as the provider sent it
    request = MembershipRequest.objects.get(user=agent)
    assert (request.siren, request.siret) == ("200012345", "20001234500018")
    client.force_login(world["staff"])
    page = visible_text(client.get(reverse("accounts:staff_requests")))
    assert "SIRET 20001234500018" in page
    assert "SIREN 200012345" in page


def test_a_second_agent_of_the_same_collectivite_joins_the_same_organisation(
    client, providers, lyon
):
    sign_in(client, "proconnect", "camille")
    client.post(reverse("accounts:logout"))
    sign_in(client, "proconnect", "lucas")

    organisation = lyon.organisation
    assert organisation.memberships.count() == 2


def test_users_are_identified_by_provider_and_sub_not_by_email(client, providers):
    sign_in(client, "franceconnect", "marie")
    first = signed_in_user(client)
    client.post(reverse("accounts:logout"))
    sign_in(client, "franceconnect", "marie")
    assert signed_in_user(client) == first
    assert Identity.objects.filter(user=first).count() == 1


def test_both_providers_work_at_once(client, providers, lyon):
    sign_in(client, "franceconnect", "karim")
    citizen = signed_in_user(client)
    client.post(reverse("accounts:logout"))
    sign_in(client, "proconnect", "camille")
    agent = signed_in_user(client)

    assert citizen != agent
    assert {i.provider for i in Identity.objects.all()} == {"franceconnect", "proconnect"}


@pytest.mark.parametrize("stay_signed_in", [False, True], ids=["signed-out-there", "stays-there"])
@pytest.mark.parametrize(
    ("provider", "login"), [("franceconnect", "marie"), ("proconnect", "camille")]
)
def test_sign_out_ends_the_session_here_and_says_only_what_is_known_of_the_provider(
    client, providers, provider, login, stay_signed_in
):
    browser = browser_session()
    sign_in(client, provider, login, browser=browser)
    id_token = client.session["oidc_login"]["id_token"]
    user = signed_in_user(client)

    response = client.post(reverse("accounts:logout"))

    assert signed_in_user(client) is None
    end_session = response["Location"]
    assert end_session.startswith(f"{providers[provider].issuer}/session/end?")
    params = query_of(end_session)
    assert params["id_token_hint"] == id_token
    assert params["post_logout_redirect_uri"] == "http://testserver/compte/deconnexion/retour/"
    assert len(params["state"]) >= 32
    assert decode_segment(id_token, 1)["iss"] == providers[provider].issuer

    back = sign_out_at_provider(end_session, stay_signed_in=stay_signed_in, browser=browser)
    assert query_of(back)["state"] == params["state"]
    response = client.get(back, follow=True)
    label = Provider(provider).label
    assertContains(response, "Déconnexion réussie : votre session sur ce site est fermée.")
    # The provider sends the browser back the same way in both cases: the site never claims
    # that the person left the provider, and says what « Rester connecté » means.
    assertContains(
        response,
        f"si vous avez choisi « Rester connecté », votre session {label} reste ouverte",
    )
    assertNotContains(response, f"et de {label}")
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_OUT, actor=user).exists()
    # What the provider did: with « Rester connecté » it still knows the browser and signs it
    # in again without its sign-in page; otherwise it asks for the account again.
    assert provider_session_open(start_sign_in(client, provider), browser) is stay_signed_in
    assert signed_in_user(client) is None


def test_sign_out_return_with_another_state_is_refused_and_logged(client, providers):
    sign_in(client, "franceconnect", "marie")
    response = client.post(reverse("accounts:logout"))
    back = sign_out_at_provider(response["Location"])
    tampered = back.replace("state=", "state=x")

    response = client.get(tampered, follow=True)

    assertContains(response, "Déconnexion réussie : votre session sur ce site est fermée.")
    assertContains(response, "Le retour du fournisseur d’identité n’a pas pu être vérifié")
    assertNotContains(response, "Rester connecté")
    assert signed_in_user(client) is None
    assert AuditEvent.objects.filter(
        action=AuditAction.SIGN_OUT_FAILED, detail__reason="logout_state_mismatch"
    ).exists()


def test_hs256_is_accepted_where_configured_with_plain_json_userinfo(
    client, settings, providers, lyon
):
    server = providers["proconnect"]
    settings.OIDC_PROVIDERS = {
        "proconnect": server.settings(
            client_id=server.hs256_client_id,
            signing_algorithm="HS256",
            userinfo_signing_algorithm="none",
        )
    }

    result = sign_in(client, "proconnect", "camille")

    assertRedirects(result.response, reverse("accounts:account"), fetch_redirect_response=False)
    assert signed_in_user(client).get_full_name() == "Camille Martin"


def test_a_departement_agent_joins_their_departement_at_first_sign_in(client, providers, imported):
    """The SIREN of départements comes from the project's checked file, not the npm package."""
    sign_in(client, "proconnect", "nievre")

    membership = Membership.objects.get(user=signed_in_user(client))
    organisation = membership.organisation
    assert (organisation.territory.kind, organisation.territory.code) == ("departement", "58")
    assert (organisation.name, organisation.siren) == ("Nièvre", "225800010")
    assert organisation.kind == OrganisationKind.COLLECTIVITE
    assert membership.role == Role.REFERENT
    assert not MembershipRequest.objects.exists()
