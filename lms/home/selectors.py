"""Reads for site-wide pages: what composes courses and certificates lives here."""

from django.conf import settings

from certificates.models import Certificate
from courses.selectors import enrollments_with_progress
from lms.targets.personal import targets_for_person

from .models import TaskHeartbeat


def my_learning(*, user) -> dict:
    """The learner's own page: where to continue, their courses with progress, what the plan
    requires of them, and their certificates. A fixed number of queries, whatever the number
    of enrollments."""
    enrollments = enrollments_with_progress(user=user)
    certificates = {
        certificate.enrollment_id: certificate
        for certificate in Certificate.objects.filter(
            enrollment__in=[e.pk for e in enrollments if e.completed_at is not None]
        ).only("enrollment_id", "code", "serial", "status", "issued_at")
    }
    for enrollment in enrollments:
        enrollment.issued_certificate = certificates.get(enrollment.pk)
    in_progress = [e for e in enrollments if e.completed_at is None]
    person = getattr(user, "person", None)  # RelatedObjectDoesNotExist is an AttributeError
    required = targets_for_person(person=person)
    return {
        "continue_with": _continue_with(user=user, in_progress=in_progress),
        "in_progress": in_progress,
        "completed": [e for e in enrollments if e.completed_at is not None],
        "required": required,
        # Enrollments whose certificate can be downloaded, for the "My certificates" list.
        "certified": [
            e
            for e in enrollments
            if e.issued_certificate is not None
            and e.issued_certificate.status == Certificate.Status.ISSUED
        ],
        "person": person,
    }


def _continue_with(*, user, in_progress) -> dict | None:
    """The course the learner was last busy with and its next lesson to do."""
    if not in_progress:
        return None
    latest = max(in_progress, key=lambda e: e.last_activity_at)
    detail = latest.course.progress_of(user)
    if detail["resume_lesson"] is None:
        return None
    return {
        "enrollment": latest,
        "lesson": detail["resume_lesson"],
        "position": detail["lessons"].index(detail["resume_lesson"]) + 1,
        "lesson_count": len(detail["lessons"]),
    }


def task_queue_status() -> dict:
    """What the admin dashboard says about background tasks."""
    return {
        "in_process": settings.LMS_TASKS_IN_PROCESS,
        "latest": TaskHeartbeat.objects.first(),
    }
