"""Test settings: fast hashing, in-memory cache, tasks run in the test's own process.

The database comes from DATABASE_URL as in every environment: SQLite by default, PostgreSQL in
the CI run. Celery always runs tasks eagerly here; the real-worker tests send to the broker
explicitly with send_task, which ignores eager mode.
"""

import os
import re
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

LMS_ENVIRONMENT = "test"
DEBUG = False
SECRET_KEY = "test-secret-key-not-for-anything-real"  # noqa: S105
NATIONAL_ID_HASH_KEY = "test-national-id-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="lms-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="lms-test-static-")
PRIVATE_ROOT = Path(tempfile.mkdtemp(prefix="lms-test-private-"))
STORAGES = {**STORAGES, "private": {**STORAGES["private"], "OPTIONS": {"location": PRIVATE_ROOT}}}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Off whatever the environment says: the two-factor tests turn it on with override_settings.
LMS_REQUIRE_2FA = False
CELERY_TASK_ALWAYS_EAGER = True
# Wagtail's own background work (search index updates, reference index) runs immediately.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# One process, so a local-memory cache is shared enough for rate limits here.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]

# `make test-quick` keeps the SQLite test database in a file between runs (pytest --reuse-db):
# the next run applies only new migrations instead of all of them.
if os.environ.get("LMS_TEST_DB_DIR") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(os.environ["LMS_TEST_DB_DIR"]).resolve() / "test.sqlite3")
    }
    # Test data is disposable: no waiting for the disk on every commit.
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY;"
    )

# The live server thread must not hold a connection between requests: the tests swap the whole
# database under it (tests/database_copies.py), and a held connection would be stale.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# pytest-xdist runs the suite in several processes. Each gets its own test database (pytest-django
# adds the worker's name) and, here, its own Redis database, so one worker's real Celery worker
# never takes another's tasks. "gw0" keeps the configured number, "gw1" the one below it, ...
# The processes a test starts (a Celery worker) inherit the adjusted URL and must keep it.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
_already_for = os.environ.get("LMS_TEST_BROKER_FOR_WORKER", "")
if (
    _xdist_worker.startswith("gw")
    and _already_for != _xdist_worker
    and CELERY_BROKER_URL.startswith("redis")  # noqa: F405
):
    _broker = re.match(r"^(redis://[^/]*)(?:/(\d+))?$", CELERY_BROKER_URL)  # noqa: F405
    if _broker:
        _number = int(_broker.group(2) or 0) - int(_xdist_worker[2:])
        CELERY_BROKER_URL = f"{_broker.group(1)}/{_number % 16}"
        # Celery prefers the environment variable to the setting: both must name the same one.
        os.environ["CELERY_BROKER_URL"] = CELERY_BROKER_URL
        os.environ["LMS_TEST_BROKER_FOR_WORKER"] = _xdist_worker
