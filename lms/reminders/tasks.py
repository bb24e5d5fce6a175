"""Reminders' background work. Tasks take ids and run lms.reminders.sending (imported in the
body), which queues nothing itself: lms.reminders.services queues these tasks."""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

# A database briefly unavailable is retried; a channel's own failure is logged per reminder
# by the service and never retries the batch (that would remind people twice).
RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


# Reminders one run of the batch task sends before it queues the rest: every run ends well
# within CELERY_TASK_TIME_LIMIT, however many people a province reminds.
BATCH_CHUNK = 500


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def reminder_batch_send_task(*, batch_id: int) -> None:
    """Send a batch of reminders, a chunk at a time (safe to run twice: who was logged is
    skipped)."""
    from .models import ReminderBatch
    from .sending import reminder_batch_send

    batch = ReminderBatch.objects.filter(pk=batch_id).first()
    if batch is not None and reminder_batch_send(batch=batch, limit=BATCH_CHUNK)["remaining"]:
        reminder_batch_send_task.delay_on_commit(batch_id=batch_id)


@shared_task(ignore_result=True, **RETRY)
def reminders_scheduled_task() -> None:
    """Daily: the reminders the targets' schedules owe today, a batch task per target."""
    from .sending import reminders_scheduled_send

    for run in reminders_scheduled_send(today=timezone.localdate(), in_background=True):
        if run.created:
            reminder_batch_send_task.delay_on_commit(batch_id=run.batch.pk)
