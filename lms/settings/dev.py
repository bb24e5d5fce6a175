"""Development settings: the embedded default of `make run` (SQLite, in-process tasks)."""

from .base import *  # noqa: F403
from .base import env_list

LMS_ENVIRONMENT = "development"
DEBUG = True
# Only for local development; production settings refuse to start without a real key.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
NATIONAL_ID_HASH_KEY = NATIONAL_ID_HASH_KEY or "dev-only-national-id-key"  # noqa: F405
# Static files come from the finders in development; the folder only quiets whitenoise.
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405
# One process, so a local-memory cache is shared enough for rate limits here.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]
