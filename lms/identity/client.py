"""The relying party's side of the code flow, per provider, on mozilla-django-oidc.

mozilla-django-oidc reads one provider from settings; ``ProviderClient`` answers its settings
from a provider object instead, so each provider has its own endpoints, keys and credentials.
The library does the token exchange, the id_token's signature, expiry and nonce, and the
userinfo call; this adds the checks it leaves out (issuer and audience).
"""

from collections.abc import Mapping
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings


class CodeRefused(Exception):
    """The token endpoint refused the code: expired, used already, or not for us."""


class AnswerRejected(Exception):
    """The provider's answer fails a check (signature, nonce, issuer, audience, subject)."""


class ProviderError(Exception):
    """The provider could not be reached or answered nonsense."""


class ProviderClient(OIDCAuthenticationBackend):
    def __init__(self, *, provider, endpoints: Mapping[str, str]):
        self.provider = provider
        self.endpoints = endpoints
        super().__init__()

    def get_settings(self, attr, *args):
        own = {
            "OIDC_OP_TOKEN_ENDPOINT": self.endpoints["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": self.endpoints.get("userinfo_endpoint"),
            "OIDC_OP_JWKS_ENDPOINT": self.endpoints["jwks_uri"],
            "OIDC_RP_CLIENT_ID": self.provider.client_id,
            "OIDC_RP_CLIENT_SECRET": self.provider.client_secret,
            "OIDC_RP_SIGN_ALGO": self.provider.sign_algo,
            "OIDC_RP_IDP_SIGN_KEY": None,
            "OIDC_USE_NONCE": True,
            "OIDC_ALLOW_UNSECURED_JWT": False,
            "OIDC_TOKEN_USE_BASIC_AUTH": False,
            "OIDC_VERIFY_SSL": True,
            "OIDC_TIMEOUT": settings.LMS_OIDC_TIMEOUT,
        }
        if attr in own:
            return own[attr]
        return import_from_settings(attr, *args)

    def claims_for_code(
        self, *, code: str, nonce: str, code_verifier: str, redirect_uri: str
    ) -> dict[str, Any]:
        """Exchange the code and return the verified id_token's claims with userinfo's."""
        try:
            token_info = self.get_token(
                {
                    "client_id": self.provider.client_id,
                    "client_secret": self.provider.client_secret,
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": redirect_uri,
                    "code_verifier": code_verifier,
                }
            )
        except requests.HTTPError as error:
            if error.response is not None and 400 <= error.response.status_code < 500:
                raise CodeRefused(str(error)) from error
            raise ProviderError(str(error)) from error
        except (requests.RequestException, ValueError) as error:
            raise ProviderError(str(error)) from error
        id_token = token_info.get("id_token")
        if not id_token:
            raise AnswerRejected("no id_token in the token response")
        try:
            payload = self.verify_token(id_token, nonce=nonce)
        except (SuspiciousOperation, jwt.InvalidTokenError) as error:
            raise AnswerRejected(str(error)) from error
        except requests.RequestException as error:
            raise ProviderError(str(error)) from error
        self._check_issuer_and_audience(payload)
        claims = dict(payload)
        if self.endpoints.get("userinfo_endpoint") and token_info.get("access_token"):
            try:
                userinfo = self.get_userinfo(token_info["access_token"], id_token, payload)
            except (requests.RequestException, ValueError) as error:
                raise ProviderError(str(error)) from error
            # OpenID Connect Core 5.3.2: userinfo about someone else must not be used.
            if userinfo.get("sub") != payload.get("sub"):
                raise AnswerRejected("userinfo is about another subject")
            claims.update(userinfo)
        return claims

    def _check_issuer_and_audience(self, payload: Mapping[str, Any]) -> None:
        if str(payload.get("iss", "")).rstrip("/") != self.endpoints["issuer"].rstrip("/"):
            raise AnswerRejected("the id_token names another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.provider.client_id not in audiences:
            raise AnswerRejected("the id_token is for another client")
        if not payload.get("sub"):
            raise AnswerRejected("the id_token has no subject")
