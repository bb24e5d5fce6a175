"""A quiz decides the result even when the trainer left the completion rules empty, the editor
says which rule applies, and check_results finds passes that a graded activity contradicts."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from certificates.models import Certificate
from courses.models import LessonPage
from courses.services import enrollment_create, lesson_complete
from lms.demo.province import units_build
from lms.org.models import OrgUnit, Person
from plugins.quiz.services import quiz_submit
from tests.factories import (
    HALF_RIGHT_ANSWERS,
    RIGHT_ANSWERS,
    CertificateTemplateFactory,
    UserFactory,
    course_with_lessons,
)
from tests.targets.conftest import at, citizen

pytestmark = pytest.mark.django_db
D = datetime.date
NONE_RIGHT = {"q1": ["q1-a2"], "q2": ["q2-b3"]}


@pytest.fixture
def ward(site):
    units_build()
    return OrgUnit.objects.get(code="BDG-TU-KB")


@pytest.fixture
def learner(ward) -> Person:
    return citizen(ward, born=D(1990, 1, 1))


def take(course, person, answers, *, attempt=1):
    """Do every plain lesson, then answer the quiz once."""
    enrollment = enrollment_create(user=person.user, course=course, at=at(D(2026, 3, 1), 8))
    lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
    for lesson in lessons:
        if not lesson.has_graded_activity:
            lesson_complete(enrollment=enrollment, lesson=lesson, at=at(D(2026, 3, 1)))
    quiz_submit(
        enrollment=enrollment,
        lesson=next(lesson for lesson in lessons if lesson.has_graded_activity),
        block_id="quiz-1",
        answers=answers,
        attempt_number=attempt,
        at=at(D(2026, 3, 1), 11),
    )
    enrollment.refresh_from_db()
    return enrollment


def test_rules_left_empty_do_not_certify_a_failed_quiz(learner, django_capture_on_commit_callbacks):
    course = course_with_lessons(
        lessons=1,
        quiz=True,
        max_attempts=1,
        rules_left_empty=True,
        certificate_template=CertificateTemplateFactory(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = take(course, learner, NONE_RIGHT)
    assert enrollment.completed_at is not None  # no attempt left: settled
    assert enrollment.passed is False
    assert not Certificate.objects.exists()


def test_rules_left_empty_wait_for_a_pass_while_attempts_remain(learner):
    course = course_with_lessons(lessons=1, quiz=True, rules_left_empty=True)
    enrollment = take(course, learner, NONE_RIGHT)
    assert enrollment.completed_at is None
    assert enrollment.frozen_requirements == [
        {"type": "all_lessons_done", "params": None},
        {"type": "quiz_passed", "params": {"pass_mark": 80}},
    ]


def test_rules_left_empty_pass_once_the_quiz_is_passed(learner, django_capture_on_commit_callbacks):
    course = course_with_lessons(
        lessons=1,
        quiz=True,
        rules_left_empty=True,
        certificate_template=CertificateTemplateFactory(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = take(course, learner, RIGHT_ANSWERS)
    assert enrollment.passed is True
    assert Certificate.objects.get(enrollment=enrollment).status == Certificate.Status.ISSUED


def test_a_pass_mark_the_trainer_chose_is_kept(learner):
    course = course_with_lessons(lessons=0, quiz=True, pass_mark=50)
    enrollment = take(course, learner, HALF_RIGHT_ANSWERS)
    assert enrollment.passed is True
    assert [rule["type"] for rule in enrollment.frozen_requirements] == [
        "all_lessons_done",
        "quiz_passed",
    ]


def test_quizzes_made_optional_do_not_decide(learner):
    course = course_with_lessons(
        lessons=0, quiz=True, max_attempts=1, rules_left_empty=True, graded_activities_optional=True
    )
    enrollment = take(course, learner, NONE_RIGHT)
    assert enrollment.passed is True


def test_a_course_without_graded_activity_needs_every_lesson(learner):
    course = course_with_lessons(lessons=2, rules_left_empty=True)
    enrollment = enrollment_create(user=learner.user, course=course, at=at(D(2026, 3, 1)))
    assert enrollment.frozen_requirements is None
    lesson = LessonPage.objects.child_of(course).first()
    lesson_complete(enrollment=enrollment, lesson=lesson, at=at(D(2026, 3, 1)))
    enrollment.refresh_from_db()
    assert enrollment.frozen_requirements == [{"type": "all_lessons_done", "params": None}]
    assert enrollment.completed_at is None


def test_the_editor_shows_the_rule_that_applies(client, site):
    course = course_with_lessons(lessons=1, quiz=True, rules_left_empty=True)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(f"/admin/pages/{course.pk}/edit/")
    assert page.status_code == 200
    html = page.content.decode()
    panel = html[html.index("data-effective-rule") :]
    panel = panel[: panel.index("</div>")]
    assert "Hoàn thành mọi bài học" in panel  # the admin speaks Vietnamese by default
    assert "80%" in panel

    course.graded_activities_optional = True
    course.save_revision().publish()
    page = client.get(f"/admin/pages/{course.pk}/edit/")
    html = page.content.decode()
    # The panel holds the rule both ways (the tick box switches them at once): the one shown
    # now is the rule without the quiz.
    shown = html[html.index('<ul data-rules-when="optional">') :]
    assert "80%" not in shown[: shown.index("</ul>")]
    assert '<ul data-rules-when="required" hidden>' in html


def test_check_results_lists_passes_a_quiz_contradicts(learner, django_capture_on_commit_callbacks):
    course = course_with_lessons(
        lessons=1,
        quiz=True,
        max_attempts=1,
        rules_left_empty=True,
        certificate_template=CertificateTemplateFactory(),
    )
    honest = take(course, citizen(learner.unit, born=D(1991, 2, 2)), RIGHT_ANSWERS)
    # A learner who started under the old default, when the quiz decided nothing.
    enrollment = enrollment_create(user=learner.user, course=course, at=at(D(2026, 3, 1), 7))
    enrollment.started_at = at(D(2026, 3, 1), 7)
    enrollment.frozen_requirements = [{"type": "all_lessons_done", "params": None}]
    enrollment.save(update_fields=["started_at", "frozen_requirements"])
    with django_capture_on_commit_callbacks(execute=True):
        take(course, learner, NONE_RIGHT)
    enrollment.refresh_from_db()
    assert enrollment.passed is True
    certificate = Certificate.objects.get(enrollment=enrollment)

    with pytest.raises(CommandError, match="1 passed enrollment"):
        call_command("check_results")
    with pytest.raises(CommandError) as raised:
        call_command("check_results", "--course", course.slug, stdout=(out := io.StringIO()))
    assert "1 with a certificate" in str(raised.value)
    listed = out.getvalue()
    assert f"enrollment {enrollment.pk}\t" in listed
    assert certificate.serial in listed
    assert f"enrollment {honest.pk}\t" not in listed

    course.graded_activities_optional = True
    course.save_revision().publish()
    call_command("check_results", stdout=(out := io.StringIO()))
    assert "0 passed enrollment(s)" in out.getvalue()


def test_check_results_refuses_an_unknown_course(db):
    with pytest.raises(CommandError, match="No course"):
        call_command("check_results", "--course", "khong-co")
