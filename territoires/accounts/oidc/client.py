"""Talking to an OpenID provider, and verifying everything it says.

Discovery documents and key sets are cached (Django cache). A token signed with a key id we do
not know makes us fetch the key set again, at most once per unknown key id and cool-down, so a
key rotation at the provider is followed without letting anyone make us hammer it.
"""

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.core.cache import cache
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet, OctKey, RSAKey

from territoires.accounts.oidc.config import ProviderConfig
from territoires.accounts.oidc.errors import OIDCError

logger = logging.getLogger(__name__)

DISCOVERY_TTL = 3600
JWKS_TTL = 3600
# Clock skew tolerated on exp / iat (seconds).
LEEWAY = 60
UNAVAILABLE = (
    "Le fournisseur d’identité ne répond pas correctement. Réessayez dans quelques minutes."
)


def _cache_key(kind: str, config: ProviderConfig) -> str:
    digest = hashlib.sha256(config.discovery_url.encode()).hexdigest()[:16]
    return f"oidc:{kind}:{config.name}:{digest}"


def _http() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = "territoires-numeriques"
    return session


def _get_json(url: str) -> dict:
    try:
        response = _http().get(url, timeout=settings.OIDC_HTTP_TIMEOUT)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise OIDCError("provider_unavailable", UNAVAILABLE, detail=f"{url}: {error}") from error


def discovery(config: ProviderConfig) -> dict:
    """The provider metadata, checked against the configured issuer."""
    key = _cache_key("discovery", config)
    document = cache.get(key)
    if document is None:
        document = _get_json(config.discovery_url)
        expected = config.issuer or document.get("issuer", "")
        if not expected or document.get("issuer") != expected:
            raise OIDCError(
                "discovery_issuer_mismatch",
                UNAVAILABLE,
                detail=f"expected {expected!r}, got {document.get('issuer')!r}",
            )
        cache.set(key, document, DISCOVERY_TTL)
    return document


def issuer_of(config: ProviderConfig) -> str:
    return config.issuer or discovery(config)["issuer"]


def _key_set(config: ProviderConfig, *, refresh: bool = False) -> KeySet:
    key = _cache_key("jwks", config)
    data = None if refresh else cache.get(key)
    if data is None:
        data = _get_json(discovery(config)["jwks_uri"])
        cache.set(key, data, JWKS_TTL)
    # Only signature keys of the types we verify with; anything else is ignored.
    keys = [
        item
        for item in data.get("keys", [])
        if item.get("kty") in {"EC", "RSA"} and item.get("use", "sig") == "sig"
    ]
    return KeySet.import_key_set({"keys": keys})


def _signing_key(config: ProviderConfig, header: dict, algorithm: str):
    """The key that must have signed a JWT with this header."""
    if algorithm == "HS256":
        return OctKey.import_key(config.client_secret.encode())
    key_type = ECKey if algorithm == "ES256" else RSAKey
    kid = header.get("kid")

    def find(key_set: KeySet):
        candidates = [k for k in key_set.keys if isinstance(k, key_type)]
        if kid is not None:
            candidates = [k for k in candidates if k.kid == kid]
        elif len(candidates) != 1:
            # Without a kid, only an unambiguous key set will do.
            return None
        return candidates[0] if candidates else None

    found = find(_key_set(config))
    if found is None and kid is not None:
        # Unknown kid: the provider may have rotated its keys. Fetch again, once per kid and
        # cool-down period.
        marker = _cache_key(f"kid-refetch:{kid}", config)
        if cache.add(marker, True, settings.OIDC_JWKS_REFETCH_COOLDOWN):
            logger.info("OIDC %s: unknown kid %r, fetching the key set again", config.name, kid)
            found = find(_key_set(config, refresh=True))
    if found is None:
        raise OIDCError("unknown_key", detail=f"no {algorithm} key with kid {kid!r}")
    return found


def verify_jwt(config: ProviderConfig, value: str, algorithm: str, what: str) -> dict:
    """Verify the signature of a compact JWS with the one algorithm registered; return claims."""
    try:
        header = jws.extract_compact(value.encode()).headers()
    except (JoseError, ValueError, TypeError) as error:
        raise OIDCError(f"{what}_malformed", detail=str(error)) from error
    received = header.get("alg")
    if received != algorithm:
        # Covers "none" and algorithm confusion (HS256 keyed with a public key).
        raise OIDCError(f"{what}_wrong_algorithm", detail=f"expected {algorithm}, got {received!r}")
    key = _signing_key(config, header, algorithm)
    try:
        token = jwt.decode(value, key, algorithms=[algorithm])
    except JoseError as error:
        raise OIDCError(f"{what}_bad_signature", detail=str(error)) from error
    if not isinstance(token.claims, dict):
        raise OIDCError(f"{what}_malformed")
    return token.claims


