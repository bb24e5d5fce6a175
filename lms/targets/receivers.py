"""Keep attainments true: in the same transaction as the change that affects them, or (for a
course's competency areas, which may touch many people) in a task once the change is saved."""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published

from courses.models import CompetencyArea, CoursePage
from courses.signals import enrollment_completed
from lms.org.signals import people_changed

from .attainments import attainments_for_completion, attainments_sync_people
from .models import Target


@receiver(enrollment_completed, dispatch_uid="targets.enrollment_completed")
def on_enrollment_completed(sender, *, enrollment, **kwargs):
    attainments_for_completion(enrollment=enrollment)


@receiver(people_changed, dispatch_uid="targets.people_changed")
def on_people_changed(sender, *, person_ids, **kwargs):
    attainments_sync_people(person_ids=person_ids)


@receiver(pre_delete, sender=CompetencyArea, dispatch_uid="targets.area_deleted")
def on_competency_area_deleted(sender, *, instance, **kwargs):
    """Targets that qualified through a deleted area lose it: recount them once it is gone."""
    from .tasks import target_attainments_task

    for target_id in Target.objects.filter(competency_areas=instance).values_list("pk", flat=True):
        transaction.on_commit(
            lambda target_id=target_id: target_attainments_task.delay(target_id=target_id)
        )


@receiver(page_published, dispatch_uid="targets.course_published")
def on_course_published(sender, *, instance, **kwargs):
    """A course's competency areas may have changed: recompute the targets that qualify by
    one of its areas now, or that counted a completion of it before."""
    if not isinstance(instance, CoursePage):
        return
    from .tasks import target_attainments_task

    areas = list(instance.competency_areas.values_list("pk", flat=True))
    affected = (
        Target.objects.filter(
            Q(competency_areas__in=areas) | Q(attainments__enrollment__course=instance)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    for target_id in affected:
        transaction.on_commit(
            lambda target_id=target_id: target_attainments_task.delay(target_id=target_id)
        )
