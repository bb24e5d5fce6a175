"""Enrol, complete lessons, evaluate requirements, freeze them, fire notifications once."""

import pytest

from courses.models import Enrollment, LessonPage, LessonProgress
from courses.services import (
    CourseUnavailable,
    enrollment_create,
    enrollment_evaluate,
    lesson_complete,
)
from plugins.testing import plugin_registered
from tests.factories import course_with_lessons
from tests.plugins.recorder import Exploding

pytestmark = pytest.mark.django_db


def lessons_of(course):
    return list(LessonPage.objects.live().child_of(course).order_by("path"))


def test_enrolling_twice_gives_one_enrollment(
    site, learner, recorder, django_capture_on_commit_callbacks
):
    course = course_with_lessons()
    with django_capture_on_commit_callbacks(execute=True):
        first = enrollment_create(user=learner, course=course)
        second = enrollment_create(user=learner, course=course)
    assert first.pk == second.pk
    assert Enrollment.objects.filter(user=learner).count() == 1
    assert recorder.names() == ["after_enrollment_created"]


def test_unpublished_course_cannot_be_joined(site, learner):
    course = course_with_lessons(publish=False)
    with pytest.raises(CourseUnavailable):
        enrollment_create(user=learner, course=course)


def test_enrollment_links_the_learners_person(site, learner):
    from lms.org.models import Person
    from tests.factories import PersonFactory, org_unit

    person = PersonFactory(unit=org_unit(code="U1"), user=learner)
    enrollment = enrollment_create(user=learner, course=course_with_lessons())
    assert enrollment.person == person
    assert Person.objects.get(pk=person.pk).enrollments.get() == enrollment


def test_completing_every_lesson_completes_and_passes_once(
    site, learner, recorder, django_capture_on_commit_callbacks
):
    course = course_with_lessons(lessons=2)
    enrollment = enrollment_create(user=learner, course=course)
    first, second = lessons_of(course)
    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(enrollment=enrollment, lesson=first)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(enrollment=enrollment, lesson=second)
        lesson_complete(enrollment=enrollment, lesson=second)  # a second click changes nothing
        enrollment_evaluate(enrollment=Enrollment.objects.get(pk=enrollment.pk))
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    assert enrollment.passed is True
    assert LessonProgress.objects.filter(enrollment=enrollment).count() == 2
    assert recorder.names().count("after_course_completed") == 1
    assert recorder.names().count("after_lesson_completed") == 2


def test_course_completion_is_announced_only_when_the_transaction_commits(
    site, learner, recorder, django_capture_on_commit_callbacks
):
    course = course_with_lessons(lessons=1)
    enrollment = enrollment_create(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lesson_complete(enrollment=enrollment, lesson=lessons_of(course)[0])
    assert "after_course_completed" not in recorder.names()
    for callback in callbacks:
        callback()
    assert recorder.names().count("after_course_completed") == 1


def test_a_lesson_of_another_course_is_refused(site, learner):
    course = course_with_lessons(slug="mot")
    other = course_with_lessons(slug="hai")
    enrollment = enrollment_create(user=learner, course=course)
    with pytest.raises(CourseUnavailable):
        lesson_complete(enrollment=enrollment, lesson=lessons_of(other)[0])
    assert not LessonProgress.objects.exists()


def test_an_unpublished_lesson_is_refused(site, learner):
    course = course_with_lessons(lessons=2)
    enrollment = enrollment_create(user=learner, course=course)
    lesson = lessons_of(course)[0]
    lesson.unpublish()
    with pytest.raises(CourseUnavailable):
        lesson_complete(enrollment=enrollment, lesson=LessonPage.objects.get(pk=lesson.pk))


def test_requirements_are_frozen_when_the_learner_starts(site, learner):
    course = course_with_lessons(lessons=2)
    enrollment = enrollment_create(user=learner, course=course)
    first, second = lessons_of(course)
    lesson_complete(enrollment=enrollment, lesson=first)

    # The trainer later adds a quiz requirement with a high pass mark.
    course.completion_requirements = [
        {"type": "all_lessons_done", "value": None},
        {"type": "quiz_passed", "value": {"pass_mark": 100}},
    ]
    course.save_revision().publish()
    from tests.factories import quiz_value

    quiz = LessonPage(
        title="Mới", slug="moi", body=[{"type": "quiz", "id": "new", "value": quiz_value()}]
    )
    course.add_child(instance=quiz)
    quiz.save_revision().publish()

    enrollment.refresh_from_db()
    assert [r["type"] for r in enrollment.frozen_requirements] == ["all_lessons_done"]
    lesson_complete(enrollment=enrollment, lesson=second)
    lesson_complete(enrollment=enrollment, lesson=LessonPage.objects.get(pk=quiz.pk))
    enrollment.refresh_from_db()
    assert enrollment.passed is True  # held to the rules they started under


def test_a_raising_after_hook_does_not_break_completion(
    site, learner, recorder, django_capture_on_commit_callbacks, caplog
):
    course = course_with_lessons(lessons=1)
    enrollment = enrollment_create(user=learner, course=course)
    with (
        plugin_registered(Exploding(), name="exploding"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        lesson_complete(enrollment=enrollment, lesson=lessons_of(course)[0])
    enrollment.refresh_from_db()
    assert enrollment.passed is True
    assert "after_course_completed" in recorder.names()  # other plugins still hear it
    assert "Plugin 'exploding' failed handling the event after_course_completed" in caplog.text
