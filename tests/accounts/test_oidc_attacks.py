"""Every attack on the sign-in ends with no session, a French page and a logged event.

The providers are the real loopback servers. Where an attack needs a token the honest
provider would never issue, its test-only endpoint makes it re-sign what its token or
userinfo endpoint returns; our relying party fetches it from the real endpoint as usual.
"""

import time

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains

from territoires.accounts.enums import AuditAction
from territoires.accounts.models import AuditEvent, User
from tests.accounts.conftest import sign_in, signed_in_user, start_sign_in
from tests.oidc.server import go_through_provider, query_of

pytestmark = pytest.mark.django_db


def assert_refused(client, response, reason: str, message: str = "Aucune session n’a été ouverte"):
    assert response.status_code == 400
    assertContains(response, "Connexion impossible", status_code=400)
    assertContains(response, message, status_code=400)
    assertContains(response, "Réessayer de se connecter", status_code=400)
    assert signed_in_user(client) is None
    assert "oidc_login" not in client.session
    event = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).latest("pk")
    assert event.detail["reason"] == reason
    return event


def test_tampered_state(client, providers):
    url = start_sign_in(client, "franceconnect")
    callback = go_through_provider(url, "marie")
    state = query_of(callback)["state"]

    response = client.get(callback.replace(state, state[:-4] + "AAAA"))

    assert_refused(client, response, "state_unknown", "a expiré ou a déjà été utilisée")
    assert not User.objects.exists()


def test_replayed_state_in_the_same_browser(client, providers):
    result = sign_in(client, "franceconnect", "marie")
    assert signed_in_user(client) is not None
    client.post(reverse("accounts:logout"))

    response = client.get(result.callback_url)

    assert_refused(client, response, "state_unknown")


def test_callback_replayed_in_another_browser(client, django_user_model, providers):
    from django.test import Client

    url = start_sign_in(client, "proconnect")
    callback = go_through_provider(url, "camille")
    attacker = Client()

    response = attacker.get(callback)

    assert_refused(attacker, response, "state_unknown")
    assert not django_user_model.objects.exists()


def test_expired_state(client, providers):
    url = start_sign_in(client, "franceconnect")
    callback = go_through_provider(url, "marie")

    with time_machine.travel(time.time() + 11 * 60):
        response = client.get(callback)

    assert_refused(client, response, "state_expired")


def test_callback_iss_of_the_other_provider(client, providers):
    url = start_sign_in(client, "franceconnect")
    callback = go_through_provider(url, "marie")
    genuine = providers["franceconnect"].issuer
    other = providers["proconnect"].issuer

    response = client.get(callback.replace(genuine.replace(":", "%3A").replace("/", "%2F"), other))

    assert_refused(client, response, "callback_wrong_issuer", "ne provient pas du fournisseur")


def test_callback_on_the_other_providers_url(client, providers):
    url = start_sign_in(client, "franceconnect")
    callback = go_through_provider(url, "marie")

    response = client.get(callback.replace("/franceconnect/", "/proconnect/"))

    assert_refused(client, response, "state_other_provider", "ne provient pas du fournisseur")


def test_wrong_nonce(client, providers):
    providers["franceconnect"].tamper("id_token", claims={"nonce": "n" * 43})

    response = sign_in(client, "franceconnect", "marie").response

    assert_refused(client, response, "id_token_wrong_nonce")


def test_id_token_for_another_audience(client, providers):
    providers["proconnect"].tamper("id_token", claims={"aud": "another-service"})

    response = sign_in(client, "proconnect", "camille").response

    assert_refused(client, response, "id_token_wrong_audience")


def test_expired_id_token(client, providers):
    now = int(time.time())
    providers["franceconnect"].tamper("id_token", claims={"iat": now - 7200, "exp": now - 3600})

    response = sign_in(client, "franceconnect", "marie").response

    assert_refused(client, response, "id_token_expired")


def test_id_token_from_another_issuer(client, providers):
    providers["franceconnect"].tamper("id_token", claims={"iss": providers["proconnect"].issuer})

    response = sign_in(client, "franceconnect", "marie").response

    assert_refused(client, response, "id_token_wrong_issuer")


@pytest.mark.parametrize("provider", ["franceconnect", "proconnect"])
def test_alg_none(client, providers, provider):
    providers[provider].tamper("id_token", sign="none")

    response = sign_in(client, provider, "marie" if provider == "franceconnect" else "camille")

    event = assert_refused(client, response.response, "id_token_wrong_algorithm")
    assert "'none'" in event.detail["detail"]


