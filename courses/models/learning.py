"""What learners do in courses: enrollments and lesson progress."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .pages import CoursePage, LessonPage


class Enrollment(models.Model):
    """A learner's enrollment in a course: raw facts with timestamps.

    *Completed* and *passed* are separate facts: a learner who used up every quiz attempt below
    the pass mark has completed the course without passing it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="enrollments"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="enrollments")
    enrolled_at = models.DateTimeField(_("enrolled at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # The course's requirements as they were when the learner started; null before that.
    frozen_requirements = models.JSONField(null=True, blank=True, editable=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="enrollment_unique_user_course"
            ),
            models.CheckConstraint(
                condition=Q(passed__isnull=True) | Q(completed_at__isnull=False),
                name="enrollment_passed_only_when_completed",
            ),
        ]
        indexes = [models.Index(fields=["course", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.course_id}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    def lesson_counts(self) -> tuple[int, int]:
        """(lessons done, live lessons of the course): two small counts."""
        lessons = LessonPage.objects.live().child_of(self.course)
        return self.progress.filter(lesson__in=lessons).count(), lessons.count()


class LessonProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "lesson"], name="progress_unique_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.lesson_id}"
