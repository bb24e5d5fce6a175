"""Delivering a logged e-mail (queued by services.email_send)."""

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from .policy import MAX_ATTEMPTS, TRANSIENT_ERRORS


def retry_countdown(retries: int) -> int:
    """Up to 30 s, 1 min, 2 min (full jitter; LMS_EMAIL_RETRY_SECONDS is the first): a relay
    that restarts is waited for, and many failed messages do not all come back at once."""
    return get_exponential_backoff_interval(
        factor=settings.LMS_EMAIL_RETRY_SECONDS, retries=retries, maximum=600, full_jitter=True
    )


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=MAX_ATTEMPTS)
def email_send_task(self, *, outbound_id: int) -> None:
    from .delivery import outbound_email_deliver

    while True:
        try:
            outbound_email_deliver(outbound_id=outbound_id)
            return
        except TRANSIENT_ERRORS as error:
            # Celery's autoretry cannot serve here: run in process (no broker, as in development
            # and the tests) a retry is raised to the caller. There the next attempt is now;
            # with a worker it comes back after the backoff.
            if not self.request.is_eager:
                raise self.retry(
                    exc=error, countdown=retry_countdown(self.request.retries)
                ) from error
