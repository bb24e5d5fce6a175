"""Keep attainments true in the same transaction as the change that affects them."""

from django.dispatch import receiver

from courses.signals import enrollment_completed
from lms.org.signals import people_changed

from .attainments import attainments_for_completion, attainments_sync_people


@receiver(enrollment_completed, dispatch_uid="targets.enrollment_completed")
def on_enrollment_completed(sender, *, enrollment, **kwargs):
    attainments_for_completion(enrollment=enrollment)


@receiver(people_changed, dispatch_uid="targets.people_changed")
def on_people_changed(sender, *, person_ids, **kwargs):
    attainments_sync_people(person_ids=person_ids)
