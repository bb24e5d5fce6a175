"""The worker's side of a heartbeat (run by lms.home.tasks; lms.home.services asks for it)."""

from django.utils import timezone

from .models import TaskHeartbeat


def heartbeat_mark_processed(*, heartbeat_id: int, worker: str) -> bool:
    """Mark a heartbeat processed; a redelivered task changes nothing. True if it did."""
    updated = TaskHeartbeat.objects.filter(pk=heartbeat_id, processed_at__isnull=True).update(
        processed_at=timezone.now(), processed_by=worker[:255]
    )
    return bool(updated)
