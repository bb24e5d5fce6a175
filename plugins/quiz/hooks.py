from plugins import hookimpl


@hookimpl
def register_lesson_blocks():
    from plugins.quiz.blocks import QuizBlock

    return [("quiz", QuizBlock())]


@hookimpl
def register_completion_requirements():
    from plugins.quiz.requirements import QuizPassed

    return [QuizPassed()]
