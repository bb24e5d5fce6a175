from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services import certificate_render


@shared_task(
    acks_late=True,
    ignore_result=True,
    # Transient failures (the database, storage, a busy worker) are retried with backoff; a
    # certificate left pending is picked up again by issue_missing (see certificates.bulk).
    autoretry_for=(OperationalError, InterfaceError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def certificate_render_task(*, certificate_id: int) -> None:
    certificate_render(certificate_id=certificate_id)


@shared_task(acks_late=True, ignore_result=True)
def certificate_bundle_task(*, bundle_id: int) -> None:
    from .bulk import bundle_build

    bundle_build(bundle_id=bundle_id)


@shared_task(acks_late=True, ignore_result=True)
def certificates_issue_missing_task(*, course_id: int) -> None:
    from courses.models import CoursePage

    from .bulk import certificates_issue_missing

    certificates_issue_missing(course=CoursePage.objects.get(pk=course_id))


@shared_task(acks_late=True, ignore_result=True)
def certificates_reissue_all_task(*, course_id: int, user_id: int, reason: str) -> None:
    from django.contrib.auth import get_user_model

    from courses.models import CoursePage

    from .bulk import certificates_reissue_all

    certificates_reissue_all(
        course=CoursePage.objects.get(pk=course_id),
        by=get_user_model().objects.filter(pk=user_id).first(),
        reason=reason,
    )
