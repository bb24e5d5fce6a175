from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services import certificate_render


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def certificate_render_task(*, certificate_id: int) -> None:
    certificate_render(certificate_id=certificate_id)
