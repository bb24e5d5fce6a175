from plugins.api import enrollment_requirements
from plugins.quiz.grading import DEFAULT_PASS_MARK, QUIZ_PASSED
from plugins.quiz.models import QuizAttempt


def quiz_questions(quiz) -> list[dict]:
    """Questions with stable ids, as the grader and the templates see them."""
    return [
        {
            "id": question.id,
            "text": question.value["text"],
            "multiple": question.value["multiple"],
            "explanation": question.value["explanation"],
            "choices": [
                {"id": choice.id, "text": choice.value["text"], "correct": choice.value["correct"]}
                for choice in question.value["choices"].bound_blocks
            ],
        }
        for question in quiz["questions"].bound_blocks
    ]


def quiz_pass_mark(*, enrollment=None, spec: list[dict] | None = None) -> int | None:
    """The pass mark (%) the learner's quizzes are graded against: the "quizzes passed" rule of
    the requirements they are held to (``spec``, else the enrollment's). None when no such
    rule applies: the trainer made the quizzes optional, and any attempt completes a lesson."""
    if spec is None:
        spec = enrollment_requirements(enrollment=enrollment)
    for rule in spec:
        if rule["type"] == QUIZ_PASSED:
            return int((rule["params"] or {}).get("pass_mark", DEFAULT_PASS_MARK))
    return None


def attempted_lessons(*, enrollment) -> dict[int, str]:
    """{lesson id: "attempted"} for every lesson where the learner submitted a quiz."""
    lesson_ids = (
        QuizAttempt.objects.filter(enrollment=enrollment)
        .order_by()
        .values_list("lesson_id", flat=True)
        .distinct()
    )
    return {lesson_id: "attempted" for lesson_id in lesson_ids}


def quiz_state(*, quiz, lesson, block_id: str, enrollment, pass_mark: int | None = None) -> dict:
    """What the quiz shows a learner: its questions, their last attempt, attempts left, and
    whether they passed against ``pass_mark`` (None: any attempt counts).

    The correct answers are only part of the state once no attempt is left or the quiz is
    passed, so they never reach the browser while they could still help an attempt.
    """
    attempts = []
    if enrollment is not None and lesson is not None and block_id:
        attempts = list(
            QuizAttempt.objects.filter(enrollment=enrollment, lesson=lesson, block_id=block_id)
        )
    max_attempts = quiz["max_attempts"]
    attempts_left = None if max_attempts is None else max(max_attempts - len(attempts), 0)
    last = attempts[-1] if attempts else None
    best_score = max((attempt.score for attempt in attempts), default=None)
    passed = best_score is not None and (pass_mark is None or best_score >= pass_mark)
    last_passed = last is not None and (pass_mark is None or last.score >= pass_mark)
    # The answers show once they can no longer help: no attempt left, or the quiz passed
    # (a quiz without a pass mark may be retried, so it keeps them until the last attempt).
    reveal = last is not None and (attempts_left == 0 or (passed and pass_mark is not None))
    questions = quiz_questions(quiz)
    for question in questions:
        chosen = set(last.answers.get(question["id"], [])) if last else set()
        correct = {choice["id"] for choice in question["choices"] if choice["correct"]}
        question["answered_right"] = bool(last) and chosen == correct
        for choice in question["choices"]:
            choice["chosen"] = choice["id"] in chosen
            if not reveal:
                choice.pop("correct")
        if not last:
            question.pop("explanation")
    return {
        "questions": questions,
        "attempts": attempts,
        "last_attempt": last,
        "best_score": best_score,
        "attempts_left": attempts_left,
        "max_attempts": max_attempts,
        "pass_mark": pass_mark,
        "passed": passed,
        "last_passed": last_passed,
        # Once the quiz is passed or the course completed, another attempt changes nothing;
        # a quiz that decides nothing (no pass mark) may still be tried again, as allowed.
        "can_attempt": enrollment is not None
        and enrollment.completed_at is None
        and (pass_mark is None or not passed)
        and attempts_left != 0,
        "next_attempt_number": len(attempts) + 1,
        "block_id": block_id,
    }
