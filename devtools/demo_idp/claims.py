"""Each demo identity's claims, from the configuration file (DEMO_IDP_CONFIG)."""

import json
import os
from functools import cache

from oidc_provider.lib.claims import ScopeClaims

STANDARD = {"name", "given_name", "family_name", "birthdate", "gender", "email", "phone_number"}


@cache
def configuration() -> dict:
    with open(os.environ["DEMO_IDP_CONFIG"], encoding="utf-8") as file:
        return json.load(file)


def identity(username: str) -> dict:
    for entry in configuration()["identities"]:
        if entry["username"] == username:
            return entry
    return {"claims": {}}


def subject(user) -> str:
    return identity(user.username).get("sub") or user.username


def userinfo(claims: dict, user) -> dict:
    """The standard claims the identity has (the library asks for these)."""
    for name, value in identity(user.username)["claims"].items():
        if name in STANDARD:
            claims[name] = value
    return claims


class NationalClaims(ScopeClaims):
    """What VNeID-like providers add with the profile: national ID, commune code..."""

    def scope_profile(self):
        return {
            name: value
            for name, value in identity(self.user.username)["claims"].items()
            if name not in STANDARD
        }
