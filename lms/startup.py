"""Things said once when a web process starts (wsgi.py / asgi.py, which runserver loads too)."""

import logging

from django.conf import settings

logger = logging.getLogger("lms")


def log_task_mode() -> None:
    if settings.LMS_TASKS_IN_PROCESS:
        logger.info(
            "CELERY_BROKER_URL is not set: background tasks run in-process. Set it (e.g. "
            "redis://localhost:6379/0) and start `make worker` to run them in a worker."
        )
