"""Quiz submissions: validated on the server, recorded once, then the lesson is completed."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plugins.api import (
    Enrollment,
    LessonPage,
    course_lessons,
    enrollment_lock,
    graded_attempt_record,
)
from plugins.quiz.blocks import QuizBlock
from plugins.quiz.models import QuizAttempt
from plugins.quiz.selectors import quiz_pass_mark, quiz_questions


class QuizError(Exception):
    """A submission that cannot be recorded; the message is for the learner."""


@dataclass(frozen=True)
class CourseQuiz:
    lesson_id: int
    block_id: str
    max_attempts: int | None


def course_quizzes(*, course) -> list[CourseQuiz]:
    """Every quiz in the live lessons of a course (one query)."""
    return [
        CourseQuiz(lesson.pk, child.id, child.value["max_attempts"])
        for lesson in course_lessons(course=course)
        for child in lesson.body
        if isinstance(child.block, QuizBlock)
    ]


def quiz_in_lesson(*, lesson: LessonPage, block_id: str):
    for child in lesson.body:
        if child.id == block_id and isinstance(child.block, QuizBlock):
            return child.value
    raise QuizError(_("This quiz does not exist in this lesson."))


def quiz_grade(*, quiz, answers: dict[str, list[str]]) -> tuple[int, int]:
    """(correct questions, questions). Refuses unknown ids and unanswered questions."""
    questions = quiz_questions(quiz)
    known_questions = {question["id"] for question in questions}
    if set(answers) - known_questions:
        raise QuizError(_("The answers do not belong to this quiz. Please reload the page."))
    correct = 0
    for question in questions:
        chosen = answers.get(question["id"], [])
        if not chosen:
            raise QuizError(_("Please answer every question before submitting."))
        choice_ids = {choice["id"] for choice in question["choices"]}
        if not set(chosen) <= choice_ids:
            raise QuizError(_("The answers do not belong to this quiz. Please reload the page."))
        if len(chosen) > 1 and not question["multiple"]:
            raise QuizError(_("Choose one answer for each single-choice question."))
        if set(chosen) == {choice["id"] for choice in question["choices"] if choice["correct"]}:
            correct += 1
    return correct, len(questions)


def quiz_submit(
    *,
    enrollment: Enrollment,
    lesson: LessonPage,
    block_id: str,
    answers: dict[str, list[str]],
    attempt_number: int,
    at: datetime.datetime | None = None,
) -> QuizAttempt:
    """Record one attempt. ``attempt_number`` is the number the form was shown for: a replayed
    or double-clicked form, or one past the attempt limit, records nothing.

    The lesson is done once every quiz in it reaches the pass mark the learner is held to; a
    failed attempt leaves it open (and may settle the course when no attempt is left)."""
    at = at or timezone.now()
    quiz = quiz_in_lesson(lesson=lesson, block_id=block_id)
    correct, total = quiz_grade(quiz=quiz, answers=answers)
    with transaction.atomic():
        enrollment_lock(enrollment=enrollment)  # one learner's submissions, one at a time
        done = QuizAttempt.objects.filter(
            enrollment=enrollment, lesson=lesson, block_id=block_id
        ).count()
        if quiz["max_attempts"] is not None and done >= quiz["max_attempts"]:
            raise QuizError(_("You have used every attempt allowed for this quiz."))
        if attempt_number != done + 1:
            raise QuizError(_("This attempt was already submitted."))
        attempt = QuizAttempt.objects.create(
            enrollment=enrollment,
            lesson=lesson,
            block_id=block_id,
            number=done + 1,
            answers=answers,
            correct_count=correct,
            question_count=total,
            score=(Decimal(100) * correct / total).quantize(Decimal("0.01")),
            submitted_at=at,
        )
        graded_attempt_record(
            enrollment=enrollment,
            lesson=lesson,
            passed=lesson_passed(
                enrollment=enrollment,
                lesson=lesson,
                pass_mark=quiz_pass_mark(enrollment=enrollment),
            ),
            at=at,
        )
    return attempt


def lesson_passed(*, enrollment: Enrollment, lesson: LessonPage, pass_mark: int | None) -> bool:
    """Every quiz of the lesson has an attempt at or above the pass mark (any attempt when the
    course's quizzes decide nothing: ``pass_mark`` None)."""
    best: dict[str, Decimal] = {}
    for block_id, score in QuizAttempt.objects.filter(
        enrollment=enrollment, lesson=lesson
    ).values_list("block_id", "score"):
        best[block_id] = max(score, best.get(block_id, score))
    quiz_ids = [child.id for child in lesson.body if isinstance(child.block, QuizBlock)]
    if pass_mark is None:
        return all(block_id in best for block_id in quiz_ids)
    return all(block_id in best and best[block_id] >= pass_mark for block_id in quiz_ids)
