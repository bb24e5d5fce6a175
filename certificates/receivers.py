from django.dispatch import receiver

from courses.signals import enrollment_completed

from .services import certificate_create


@receiver(enrollment_completed, dispatch_uid="certificates.enrollment_completed")
def on_enrollment_completed(sender, *, enrollment, **kwargs):
    certificate_create(enrollment=enrollment)
