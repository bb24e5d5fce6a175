"""Writes for learning: enrol, complete a lesson, evaluate and complete an enrollment."""

import datetime
import functools
from statistics import mean

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import CoursePage, Enrollment, LessonPage, LessonProgress
from courses.requirements import (
    RequirementProgress,
    course_requirements,
    enrollment_requirements,
    requirement_evaluate,
)
from courses.signals import enrollment_completed
from lms.org.signals import people_changed_notify
from plugins.manager import hooks


class LearningError(Exception):
    """A learner's action that cannot be done; the view answers 404 or explains."""


class CourseUnavailable(LearningError):
    pass


class NotEnrolled(LearningError):
    pass


class NotInAudience(LearningError):
    """The course is not meant for this learner (a staff course, and no staff record)."""


def _person_of(user):
    return getattr(user, "person", None)  # RelatedObjectDoesNotExist is an AttributeError


def enrollment_create(
    *, user, course: CoursePage, at: datetime.datetime | None = None
) -> Enrollment:
    """Enrol a learner; enrolling twice (double click, two tabs) returns the same enrollment."""
    if not course.live:
        raise CourseUnavailable(course.pk)
    try:
        with transaction.atomic():
            enrollment, created = Enrollment.objects.get_or_create(
                user=user,
                course=course,
                defaults={"person": _person_of(user), "enrolled_at": at or timezone.now()},
            )
    except IntegrityError:  # the other tab won the race
        enrollment, created = Enrollment.objects.get(user=user, course=course), False
    if created:
        transaction.on_commit(
            functools.partial(hooks.after_enrollment_created, enrollment=enrollment)
        )
    return enrollment


def learner_enrol(*, user, course: CoursePage) -> Enrollment:
    """A learner enrolling themselves: only in a live course whose audiences include them."""
    if not course.open_to(user):
        raise NotInAudience(course.pk)
    return enrollment_create(user=user, course=course)


def enrollment_of(*, user, course: CoursePage) -> Enrollment:
    """The user's enrollment in a live course, or NotEnrolled."""
    if not user.is_authenticated or not course.live:
        raise NotEnrolled(course.pk)
    try:
        return Enrollment.objects.get(user=user, course=course)
    except Enrollment.DoesNotExist:
        raise NotEnrolled(course.pk) from None


def enrollment_start(*, enrollment: Enrollment, at: datetime.datetime) -> None:
    """Freeze the requirements the learner is held to, the first time they make progress."""
    if enrollment.started_at is not None:
        return
    enrollment.started_at = at
    enrollment.frozen_requirements = course_requirements(course=enrollment.course)
    enrollment.save(update_fields=["started_at", "frozen_requirements"])


def enrollment_lock(*, enrollment: Enrollment) -> Enrollment:
    """Lock the enrollment's row until the transaction ends (call it inside one): one learner's
    actions on a course, one at a time."""
    return Enrollment.objects.select_for_update().select_related("course").get(pk=enrollment.pk)


def lesson_complete(
    *, enrollment: Enrollment, lesson: LessonPage, at: datetime.datetime | None = None
) -> LessonProgress:
    """Record that the learner completed a lesson (once), then see if the course is complete."""
    return _lesson_progress_record(enrollment=enrollment, lesson=lesson, done=True, at=at)


def graded_attempt_record(
    *,
    enrollment: Enrollment,
    lesson: LessonPage,
    passed: bool,
    at: datetime.datetime | None = None,
) -> LessonProgress | None:
    """A graded activity of the lesson was attempted (call it in the transaction that records
    the attempt). A lesson with a graded activity is done only once it is passed; a failed
    attempt still starts the enrollment and may settle the course (the last attempt used up)."""
    return _lesson_progress_record(enrollment=enrollment, lesson=lesson, done=passed, at=at)


def _lesson_progress_record(
    *, enrollment: Enrollment, lesson: LessonPage, done: bool, at: datetime.datetime | None
) -> LessonProgress | None:
    at = at or timezone.now()
    if not lesson.live or not lesson.get_parent() or lesson.get_parent().pk != enrollment.course_id:
        raise CourseUnavailable(lesson.pk)
    progress = None
    with transaction.atomic():
        enrollment = enrollment_lock(enrollment=enrollment)
        if not enrollment.course.live:
            raise CourseUnavailable(enrollment.course_id)
        enrollment_start(enrollment=enrollment, at=at)
        if done:
            progress, created = LessonProgress.objects.get_or_create(
                enrollment=enrollment, lesson=lesson, defaults={"completed_at": at}
            )
            if created:
                transaction.on_commit(
                    functools.partial(hooks.after_lesson_completed, progress=progress)
                )
        enrollment_evaluate(enrollment=enrollment, at=at)
    return progress


def enrollment_evaluate(
    *, enrollment: Enrollment, at: datetime.datetime | None = None
) -> list[RequirementProgress]:
    """Evaluate every requirement; complete the enrollment once all are settled.

    Completed and passed when every requirement is met; completed without passing as soon as
    one requirement can no longer be met (its last quiz attempt failed, say): the learner knows
    where they stand instead of an enrollment that stays open and cannot be passed.
    ``after_course_completed`` fires exactly once, when the transaction commits.
    """
    results = [
        requirement_evaluate(enrollment=enrollment, requirement=requirement)
        for requirement in enrollment_requirements(enrollment=enrollment)
    ]
    if enrollment.completed_at is not None:
        return results
    passed = all(result.met for result in results)
    lost = any(result.final and result.available and not result.met for result in results)
    if not (passed or lost):
        return results
    scores = [result.score for result in results if result.score is not None]
    completed_at = at or timezone.now()
    score = round(mean(scores), 2) if scores else None
    updated = Enrollment.objects.filter(pk=enrollment.pk, completed_at__isnull=True).update(
        completed_at=completed_at, passed=passed, score=score
    )
    if updated:
        enrollment.completed_at, enrollment.passed, enrollment.score = completed_at, passed, score
        enrollment_completed.send(sender=Enrollment, enrollment=enrollment)
        transaction.on_commit(
            functools.partial(hooks.after_course_completed, enrollment=enrollment)
        )
    return results


def enrollments_attach_person(*, user, person) -> int:
    """Once a learner's login is linked to their roster record, their enrollments count for
    that person (targets count people, not logins)."""
    attached = Enrollment.objects.filter(user=user, person__isnull=True).update(person=person)
    if attached:
        people_changed_notify(person_ids=[person.pk])
    return attached
