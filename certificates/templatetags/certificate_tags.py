"""Certificates where learners look for them: course and lesson pages show a passed learner
their certificate (courses cannot import certificates; templates compose them)."""

from django import template

from certificates.models import Certificate

register = template.Library()


@register.simple_tag
def enrollment_certificate(enrollment) -> Certificate | None:
    """The certificate of a passed enrollment, or None (one query; none when not passed)."""
    if enrollment is None or not enrollment.passed:
        return None
    return (
        Certificate.objects.filter(enrollment_id=enrollment.pk)
        .only("enrollment_id", "code", "serial", "status", "revoked_at")
        .first()
    )
