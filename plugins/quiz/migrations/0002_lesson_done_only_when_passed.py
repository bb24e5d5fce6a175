"""A lesson holding quizzes is done only once they are passed (plugin API 0.3).

Before, any submitted attempt marked the lesson done, so a learner who failed saw it as done in
their outline and progress. This removes those records where the learner's best attempt at a
quiz of the lesson is below the pass mark their enrollment is held to. Attempts, scores and
completed enrollments' results are left as they are; only the "done" mark goes.
"""

from decimal import Decimal

from django.db import migrations

QUIZ_PASSED = "quiz_passed"
DEFAULT_PASS_MARK = 80


def _pass_mark(requirements) -> Decimal | None:
    """The pass mark of the frozen rules; None when no quiz rule applies (quizzes optional)."""
    for rule in requirements or []:
        if rule.get("type") == QUIZ_PASSED:
            return Decimal((rule.get("params") or {}).get("pass_mark", DEFAULT_PASS_MARK))
    return None


def forwards(apps, schema_editor):
    LessonProgress = apps.get_model("courses", "LessonProgress")
    QuizAttempt = apps.get_model("quiz", "QuizAttempt")
    best: dict[tuple[int, int], dict[str, Decimal]] = {}
    rows = QuizAttempt.objects.values_list("enrollment_id", "lesson_id", "block_id", "score")
    for enrollment_id, lesson_id, block_id, score in rows.iterator(chunk_size=5000):
        scores = best.setdefault((enrollment_id, lesson_id), {})
        scores[block_id] = max(score, scores.get(block_id, score))
    stale = []
    progress = LessonProgress.objects.select_related("enrollment").only(
        "pk", "lesson_id", "enrollment__frozen_requirements"
    )
    for record in progress.iterator(chunk_size=5000):
        scores = best.get((record.enrollment_id, record.lesson_id))
        if not scores:
            continue  # no quiz attempted there: a plain lesson, done by its button
        mark = _pass_mark(record.enrollment.frozen_requirements)
        if mark is not None and min(scores.values()) < mark:
            stale.append(record.pk)
    for start in range(0, len(stale), 5000):
        LessonProgress.objects.filter(pk__in=stale[start : start + 5000]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0001_initial"),
        ("courses", "0005_graded_activities_optional"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
