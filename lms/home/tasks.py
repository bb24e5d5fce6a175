"""Site-wide tasks. Each takes an id and runs one step, imported in its body: lms.home.services
enqueues them, and the modules whose steps they run never import this one."""

import socket

from celery import shared_task
from django.db import InterfaceError, OperationalError


# A database briefly unavailable is retried with backoff: marking a heartbeat twice changes
# nothing, so a retry is always safe.
@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def heartbeat_record(self, *, heartbeat_id: int) -> None:
    from .heartbeats import heartbeat_mark_processed

    worker = self.request.hostname or socket.gethostname()
    heartbeat_mark_processed(heartbeat_id=heartbeat_id, worker=worker)
