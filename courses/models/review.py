"""Which lesson reviews go with a course's review (courses.review)."""

from django.db import models


class CourseReviewLesson(models.Model):
    """A lesson's review task that a course's submission took along: the course's decision
    reaches these lessons and no others, so a lesson submitted later on its own is never
    published by an approval of the course its reviewer did not see it in."""

    course_task_state = models.ForeignKey(
        "wagtailcore.TaskState", on_delete=models.CASCADE, related_name="+"
    )
    lesson_task_state = models.ForeignKey(
        "wagtailcore.TaskState", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course_task_state", "lesson_task_state"],
                name="course_review_lesson_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_task_state_id} → {self.lesson_task_state_id}"
