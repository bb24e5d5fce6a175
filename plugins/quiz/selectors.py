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


def quiz_state(*, quiz, lesson, block_id: str, enrollment) -> dict:
    """What the quiz shows a learner: its questions, their last attempt, attempts left.

    The correct answers are only part of the state once an attempt has been submitted and no
    attempt is left, so they never reach the browser before that.
    """
    attempts = []
    if enrollment is not None and lesson is not None and block_id:
        attempts = list(
            QuizAttempt.objects.filter(enrollment=enrollment, lesson=lesson, block_id=block_id)
        )
    max_attempts = quiz["max_attempts"]
    attempts_left = None if max_attempts is None else max(max_attempts - len(attempts), 0)
    last = attempts[-1] if attempts else None
    reveal = last is not None and attempts_left == 0
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
        "best_score": max((attempt.score for attempt in attempts), default=None),
        "attempts_left": attempts_left,
        # Once the course is completed, further attempts would change nothing.
        "can_attempt": enrollment is not None
        and enrollment.completed_at is None
        and attempts_left != 0,
        "next_attempt_number": len(attempts) + 1,
        "block_id": block_id,
    }
