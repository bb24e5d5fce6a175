from statistics import mean

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from plugins.api import RequirementProgress, RequirementType
from plugins.quiz.grading import DEFAULT_PASS_MARK, QUIZ_PASSED


class QuizPassed(RequirementType):
    code = QUIZ_PASSED
    label = _("Quizzes passed")
    graded = True

    def params_block(self):
        return blocks.StructBlock(
            [
                (
                    "pass_mark",
                    blocks.IntegerBlock(
                        label=_("Pass mark (%)"),
                        min_value=0,
                        max_value=100,
                        default=DEFAULT_PASS_MARK,
                    ),
                )
            ],
            label=_("Quizzes passed with at least N%"),
            icon="tasks",
        )

    def describe(self, *, params) -> str:
        return gettext("Every quiz passed with at least %(mark)s%%") % {
            "mark": params.get("pass_mark", DEFAULT_PASS_MARK)
        }

    def default_params(self, *, course):
        from plugins.quiz.services import course_quizzes

        return {"pass_mark": DEFAULT_PASS_MARK} if course_quizzes(course=course) else None

    def evaluate(self, *, enrollment, params) -> RequirementProgress:
        from plugins.quiz.models import QuizAttempt
        from plugins.quiz.services import course_quizzes

        pass_mark = params.get("pass_mark", DEFAULT_PASS_MARK)
        quizzes = course_quizzes(course=enrollment.course)
        if not quizzes:
            return RequirementProgress(met=True, progress=1.0)
        attempts: dict[tuple[int, str], list] = {}
        for attempt in QuizAttempt.objects.filter(enrollment=enrollment).only(
            "lesson_id", "block_id", "score"
        ):
            attempts.setdefault((attempt.lesson_id, attempt.block_id), []).append(attempt.score)
        best_scores, passed, exhausted = [], 0, False
        for quiz in quizzes:
            scores = attempts.get((quiz.lesson_id, quiz.block_id), [])
            best = float(max(scores)) if scores else 0.0
            best_scores.append(best)
            if best >= pass_mark:
                passed += 1
            elif quiz.max_attempts is not None and len(scores) >= quiz.max_attempts:
                exhausted = True
        return RequirementProgress(
            met=passed == len(quizzes),
            progress=passed / len(quizzes),
            final=exhausted,
            score=round(mean(best_scores), 2),
        )
