"""Work on many certificates: a batch's chunks, and a ZIP (asked for by certificates.bulk)."""

from celery import shared_task

from .render import RETRY


@shared_task(
    name="certificates.tasks.certificate_bundle_task",
    acks_late=True,
    ignore_result=True,
    soft_time_limit=600,
    time_limit=900,
)
def certificate_bundle_task(*, bundle_id: int) -> None:
    """Not retried: a ZIP that fails is shown as failed, and the officer asks for it again."""
    from certificates.bulk_work import bundle_build

    bundle_build(bundle_id=bundle_id)


@shared_task(
    bind=True,
    name="certificates.tasks.certificate_batch_task",
    acks_late=True,
    ignore_result=True,
    soft_time_limit=240,
    time_limit=300,
    **RETRY,
)
def certificate_batch_task(self, *, batch_id: int) -> None:
    """One chunk of a batch, then the next chunk as a new task: short runs, queued behind
    the renders of the chunk before, and a lost worker costs one chunk, done again without
    doing anything twice."""
    from certificates.bulk_work import certificate_batch_run

    while certificate_batch_run(batch_id=batch_id):
        if not self.request.is_eager:
            certificate_batch_task.delay_on_commit(batch_id=batch_id)
            return
        # In-process (no broker) there is no worker to hand the next chunk to: go on here.
