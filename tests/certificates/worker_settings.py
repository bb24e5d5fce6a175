"""Settings of the real workers in test_worker_crash.py: the test settings, except that tasks go
through the broker as in production (a task's own tasks too), the PDFs land where the test
reads them, and a task lost with its worker comes back after seconds, not after the hour
production waits (CELERY_BROKER_TRANSPORT_OPTIONS in lms.settings.base)."""

import os
from pathlib import Path

from lms.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("LMS_TEST_VISIBILITY_TIMEOUT", "6")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
PRIVATE_ROOT = Path(os.environ["LMS_TEST_PRIVATE_ROOT"])
STORAGES = {**STORAGES, "private": {**STORAGES["private"], "OPTIONS": {"location": PRIVATE_ROOT}}}  # noqa: F405
# Small chunks: the batch's tasks take turns with the renders, so a kill lands mid-batch.
LMS_CERTIFICATE_BATCH_CHUNK = 2
# The test's own queue: nothing else on the broker is touched, and nothing else reaches it.
CELERY_TASK_DEFAULT_QUEUE = os.environ["LMS_TEST_QUEUE"]
