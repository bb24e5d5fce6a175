from django.conf import settings

from .models import TaskHeartbeat


def task_queue_status() -> dict:
    """What the admin dashboard says about background tasks."""
    return {
        "in_process": bool(settings.CELERY_TASK_ALWAYS_EAGER),
        "latest": TaskHeartbeat.objects.first(),
    }