@pytest.mark.parametrize("provider", ["franceconnect", "proconnect"])
def test_hs256_signed_with_the_public_key(client, providers, provider):
    providers[provider].tamper("id_token", sign="hs256-public-key")

    response = sign_in(client, provider, "marie" if provider == "franceconnect" else "camille")

    assert_refused(client, response.response, "id_token_wrong_algorithm")


def test_hs256_signed_with_the_public_key_where_hs256_is_configured(client, settings, providers):
    """Even for a client registered with HS256, only the client secret is a valid key."""
    server = providers["proconnect"]
    settings.OIDC_PROVIDERS = {
        "proconnect": server.settings(
            client_id=server.hs256_client_id,
            signing_algorithm="HS256",
            userinfo_signing_algorithm="none",
        )
    }
    server.tamper("id_token", sign="hs256-public-key")

    response = sign_in(client, "proconnect", "camille").response

    assert_refused(client, response, "id_token_bad_signature")


def test_signature_of_a_modified_token_fails(client, providers):
    """A valid header and signature on other claims: the signature check catches it."""
    providers["franceconnect"].tamper("id_token", claims={"sub": "someone-else"}, sign="rogue")

    response = sign_in(client, "franceconnect", "marie").response

    assert_refused(client, response, "unknown_key")


def test_key_rotation_fetches_the_keys_again_and_accepts_a_valid_new_key(client, providers):
    server = providers["franceconnect"]
    sign_in(client, "franceconnect", "marie")  # the key set is now cached
    client.post(reverse("accounts:logout"))
    before = server.stats()["jwks_requests"]
    new_kid = server.rotate()

    result = sign_in(client, "franceconnect", "marie")

    assert result.response.status_code == 302
    assert signed_in_user(client) is not None
    assert server.stats()["jwks_requests"] == before + 1
    assert server.stats()["kid"] == new_kid


def test_unknown_kid_still_unknown_after_fetching_again_is_refused(client, providers):
    server = providers["proconnect"]
    sign_in(client, "proconnect", "camille")
    client.post(reverse("accounts:logout"))
    before = server.stats()["jwks_requests"]
    server.tamper("id_token", sign="rogue")

    response = sign_in(client, "proconnect", "camille").response

    assert_refused(client, response, "unknown_key")
    assert server.stats()["jwks_requests"] == before + 1


def test_userinfo_with_another_sub_signed_userinfo(client, providers):
    providers["franceconnect"].tamper("userinfo", claims={"sub": "someone-else"})

    response = sign_in(client, "franceconnect", "marie").response

    assert_refused(client, response, "userinfo_wrong_sub")


def test_userinfo_with_another_sub_plain_json(client, settings, providers):
    server = providers["proconnect"]
    settings.OIDC_PROVIDERS = {
        "proconnect": server.settings(
            client_id=server.hs256_client_id,
            signing_algorithm="HS256",
            userinfo_signing_algorithm="none",
        )
    }
    server.tamper("userinfo", claims={"sub": "proconnect-ines"})

    response = sign_in(client, "proconnect", "camille").response

    assert_refused(client, response, "userinfo_wrong_sub")


def test_userinfo_signed_with_alg_none(client, providers):
    providers["proconnect"].tamper("userinfo", sign="none")

    response = sign_in(client, "proconnect", "camille").response

    assert_refused(client, response, "userinfo_wrong_algorithm")


def test_insufficient_acr(client, providers):
    providers["franceconnect"].tamper("id_token", claims={"acr": "eidas0"})

    response = sign_in(client, "franceconnect", "marie").response

    assert_refused(
        client, response, "id_token_insufficient_acr", "niveau de garantie de votre identité"
    )


@pytest.mark.parametrize("provider", ["franceconnect", "proconnect"])
def test_provider_error_on_the_callback(client, providers, provider):
    result = sign_in(client, provider, None, action="abort")

    assert query_of(result.callback_url)["error"] == "access_denied"
    event = assert_refused(
        client, result.response, "provider_error:access_denied", "Vous avez annulé la connexion"
    )
    assert event.provider == provider


def test_unknown_provider_error_code_gets_a_generic_french_message(client, providers):
    url = start_sign_in(client, "franceconnect")
    state = query_of(url)["state"]
    issuer = providers["franceconnect"].issuer

    response = client.get(
        reverse("accounts:callback", args=["franceconnect"]),
        {"error": "something_new", "state": state, "iss": issuer},
    )

    assert_refused(
        client,
        response,
        "provider_error:something_new",
        "a signalé une erreur lors de la connexion",
    )


def test_unknown_provider_in_the_url(client, providers):
    assert client.get("/compte/connexion/autre/retour/?code=x&state=y").status_code == 404
    assert client.post("/compte/connexion/autre/").status_code == 404
