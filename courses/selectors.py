"""Reads for learning. Each runs a fixed number of queries, whatever the data size.

The pages' own reads (catalogue, course, lesson) live with the pages in courses.models.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from courses.models import CoursePage, Enrollment, LessonPage, LessonProgress, live_lessons_count
from courses.requirements import (
    course_requirements,
    requirement_evaluate,
    requirement_types,
    requirements_describe,
)
from courses.services import NotEnrolled, enrollment_of


def course_lessons(*, course: CoursePage) -> list[LessonPage]:
    """The course's live lessons, in order."""
    return course.live_lessons()


def enrollment_lesson_counts(*, enrollment: Enrollment) -> tuple[int, int]:
    """(lessons the learner completed, live lessons of the course): two small counts."""
    return enrollment.lesson_counts()


def learner_lesson(*, user, lesson_id: int) -> tuple[Enrollment, LessonPage]:
    """A live, public lesson and the user's enrollment in its course; NotEnrolled when there is
    no such lesson or the user is not enrolled in its live course (a view answers 404)."""
    lesson = LessonPage.objects.live().public().filter(pk=lesson_id).first()
    if lesson is None:
        raise NotEnrolled(lesson_id)
    course = lesson.get_parent().specific
    enrollment = enrollment_of(user=user, course=course)
    enrollment.course = course  # the page just read, not read again
    return enrollment, lesson


def enrollments_with_progress(*, user) -> list[Enrollment]:
    """The learner's enrollments, newest first, each with ``lesson_count``, ``done_count``,
    ``progress_percent`` (live lessons only) and ``last_activity_at``: one query, whatever
    their number."""
    done = (
        LessonProgress.objects.filter(
            enrollment=OuterRef("pk"),
            lesson__in=LessonPage.objects.live().values("pk"),
        )
        .order_by()
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    enrollments = list(
        Enrollment.objects.filter(user=user)
        .select_related("course")
        .annotate(
            lesson_count=live_lessons_count("course__"),
            done_count=Coalesce(Subquery(done, output_field=IntegerField()), 0),
            # The last lesson done, else the start, else the enrolment (NULLs are skipped).
            last_activity_at=Coalesce(Max("progress__completed_at"), "started_at", "enrolled_at"),
        )
        .order_by("-enrolled_at")
    )
    for enrollment in enrollments:
        enrollment.progress_percent = (
            round(
                100 * min(enrollment.done_count, enrollment.lesson_count) / enrollment.lesson_count
            )
            if enrollment.lesson_count
            else 0
        )
    return enrollments


@dataclass(frozen=True)
class ContradictedResult:
    enrollment: Enrollment
    unmet: list[str]  # the graded rules the learner does not meet, described


def passed_enrollments_contradicted(
    *, course: CoursePage | None = None
) -> Iterator[ContradictedResult]:
    """Passed enrollments that their course's graded activities contradict.

    Each passed enrollment is held to the graded rules its course applies today (the trainer's,
    or passing every quiz by default); those it does not meet are listed. Such passes come from
    rules frozen before graded activities decided the result. Courses whose trainer made graded
    activities optional are left out: there the trainer said so. A rule whose plugin is
    disabled cannot be judged and is not reported.
    """
    types = requirement_types()
    enrollments = (
        Enrollment.objects.filter(passed=True)
        .select_related("course", "user")
        .order_by("course_id", "pk")
    )
    if course is not None:
        enrollments = enrollments.filter(course=course)
    for _course_id, group in groupby(enrollments.iterator(chunk_size=2000), key=_course_of):
        group = list(group)
        page = group[0].course
        if page.graded_activities_optional:
            continue
        graded = [
            rule
            for rule in course_requirements(course=page)
            if getattr(types.get(rule["type"]), "graded", False)
        ]
        if not graded:
            continue
        labels = requirements_describe(spec=graded)
        for enrollment in group:
            unmet = []
            for label, rule in zip(labels, graded, strict=True):
                result = requirement_evaluate(enrollment=enrollment, requirement=rule)
                if result.available and not result.met:
                    unmet.append(label)
            if unmet:
                yield ContradictedResult(enrollment=enrollment, unmet=unmet)


def _course_of(enrollment: Enrollment) -> int:
    return enrollment.course_id
