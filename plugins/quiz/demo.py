"""Demo data: quiz attempts by the demo's simulated learners (``seed_demo``)."""

import datetime
import random

from plugins.api import Enrollment, LessonPage
from plugins.quiz.blocks import QuizBlock
from plugins.quiz.selectors import quiz_questions
from plugins.quiz.services import quiz_submit

PASS_ON_A_GIVEN_TRY = 0.7  # a learner who will pass often needs more than one attempt


def _answers(quiz, *, right: bool) -> dict[str, list[str]]:
    answers = {}
    for question in quiz_questions(quiz):
        correct = [choice["id"] for choice in question["choices"] if choice["correct"]]
        wrong = [choice["id"] for choice in question["choices"] if not choice["correct"]]
        answers[question["id"]] = correct if right else wrong[:1]
    return answers


def demo_attempts(
    *, enrollment: Enrollment, lesson: LessonPage, passes: bool, at: datetime.datetime
) -> None:
    """Attempt every quiz in the lesson: failing until the last allowed try when the learner
    does not pass, else passing on some try. The same learner and lesson give the same
    attempts on every run, so the demo is reproducible."""
    rng = random.Random(f"quiz-demo:{enrollment.pk}:{lesson.pk}")
    for child in lesson.body:
        if not isinstance(child.block, QuizBlock):
            continue
        right, wrong = _answers(child.value, right=True), _answers(child.value, right=False)
        tries = child.value["max_attempts"] or 2
        for number in range(1, tries + 1):
            at += datetime.timedelta(hours=rng.randint(1, 24))
            passing = passes and (number == tries or rng.random() < PASS_ON_A_GIVEN_TRY)
            quiz_submit(
                enrollment=enrollment,
                lesson=lesson,
                block_id=child.id,
                answers=right if passing else wrong,
                attempt_number=number,
                at=at,
            )
            if passing:
                break
