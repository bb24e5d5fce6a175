"""Reads for site-wide pages: what composes courses and certificates lives here."""

from django.conf import settings

from certificates.models import Certificate
from courses.selectors import enrollments_with_progress

from .models import TaskHeartbeat


def my_learning(*, user) -> dict:
    """The learner's enrollments with progress and certificates: four queries, whatever their
    number."""
    enrollments = enrollments_with_progress(user=user)
    certificates = {
        certificate.enrollment_id: certificate
        for certificate in Certificate.objects.filter(
            enrollment__in=[e.pk for e in enrollments if e.completed_at is not None]
        ).only("enrollment_id", "code", "serial", "status")
    }
    for enrollment in enrollments:
        enrollment.issued_certificate = certificates.get(enrollment.pk)
    return {
        "in_progress": [e for e in enrollments if e.completed_at is None],
        "completed": [e for e in enrollments if e.completed_at is not None],
    }


def task_queue_status() -> dict:
    """What the admin dashboard says about background tasks."""
    return {
        "in_process": settings.LMS_TASKS_IN_PROCESS,
        "latest": TaskHeartbeat.objects.first(),
    }
