"""Periodic certificate tasks (CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task


@shared_task(
    name="certificates.tasks.certificates_resume_task",
    acks_late=True,
    ignore_result=True,
    time_limit=300,
)
def certificates_resume_task(*, older_than_seconds: int | None = None) -> None:
    """Beat: hand back to the workers the certificates and batches left unfinished. Not
    retried: the next run, an interval later, does it."""
    from certificates.bulk import RESUME_AFTER, certificates_resume

    older_than = (
        RESUME_AFTER
        if older_than_seconds is None
        else datetime.timedelta(seconds=older_than_seconds)
    )
    certificates_resume(older_than=older_than)
