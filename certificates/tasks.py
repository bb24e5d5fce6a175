"""Certificate tasks. Each takes ids, calls one service, and is safe to deliver twice (acks_late:
a task lost with its worker is delivered again). Their time limits keep every run well inside
the broker's visibility timeout (settings: CELERY_BROKER_TRANSPORT_OPTIONS), so a task still
running is never handed to a second worker."""

import datetime

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services import certificate_render

# Transient failures (the database, storage, a busy worker) are retried with backoff, waiting
# at most retry_backoff_max; a certificate still pending after that is resumed by beat.
RETRY = {
    "autoretry_for": (OperationalError, InterfaceError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=120, time_limit=180, **RETRY)
def certificate_render_task(*, certificate_id: int) -> None:
    certificate_render(certificate_id=certificate_id)


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=600, time_limit=900)
def certificate_bundle_task(*, bundle_id: int) -> None:
    from .bulk import bundle_build

    bundle_build(bundle_id=bundle_id)


@shared_task(
    bind=True, acks_late=True, ignore_result=True, soft_time_limit=240, time_limit=300, **RETRY
)
def certificate_batch_task(self, *, batch_id: int) -> None:
    """One chunk of a batch, then the next chunk as a new task: short runs, queued behind
    the renders of the chunk before, and a lost worker costs one chunk, done again without
    doing anything twice."""
    from .bulk import certificate_batch_run

    while certificate_batch_run(batch_id=batch_id):
        if not self.request.is_eager:
            certificate_batch_task.delay(batch_id=batch_id)
            return
        # In-process (no broker) there is no worker to hand the next chunk to: go on here.


@shared_task(acks_late=True, ignore_result=True, time_limit=300)
def certificates_resume_task(*, older_than_seconds: int | None = None) -> None:
    """Beat: hand back to the workers the certificates and batches left unfinished."""
    from .bulk import RESUME_AFTER, certificates_resume

    older_than = (
        RESUME_AFTER
        if older_than_seconds is None
        else datetime.timedelta(seconds=older_than_seconds)
    )
    certificates_resume(older_than=older_than)
