"""Identity providers: what plugins register, and their discovery documents."""

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from hashlib import sha256

import requests
from django.conf import settings
from django.core.cache import cache

from plugins.manager import hooks

logger = logging.getLogger(__name__)

POPULATIONS = ("staff", "citizens")
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
DISCOVERY_CACHE_SECONDS = 3600
REQUIRED_ENDPOINTS = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


class ProviderUnavailable(Exception):
    """The provider's discovery document cannot be read or does not describe it."""


@dataclass(frozen=True)
class OpenIDProvider:
    """An OpenID Connect provider whose endpoints come from ``<issuer>/.well-known/
    openid-configuration``. What plugins return from ``register_identity_providers``."""

    code: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    population: str = "citizens"
    scopes: str = "openid profile"
    sign_algo: str = "RS256"
    claims: Mapping[str, str] = field(default_factory=dict)
    # May a sign-in link a free staff roster record with the same national ID? None: yes for
    # a staff provider, no for a citizens' one (the staff directory is the roster's own way
    # in). A province whose only provider is VNeID turns it on.
    links_staff: bool | None = None

    def __post_init__(self):
        if self.links_staff is None:
            object.__setattr__(self, "links_staff", self.population == "staff")

    def endpoints(self) -> Mapping[str, str]:
        return discovery_document(issuer=self.issuer)


def discovery_document(*, issuer: str) -> dict[str, str]:
    """The issuer's discovery document, cached for an hour. Raises ProviderUnavailable."""
    issuer = issuer.rstrip("/")
    key = "identity:discovery:" + sha256(issuer.encode()).hexdigest()
    document = cache.get(key)
    if document is not None:
        return document
    try:
        response = requests.get(
            issuer + "/.well-known/openid-configuration", timeout=settings.LMS_OIDC_TIMEOUT
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"{issuer}: {error}") from error
    missing = [name for name in REQUIRED_ENDPOINTS if not document.get(name)]
    if missing:
        raise ProviderUnavailable(f"{issuer}: the discovery document lacks {missing}")
    # OpenID Connect Discovery 1.0, 4.3: the document must name the issuer it was asked for,
    # or anyone serving a document there could name another provider's keys.
    if document["issuer"].rstrip("/") != issuer:
        raise ProviderUnavailable(f"{issuer}: the document names {document['issuer']}")
    cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def identity_providers() -> dict:
    """Every provider the enabled plugins register, by code, in their order. A provider with
    a malformed code or population, or a code already taken, is left out (and logged)."""
    providers = {}
    for plugin, contributed in hooks.register_identity_providers():
        for provider in contributed:
            code = getattr(provider, "code", "")
            if not CODE_PATTERN.match(code) or provider.population not in POPULATIONS:
                logger.error("Plugin %r: identity provider %r is malformed", plugin, code)
            elif code in providers:
                logger.error("Plugin %r: identity provider %r is already registered", plugin, code)
            else:
                providers[code] = provider
    return providers


def identity_provider(*, code: str):
    return identity_providers().get(code)


def provider_links_staff(*, provider) -> bool:
    """Whether the provider may link staff records (OpenIDProvider.links_staff); a provider
    of the IdentityProvider shape without the attribute gets the same default."""
    links = getattr(provider, "links_staff", None)
    return provider.population == "staff" if links is None else bool(links)


def claim_names(*, provider) -> dict[str, str]:
    """Which claim holds each field for this provider: the setting, then its own names."""
    return {**settings.LMS_OIDC_CLAIMS, **dict(getattr(provider, "claims", {}) or {})}
