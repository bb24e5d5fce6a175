"""The quiz editor: a new question starts with the two answers it needs at least."""

from plugins.quiz.blocks import QuizBlock, QuizQuestionBlock


def answers(state) -> list[dict]:
    return [choice["value"] for choice in state["choices"]]


def test_a_new_question_starts_with_two_empty_answers():
    question = QuizQuestionBlock()
    choices = question.get_default()["choices"]
    assert [dict(choice) for choice in choices] == [
        {"text": "", "correct": False},
        {"text": "", "correct": False},
    ]
    # What the editor draws for a question added with "+": the same two answers.
    state = question.get_form_state(question.get_default())
    assert len(answers(state)) == 2


def test_a_new_quiz_block_starts_with_one_question_and_two_answers():
    quiz = QuizBlock()
    state = quiz.get_form_state(quiz.get_default())
    assert len(state["questions"]) == 1
    assert len(answers(state["questions"][0]["value"])) == 2


def test_each_new_question_gets_answers_of_its_own():
    question = QuizQuestionBlock()
    first, second = question.get_default(), question.get_default()
    first["choices"][0]["text"] = "Đúng"
    assert second["choices"][0]["text"] == ""
