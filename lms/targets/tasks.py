import datetime

from celery import shared_task
from django.utils import timezone

from .attainments import attainments_sync
from .models import Target
from .snapshots import snapshots_nightly


@shared_task(ignore_result=True)
def coverage_snapshots_task() -> None:
    """Nightly, just after midnight: the figures of the day that has just ended."""
    snapshots_nightly(day=timezone.localdate() - datetime.timedelta(days=1))


@shared_task(acks_late=True, ignore_result=True)
def target_attainments_task(*, target_id: int) -> None:
    """A target's definition changed: recompute who has attained it."""
    target = Target.objects.select_related("scope").filter(pk=target_id).first()
    if target is not None:
        attainments_sync(target=target)
