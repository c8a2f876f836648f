"""Sign-in and sign-out flows, bound to the browser session.

A sign-in gets a random ``state`` and ``nonce`` (43 characters each), and a PKCE verifier
when the provider advertises S256. They are kept in the session under the ``state``, with the
provider they were issued for and the time: each is used once, expires after
``OIDC_STATE_TTL`` seconds, and is only valid on that provider's callback URL.
"""

import base64
import hashlib
import hmac
import secrets
import time
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from territoires.accounts.oidc import client
from territoires.accounts.oidc.config import ProviderConfig, get_provider
from territoires.accounts.oidc.errors import OIDCError, ProviderError

PENDING_KEY = "oidc_pending"
LOGIN_KEY = "oidc_login"
LOGOUT_KEY = "oidc_logout"
# How many sign-ins may be pending at once in one session (several tabs).
MAX_PENDING = 5

SESSION_LOST = (
    "Votre demande de connexion a expiré ou a déjà été utilisée. Aucune session n’a été "
    "ouverte : recommencez la connexion."
)
WRONG_ISSUER = (
    "La réponse ne provient pas du fournisseur d’identité auquel la demande a été envoyée. "
    "Aucune session n’a été ouverte."
)


def random_token() -> str:
    """43 URL-safe characters, 256 bits of randomness."""
    return secrets.token_urlsafe(32)


def callback_uri(request, provider: str) -> str:
    return request.build_absolute_uri(reverse("accounts:callback", args=[provider]))


def logout_return_uri(request) -> str:
    return request.build_absolute_uri(reverse("accounts:logout_return"))


def begin_sign_in(request, config: ProviderConfig, *, next_url: str = "") -> str:
    """Remember a new sign-in in the session; return the provider's authorization URL."""
    metadata = client.discovery(config)
    state, nonce = random_token(), random_token()
    params = {
        "response_type": "code",
        "client_id": config.client_id,
        "redirect_uri": callback_uri(request, config.name),
        "scope": " ".join(config.scopes),
        "state": state,
        "nonce": nonce,
    }
    if config.acr_values:
        params["acr_values"] = " ".join(config.acr_values)
    code_verifier = ""
    if "S256" in metadata.get("code_challenge_methods_supported", []):
        code_verifier = secrets.token_urlsafe(48)
        digest = hashlib.sha256(code_verifier.encode()).digest()
        params["code_challenge"] = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        params["code_challenge_method"] = "S256"
    now = time.time()
    pending = {
        key: value
        for key, value in request.session.get(PENDING_KEY, {}).items()
        if now - value["created"] < settings.OIDC_STATE_TTL
    }
    pending[state] = {
        "provider": config.name,
        "nonce": nonce,
        "code_verifier": code_verifier,
        "created": now,
        "next": next_url,
    }
    # Keep the most recent ones only.
    request.session[PENDING_KEY] = dict(
        sorted(pending.items(), key=lambda item: item[1]["created"])[-MAX_PENDING:]
    )
    return f"{metadata['authorization_endpoint']}?{urlencode(params)}"


def _pop_pending(request, state: str) -> dict | None:
    pending = request.session.get(PENDING_KEY, {})
    entry = pending.pop(state, None) if isinstance(state, str) else None
    request.session[PENDING_KEY] = pending
    return entry


def complete_sign_in(request, provider: str) -> tuple[client.VerifiedIdentity, str]:
    """Check the callback and everything the provider returns; (identity, next URL).

    Raises OIDCError (or ProviderError) on anything wrong; the pending sign-in is consumed
    whatever happens.
    """
    params = request.GET
    config = get_provider(provider)
    if config is None:
        raise OIDCError("unknown_provider", detail=provider)
    entry = _pop_pending(request, params.get("state", ""))
    if entry is None:
        if params.get("error"):
            raise ProviderError(params["error"], params.get("error_description", ""))
        raise OIDCError("state_unknown", SESSION_LOST)
    if time.time() - entry["created"] > settings.OIDC_STATE_TTL:
        raise OIDCError("state_expired", SESSION_LOST)
    if entry["provider"] != provider:
        raise OIDCError(
            "state_other_provider", WRONG_ISSUER, detail=f"issued for {entry['provider']}"
        )
    metadata = client.discovery(config)
    issuer = client.issuer_of(config)
    # RFC 9207: the issuer identifier on the authorization response.
    received_iss = params.get("iss")
    iss_expected = received_iss is not None or metadata.get(
        "authorization_response_iss_parameter_supported"
    )
    if iss_expected and received_iss != issuer:
        raise OIDCError("callback_wrong_issuer", WRONG_ISSUER, detail=f"iss={received_iss!r}")
    if params.get("error"):
        raise ProviderError(params["error"], params.get("error_description", ""))
    code = params.get("code")
    if not code:
        raise OIDCError("callback_without_code")
    tokens = client.exchange_code(
        config,
        code=code,
        redirect_uri=callback_uri(request, provider),
        code_verifier=entry["code_verifier"],
    )
    claims = client.verify_id_token(config, tokens["id_token"], nonce=entry["nonce"])
    userinfo = {}
    if tokens.get("access_token"):
        userinfo = client.fetch_userinfo(
            config, access_token=tokens["access_token"], sub=claims["sub"]
        )
    identity = client.VerifiedIdentity(
        provider=provider,
        sub=claims["sub"],
        id_token=tokens["id_token"],
        id_token_claims=claims,
        userinfo=userinfo,
    )
    return identity, entry["next"]


def remember_login(request, identity: client.VerifiedIdentity) -> None:
    """After ``login()``: what sign-out at the provider will need."""
    request.session[LOGIN_KEY] = {"provider": identity.provider, "id_token": identity.id_token}


def begin_sign_out(request, login: dict | None) -> str | None:
    """After the local session has ended: the provider's end-session URL, or None.

    ``login`` is what ``remember_login`` stored in the previous session.
    """
    if not login:
        return None
    config = get_provider(login["provider"])
    if config is None:
        return None
    endpoint = client.discovery(config).get("end_session_endpoint")
    if not endpoint:
        return None
    state = random_token()
    request.session[LOGOUT_KEY] = {
        "provider": config.name,
        "state": state,
        "created": time.time(),
    }
    params = {
        "id_token_hint": login["id_token"],
        "state": state,
        "post_logout_redirect_uri": logout_return_uri(request),
    }
    return f"{endpoint}?{urlencode(params)}"


def complete_sign_out(request) -> str:
    """Check the ``state`` of the return from the provider; the provider's name."""
    entry = request.session.pop(LOGOUT_KEY, None)
    state = request.GET.get("state", "")
    if entry is None or not hmac.compare_digest(entry["state"].encode(), state.encode()):
        raise OIDCError("logout_state_mismatch")
    if time.time() - entry["created"] > settings.OIDC_STATE_TTL:
        raise OIDCError("logout_state_expired")
    return entry["provider"]
