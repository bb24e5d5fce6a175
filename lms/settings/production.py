"""Production settings: everything from the environment, secure by default.

`python manage.py check --deploy` with these settings is clean once SECRET_KEY,
NATIONAL_ID_HASH_KEY, ALLOWED_HOSTS, REDIS_URL, DATABASE_URL, LMS_PUBLIC_URL and
DEFAULT_FROM_EMAIL are set.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

LMS_ENVIRONMENT = "production"
DEBUG = False

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production settings need a long random SECRET_KEY in the "
        "environment, e.g. the output of: python -c "
        "'import secrets; print(secrets.token_urlsafe(50))'"
    )
if not NATIONAL_ID_HASH_KEY:  # noqa: F405
    raise ImproperlyConfigured(
        "NATIONAL_ID_HASH_KEY is not set. It keys the hash under which national ID numbers are "
        "matched; set it once to a long random value and never change it."
    )
if not os.environ.get("REDIS_URL"):  # noqa: F405
    raise ImproperlyConfigured(
        "REDIS_URL is not set. Production needs a cache shared by every process (rate limits, "
        "import progress): e.g. REDIS_URL=redis://localhost:6379/1"
    )
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set: give the site's host names, comma-separated."
    )
if not os.environ.get("DATABASE_URL"):  # noqa: F405
    # Without it, base settings would quietly open a SQLite file in the project folder.
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Production needs its PostgreSQL database, e.g. "
        "DATABASE_URL=postgres://lms:PASSWORD@db.internal:5432/lms"
    )
_public_url = urlsplit(os.environ.get("LMS_PUBLIC_URL", ""))  # noqa: F405
if _public_url.scheme not in {"http", "https"} or not _public_url.netloc:
    # Frozen into every certificate's QR code and link: a default would print the wrong host.
    raise ImproperlyConfigured(
        "LMS_PUBLIC_URL is not set to the site's public address (it replaces "
        "WAGTAILADMIN_BASE_URL). Certificates print it in their QR code and link, e.g. "
        "LMS_PUBLIC_URL=https://hoctap.example.gov.vn"
    )
if not os.environ.get("DEFAULT_FROM_EMAIL"):  # noqa: F405
    # Password-reset and review e-mails go out from it: "webmaster@localhost" would be refused
    # or land in spam, and learners could not reset their password.
    raise ImproperlyConfigured(
        "DEFAULT_FROM_EMAIL is not set: the address the site's e-mails come from, e.g. "
        "DEFAULT_FROM_EMAIL='Học tập số <khong-tra-loi@hoctap.example.gov.vn>'"
    )

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# Staff who can see personal data sign in with a second factor unless this is turned off
# (`check --deploy` warns then: lms.mfa.checks).
LMS_REQUIRE_2FA = env_bool("LMS_REQUIRE_2FA", True)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],  # noqa: F405
    }
}

# django-ratelimit 4.1 predates Django's own RedisCache and flags it; that cache is shared
# between processes with atomic increments, which is all rate limiting needs.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
