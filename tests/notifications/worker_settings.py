"""Settings of the real worker in test_worker_retries.py: the test settings, except that tasks
go through the broker as in production (retries included), e-mail goes to the test's SMTP
server, and the backoff between attempts is a second, not half a minute."""

import os

from lms.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["LMS_TEST_SMTP_PORT"])
EMAIL_USE_TLS = EMAIL_USE_SSL = False
LMS_EMAIL_RETRY_SECONDS = 1
# The test's own queue: nothing else on the broker is touched, and nothing else reaches it.
CELERY_TASK_DEFAULT_QUEUE = os.environ["LMS_TEST_QUEUE"]
