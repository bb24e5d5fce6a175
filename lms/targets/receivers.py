"""Keep attainments true: in the same transaction as the change that affects them, or (for a
course's competency areas, which may touch many people) in a task once the change is saved."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published

from courses.models import CompetencyArea, CoursePage
from courses.signals import enrollment_completed
from lms.org.signals import people_changed

from .attainments import attainments_for_completion, attainments_sync_people
from .services import targets_recount_for_area, targets_recount_for_course


@receiver(enrollment_completed, dispatch_uid="targets.enrollment_completed")
def on_enrollment_completed(sender, *, enrollment, **kwargs):
    attainments_for_completion(enrollment=enrollment)


@receiver(people_changed, dispatch_uid="targets.people_changed")
def on_people_changed(sender, *, person_ids, **kwargs):
    attainments_sync_people(person_ids=person_ids)


@receiver(pre_delete, sender=CompetencyArea, dispatch_uid="targets.area_deleted")
def on_competency_area_deleted(sender, *, instance, **kwargs):
    """Before the deletion, while the area still links the targets it qualified for."""
    targets_recount_for_area(area=instance)


@receiver(page_published, dispatch_uid="targets.course_published")
def on_course_published(sender, *, instance, **kwargs):
    if isinstance(instance, CoursePage):
        targets_recount_for_course(course=instance)
