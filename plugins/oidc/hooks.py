import logging
import os

from plugins.api import OpenIDProvider, hookimpl

logger = logging.getLogger(__name__)

# The fields a provider may name its own claim for (LMS_OIDC_<CODE>_CLAIM_<FIELD>).
CLAIM_FIELDS = (
    "national_id",
    "full_name",
    "date_of_birth",
    "sex",
    "commune",
    "email",
    "email_verified",
    "phone",
)
YES = ("1", "true", "yes", "on")
NO = ("0", "false", "no", "off")


def _prefix(code: str) -> str:
    return "LMS_OIDC_" + code.upper().replace("-", "_") + "_"


def provider_from_environment(code: str, environ=os.environ) -> OpenIDProvider | None:
    """The provider ``code`` as the environment describes it; None (and an error in the log)
    when its issuer or client is missing."""
    prefix = _prefix(code)

    def value(name: str, default: str = "") -> str:
        return environ.get(prefix + name, "").strip() or default

    issuer, client_id = value("ISSUER"), value("CLIENT_ID")
    if not issuer or not client_id:
        logger.error("Identity provider %r needs %sISSUER and %sCLIENT_ID", code, prefix, prefix)
        return None
    links_staff = value("LINKS_STAFF").lower()
    if links_staff not in ("", *YES, *NO):
        # A typo must not quietly give a citizens' provider the staff roster (or take it away).
        logger.error("Identity provider %r: %sLINKS_STAFF must be 1 or 0", code, prefix)
        return None
    return OpenIDProvider(
        code=code,
        label=value("LABEL", code),
        issuer=issuer.rstrip("/"),
        client_id=client_id,
        client_secret=value("CLIENT_SECRET"),
        population=value("POPULATION", "citizens"),
        scopes=value("SCOPES", "openid profile"),
        sign_algo=value("SIGN_ALGO", "RS256"),
        claims={
            field: value("CLAIM_" + field.upper())
            for field in CLAIM_FIELDS
            if value("CLAIM_" + field.upper())
        },
        # Unset: the population's default (OpenIDProvider: staff yes, citizens no).
        links_staff=(links_staff in YES) if links_staff else None,
    )


@hookimpl
def register_identity_providers():
    codes = [code.strip().lower() for code in os.environ.get("LMS_OIDC_PROVIDERS", "").split(",")]
    providers = [provider_from_environment(code) for code in codes if code]
    return [provider for provider in providers if provider is not None]
