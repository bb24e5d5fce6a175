"""Test settings: fast hashing, in-memory cache, tasks run in the test's own process.

The database comes from DATABASE_URL as in every environment: SQLite by default, PostgreSQL in
the CI run. Celery always runs tasks eagerly here; the real-worker tests send to the broker
explicitly with send_task, which ignores eager mode.
"""

import tempfile

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
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
# Wagtail's own background work (search index updates, reference index) runs immediately.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
