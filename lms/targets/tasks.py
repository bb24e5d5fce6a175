"""Targets' background work. Each task takes ids, runs one service (imported in its body, so
the modules that enqueue, lms.targets.services, never form a cycle with the ones that work),
and is safe to run twice: both services write what the data says, whatever is stored."""

import datetime

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

# A database that is briefly unavailable is retried with backoff (well within the broker's
# visibility timeout, see settings); any other error is a bug to see, not to repeat.
RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


@shared_task(ignore_result=True, **RETRY)
def coverage_snapshots_task() -> None:
    """Nightly, just after midnight: the figures of the day that has just ended."""
    from .snapshots import snapshots_nightly

    snapshots_nightly(day=timezone.localdate() - datetime.timedelta(days=1))


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def target_attainments_task(*, target_id: int) -> None:
    """A target's definition changed: recompute who has attained it."""
    from .attainments import attainments_sync
    from .models import Target

    target = Target.objects.select_related("scope").filter(pk=target_id).first()
    if target is not None:
        attainments_sync(target=target)
