"""Two-factor sign-in tests: the setting on, a small failure limit, and an RFC 6238 reference
that shares no code with django-otp, to compute the codes a phone would show."""

import base64
import datetime
import hashlib
import hmac
import re
import struct
import time

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from lms.org.models import OrgRole
from tests.factories import UserFactory, org_unit

LIMIT = 3


def totp(secret: str, *, at: float | None = None) -> str:
    """The six digits an authenticator app shows for a base32 secret (RFC 6238: SHA-1,
    30-second steps), as the person would read it from the page."""
    secret = secret.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def next_code(user, secret: str) -> str:
    """The app's next code, one the account has not used yet: what the person gets by waiting
    for the app to show a new one (the test does not wait 30 seconds)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    used = TOTPDevice.objects.get(user=user, confirmed=True).last_t
    return totp(secret, at=max(time.time(), (used + 1) * 30))


def page_secret(html: str) -> str:
    return re.search(r'id="mfa-secret">([A-Z2-7 ]+)<', html).group(1)


def page_recovery_codes(html: str) -> list[str]:
    block = html.split('id="recovery-codes"', 1)[1].split("</ul>", 1)[0]
    return [code.replace(" ", "") for code in re.findall(r"<code>([a-z2-7 ]+)</code>", block)]


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.LMS_REQUIRE_2FA = True
    settings.LMS_AUTH_FAILURE_LIMIT = LIMIT
    settings.LMS_AUTH_COOLOFF = datetime.timedelta(minutes=15)
    cache.clear()  # failure counters live in the cache, which outlives a test's rollback
    yield
    cache.clear()


def _admin_user(username: str, **fields):
    user = UserFactory(username=username, **fields)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def unit(db):
    return org_unit(code="BDG-TU", name="Thành phố Tân Uyên")


@pytest.fixture
def officer(unit):
    user = _admin_user("hr.tu")
    OrgRole.objects.create(user=user, unit=unit, role=OrgRole.Role.HR_OFFICER)
    return user


@pytest.fixture
def superuser(db):
    return _admin_user("quan.tri", is_superuser=True, is_staff=True)


def sign_in(client, user) -> None:
    """A password sign-in's result: a session for the account, no second factor yet."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def enrol(client, user) -> tuple[str, list[str]]:
    """Sign in and set up an authenticator through the pages; the secret and the codes."""
    sign_in(client, user)
    html = client.get("/accounts/two-factor/setup/").content.decode()
    secret = page_secret(html)
    response = client.post("/accounts/two-factor/setup/", {"code": totp(secret)})
    assert response.status_code == 200, response
    return secret, page_recovery_codes(response.content.decode())


def sign_in_again(client, user) -> None:
    """A new sign-in with the password (a fresh session that has not passed a second factor)."""
    client.logout()
    sign_in(client, user)
