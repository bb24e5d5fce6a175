"""Receivers of other apps' signals, connected in CoursesConfig.ready()."""

from django.dispatch import receiver

from lms.org.signals import login_linked

from .services import enrollments_attach_person


@receiver(login_linked, dispatch_uid="courses.login_linked")
def on_login_linked(sender, *, person, user, **kwargs):
    # However the link was made (the learner's own proof, an HR officer's approval), what the
    # learner already studied counts for the person from now on.
    enrollments_attach_person(user=user, person=person)
