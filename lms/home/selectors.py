from django.conf import settings

from .models import TaskHeartbeat


def task_queue_status() -> dict:
    """What the admin dashboard says about background tasks."""
    return {
        "in_process": settings.LMS_TASKS_IN_PROCESS,
        "latest": TaskHeartbeat.objects.first(),
    }
