"""Test settings: fast hashing, in-memory cache, tasks run in the test's own process.

The database comes from DATABASE_URL as in every environment: SQLite by default, PostgreSQL in
the CI run. Celery always runs tasks eagerly here; the real-worker tests send to the broker
explicitly with send_task, which ignores eager mode.
"""

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
CELERY_TASK_ALWAYS_EAGER = True
# Wagtail's own background work (search index updates, reference index) runs immediately.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# One process, so a local-memory cache is shared enough for rate limits here.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]
