"""Rendering one certificate's PDF (asked for by certificates.services and certificates.bulk)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

# Transient failures (the database, storage, a busy worker) are retried with backoff, waiting
# at most retry_backoff_max; a certificate still pending after that is resumed by beat.
RETRY = {
    "autoretry_for": (OperationalError, InterfaceError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


@shared_task(
    name="certificates.tasks.certificate_render_task",
    acks_late=True,
    ignore_result=True,
    soft_time_limit=120,
    time_limit=180,
    **RETRY,
)
def certificate_render_task(*, certificate_id: int) -> None:
    from certificates.issuing import certificate_render

    certificate_render(certificate_id=certificate_id)
