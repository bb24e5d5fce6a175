"""Receivers of other apps' signals, connected in CoursesConfig.ready()."""

from django.dispatch import receiver
from wagtail.signals import task_approved, task_rejected, task_submitted, workflow_cancelled

from lms.org.signals import login_linked

from .review import (
    course_review_lessons_cancel,
    course_review_lessons_decide,
    course_review_lessons_submit,
    review_course,
)
from .services import enrollments_attach_person


@receiver(login_linked, dispatch_uid="courses.login_linked")
def on_login_linked(sender, *, person, user, **kwargs):
    # However the link was made (the learner's own proof, an HR officer's approval), what the
    # learner already studied counts for the person from now on.
    enrollments_attach_person(user=user, person=person)


# A course is reviewed with its lessons (courses.review): Wagtail's workflow signals, sent
# inside the transaction of the submission or decision, so the lessons follow or nothing does.


@receiver(task_submitted, dispatch_uid="courses.review_task_submitted")
def on_review_task_submitted(sender, instance, user=None, **kwargs):
    course = review_course(workflow_state=instance.workflow_state)
    if course is not None:
        course_review_lessons_submit(course=course, user=user, course_task_state=instance)


@receiver(task_approved, dispatch_uid="courses.review_task_approved")
@receiver(task_rejected, dispatch_uid="courses.review_task_rejected")
def on_review_task_decided(sender, instance, user=None, **kwargs):
    course_review_lessons_decide(course_task_state=instance, user=user)


@receiver(workflow_cancelled, dispatch_uid="courses.review_cancelled")
def on_review_cancelled(sender, instance, user=None, **kwargs):
    course = review_course(workflow_state=instance)
    if course is not None:
        course_review_lessons_cancel(course=course, user=user)