def _check_audience(config: ProviderConfig, claims: dict, what: str, *, required: bool) -> None:
    audience = claims.get("aud")
    if audience is None and not required:
        return
    audiences = [audience] if isinstance(audience, str) else audience
    if not isinstance(audiences, list) or config.client_id not in audiences:
        raise OIDCError(f"{what}_wrong_audience", detail=f"aud={audience!r}")
    if len(audiences) > 1 and claims.get("azp") != config.client_id:
        raise OIDCError(f"{what}_wrong_azp", detail=f"azp={claims.get('azp')!r}")


@dataclass
class VerifiedIdentity:
    """What a provider vouched for, after every check."""

    provider: str
    sub: str
    id_token: str
    id_token_claims: dict
    userinfo: dict = field(default_factory=dict)


def verify_id_token(config: ProviderConfig, id_token: str, *, nonce: str) -> dict:
    claims = verify_jwt(config, id_token, config.signing_algorithm, "id_token")
    if claims.get("iss") != issuer_of(config):
        raise OIDCError("id_token_wrong_issuer", detail=f"iss={claims.get('iss')!r}")
    _check_audience(config, claims, "id_token", required=True)
    now = time.time()
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, int | float) or exp + LEEWAY < now:
        raise OIDCError("id_token_expired", detail=f"exp={exp!r}")
    if not isinstance(iat, int | float) or iat - LEEWAY > now:
        raise OIDCError("id_token_issued_in_future", detail=f"iat={iat!r}")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise OIDCError("id_token_without_sub")
    if claims.get("nonce") != nonce:
        raise OIDCError("id_token_wrong_nonce")
    if config.acr_values and claims.get("acr") not in config.accepted_acr:
        raise OIDCError(
            "id_token_insufficient_acr",
            "Le niveau de garantie de votre identité est insuffisant pour ce service.",
            detail=f"acr={claims.get('acr')!r}",
        )
    return claims


def exchange_code(config: ProviderConfig, *, code: str, redirect_uri: str, code_verifier: str):
    """Token request (authorization code grant, client_secret_post)."""
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": config.client_id,
        "client_secret": config.client_secret,
    }
    if code_verifier:
        data["code_verifier"] = code_verifier
    endpoint = discovery(config)["token_endpoint"]
    try:
        response = _http().post(endpoint, data=data, timeout=settings.OIDC_HTTP_TIMEOUT)
    except requests.RequestException as error:
        raise OIDCError("token_unavailable", UNAVAILABLE, detail=str(error)) from error
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code != 200 or not isinstance(body, dict):
        raise OIDCError(
            "token_error", detail=f"{response.status_code} {body.get('error', '')}".strip()
        )
    if str(body.get("token_type", "")).lower() != "bearer" or not body.get("id_token"):
        raise OIDCError("token_response_invalid")
    return body


def fetch_userinfo(config: ProviderConfig, *, access_token: str, sub: str) -> dict:
    """Userinfo, plain JSON or a signed JWT (as registered), whose sub must be the ID token's."""
    endpoint = discovery(config).get("userinfo_endpoint")
    if not endpoint:
        return {}
    try:
        response = _http().get(
            endpoint,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=settings.OIDC_HTTP_TIMEOUT,
        )
    except requests.RequestException as error:
        raise OIDCError("userinfo_unavailable", UNAVAILABLE, detail=str(error)) from error
    if response.status_code != 200:
        raise OIDCError("userinfo_error", detail=str(response.status_code))
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if config.userinfo_signing_algorithm:
        if content_type != "application/jwt":
            # A signed userinfo was registered: an unsigned one is a downgrade.
            raise OIDCError("userinfo_not_signed", detail=content_type)
        claims = verify_jwt(
            config, response.text.strip(), config.userinfo_signing_algorithm, "userinfo"
        )
        if "iss" in claims and claims["iss"] != issuer_of(config):
            raise OIDCError("userinfo_wrong_issuer", detail=f"iss={claims['iss']!r}")
        _check_audience(config, claims, "userinfo", required=False)
    else:
        if content_type != "application/json":
            raise OIDCError("userinfo_unexpected_type", detail=content_type)
        try:
            claims = json.loads(response.text)
        except ValueError as error:
            raise OIDCError("userinfo_malformed") from error
        if not isinstance(claims, dict):
            raise OIDCError("userinfo_malformed")
    if claims.get("sub") != sub:
        raise OIDCError("userinfo_wrong_sub", detail=f"sub={claims.get('sub')!r}")
    return claims
