from tests.identity.provider import oidc_provider, providers_configured  # noqa: F401
