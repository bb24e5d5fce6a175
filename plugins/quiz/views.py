from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plugins.api import CourseUnavailable, NotEnrolled, learner_lesson
from plugins.quiz.selectors import quiz_pass_mark
from plugins.quiz.services import QuizError, quiz_submit

MAX_ANSWERS = 500


@require_POST
@login_required
def quiz_submit_view(request, lesson_id: int, block_id: str):
    try:
        enrollment, lesson = learner_lesson(user=request.user, lesson_id=lesson_id)
    except NotEnrolled:
        raise Http404 from None
    answers: dict[str, list[str]] = {}
    for key in list(request.POST.keys())[:MAX_ANSWERS]:
        if key.startswith("q-"):
            answers[key[2:]] = request.POST.getlist(key)[:50]
    try:
        number = int(request.POST.get("attempt", ""))
    except ValueError:
        number = 0
    try:
        attempt = quiz_submit(
            enrollment=enrollment,
            lesson=lesson,
            block_id=block_id,
            answers=answers,
            attempt_number=number,
        )
    except QuizError as error:
        messages.error(request, str(error))
    except CourseUnavailable:
        raise Http404 from None
    else:
        figures = {
            "correct": attempt.correct_count,
            "total": attempt.question_count,
            # One decimal where it matters: 66.67 % must not read "67 %" against a 67 % mark.
            "score": floatformat(attempt.score, -1),
        }
        pass_mark = quiz_pass_mark(enrollment=enrollment)
        if pass_mark is None:
            messages.success(
                request,
                _("Quiz submitted: %(correct)s of %(total)s correct (%(score)s%%).") % figures,
            )
        elif attempt.score >= pass_mark:
            messages.success(
                request,
                _("Passed: %(correct)s of %(total)s correct (%(score)s%%).") % figures,
            )
        else:
            messages.warning(
                request,
                _("Not passed: %(correct)s of %(total)s correct (%(score)s%%); %(mark)s%% needed.")
                % {**figures, "mark": pass_mark},
            )
    return redirect(f"{lesson.url}#quiz-{block_id}")
