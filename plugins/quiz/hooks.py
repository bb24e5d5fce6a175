from plugins.api import hookimpl


@hookimpl
def register_lesson_blocks():
    from plugins.quiz.blocks import QuizBlock

    return [("quiz", QuizBlock())]


@hookimpl
def register_completion_requirements():
    from plugins.quiz.requirements import QuizPassed

    return [QuizPassed()]


@hookimpl
def after_demo_lesson_reached(enrollment, lesson, passes, at):
    from plugins.quiz.demo import demo_attempts

    demo_attempts(enrollment=enrollment, lesson=lesson, passes=passes, at=at)


@hookimpl
def extend_lesson_states(enrollment):
    from plugins.quiz.selectors import attempted_lessons

    return attempted_lessons(enrollment=enrollment)
