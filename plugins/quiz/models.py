from django.db import models
from django.utils.translation import gettext_lazy as _


class QuizAttempt(models.Model):
    """One submission of one quiz block by one learner."""

    enrollment = models.ForeignKey(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    number = models.PositiveSmallIntegerField(_("attempt"))
    answers = models.JSONField(default=dict)  # question id -> [choice ids]
    correct_count = models.PositiveSmallIntegerField()
    question_count = models.PositiveSmallIntegerField()
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson", "block_id", "number"],
                name="quiz_attempt_unique_number",
            )
        ]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.enrollment_id}/{self.lesson_id}/{self.block_id} #{self.number}"
