"""Absolute links to a certificate, printed in its PDF and sent in e-mails."""

from django.conf import settings
from django.urls import reverse


def public_url(name: str, **kwargs) -> str:
    """An absolute URL on the site's public address (LMS_PUBLIC_URL), not the host of
    whichever request or worker happens to issue the certificate."""
    return settings.LMS_PUBLIC_URL.rstrip("/") + reverse(name, kwargs=kwargs or None)


def verification_url(code: str) -> str:
    return public_url("certificate_verify", code=code)
