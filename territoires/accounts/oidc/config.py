"""The OpenID providers we trust, read from ``settings.OIDC_PROVIDERS``.

``settings.OIDC_PROVIDERS`` maps a provider name (``proconnect``, ``franceconnect``) to what the
environment gave (issuer or discovery URL, client id and secret, scopes, algorithms). Empty
values take the defaults below, which follow each provider's partner documentation.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from territoires.accounts.enums import Provider

# Algorithms we accept for signatures. ``none`` is never among them; HS256 is only used with
# the client secret, when a provider is registered with it.
SUPPORTED_ALGORITHMS = {"ES256", "RS256", "HS256"}

# FranceConnect: eIDAS levels, a higher level satisfies a lower request.
EIDAS_LEVELS = ["eidas1", "eidas2", "eidas3"]

DEFAULTS = {
    Provider.PROCONNECT: {
        # What we use: the name, the professional e-mail, and the SIRET that links the agent
        # to their organisation; uid and idp_id help support, nothing more is asked.
        "scopes": "openid email given_name usual_name uid siret idp_id",
        "signing_algorithm": "RS256",
        "userinfo_signing_algorithm": "RS256",
        "acr_values": "",
    },
    Provider.FRANCECONNECT: {
        # Data minimisation: only what the platform uses.
        "scopes": "openid given_name family_name email",
        "signing_algorithm": "ES256",
        "userinfo_signing_algorithm": "ES256",
        "acr_values": "eidas1",
    },
}

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    issuer: str
    discovery_url: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]
    signing_algorithm: str
    userinfo_signing_algorithm: str  # "" when the provider answers plain JSON
    acr_values: tuple[str, ...]

    @property
    def accepted_acr(self) -> set[str]:
        """``acr`` values that satisfy what we ask (a higher eIDAS level is fine)."""
        if not self.acr_values:
            return set()
        accepted = set(self.acr_values)
        for value in self.acr_values:
            if value in EIDAS_LEVELS:
                accepted.update(EIDAS_LEVELS[EIDAS_LEVELS.index(value) :])
        return accepted


def _check_url(name: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and (settings.DEBUG or parts.hostname in LOOPBACK_HOSTS):
        return
    raise ImproperlyConfigured(f"OIDC {name}: l’adresse {url!r} doit être en https.")


def get_provider(name: str) -> ProviderConfig | None:
    """The configured provider called ``name``, or None if it is not configured."""
    raw = settings.OIDC_PROVIDERS.get(name)
    if not raw or name not in DEFAULTS:
        return None
    defaults = DEFAULTS[name]

    def value(key: str) -> str:
        given = raw.get(key)
        return (defaults.get(key, "") if given is None or given == "" else given).strip()

    issuer = value("issuer").rstrip("/")
    discovery_url = value("discovery_url")
    if not issuer and not discovery_url:
        raise ImproperlyConfigured(f"OIDC {name}: indiquez l’émetteur ou l’adresse de découverte.")
    if not discovery_url:
        discovery_url = f"{issuer}/.well-known/openid-configuration"
    _check_url(name, discovery_url)
    algorithm = value("signing_algorithm")
    userinfo_algorithm = raw.get("userinfo_signing_algorithm")
    if userinfo_algorithm is None:
        userinfo_algorithm = defaults["userinfo_signing_algorithm"]
    userinfo_algorithm = userinfo_algorithm.strip()
    if userinfo_algorithm.lower() == "none":
        userinfo_algorithm = ""
    for alg in filter(None, [algorithm, userinfo_algorithm]):
        if alg not in SUPPORTED_ALGORITHMS:
            raise ImproperlyConfigured(f"OIDC {name}: algorithme {alg!r} non pris en charge.")
    scopes = tuple(value("scopes").split())
    if "openid" not in scopes:
        raise ImproperlyConfigured(f"OIDC {name}: le scope « openid » est obligatoire.")
    return ProviderConfig(
        name=name,
        issuer=issuer,
        discovery_url=discovery_url,
        client_id=value("client_id"),
        client_secret=raw.get("client_secret", ""),
        scopes=scopes,
        signing_algorithm=algorithm,
        userinfo_signing_algorithm=userinfo_algorithm,
        acr_values=tuple(value("acr_values").split()),
    )


def configured_providers() -> list[ProviderConfig]:
    return [config for name in Provider.values if (config := get_provider(name))]
