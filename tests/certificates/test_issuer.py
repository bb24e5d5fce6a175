"""The course page and the certificate name the same issuer: the template's issuing body, which
comes with its parent body, signatory and serial prefix (a certificate never mixes two
issuers)."""

import datetime

import pytest

from certificates.models import Certificate
from tests.factories import course_with_lessons
from tests.targets.conftest import complete

pytestmark = pytest.mark.django_db
D = datetime.date


def issued(person, course, callbacks) -> Certificate:
    with callbacks(execute=False):
        enrollment = complete(person, course, on=D(2026, 3, 27))
    return Certificate.objects.get(enrollment=enrollment)


def test_the_course_page_names_the_issuer_the_certificate_prints(
    client, units, certificate_template, learner, django_capture_on_commit_callbacks
):
    unit = units["BDG-UBND"]
    course = course_with_lessons(
        title="Dịch vụ công", issuing_unit=unit, certificate_template=certificate_template
    )
    assert certificate_template.issuing_body != unit.name  # the case that used to differ

    certificate = issued(learner, course, django_capture_on_commit_callbacks)

    printed = certificate.context["issuing_body"]
    assert printed == certificate_template.issuing_body
    assert certificate.serial.endswith(certificate_template.issuer_code)  # one issuer
    page = client.get(course.url).content.decode()
    assert f"do {printed} cấp" in page


def test_a_course_naming_no_unit_keeps_the_templates_issuing_body(
    certified_course, certificate_template, learner, django_capture_on_commit_callbacks
):
    certificate = issued(learner, certified_course, django_capture_on_commit_callbacks)

    assert certificate.context["issuing_body"] == certificate_template.issuing_body
