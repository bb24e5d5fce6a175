"""Serial numbers: a pattern names the number, the year and the issuer, in safe characters,
and no two certificates share a number (a database constraint, kept by the data too)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from certificates.models import Certificate
from tests.factories import CertificateTemplateFactory, course_with_lessons
from tests.targets.conftest import complete, staff

from .test_certificates import ISSUED_ON, issue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "pattern, reason",
    [
        ("{seq}", "must contain"),
        ("{seq}-{issuer}", "must contain"),
        ("{seq}{year}/{issuer}", "separator"),  # 1 + 12026 = 11 + 2026
        ("{seq}/{year}/GCN {issuer}", "only letters"),
        ("Số {seq}/{year}/{issuer}", "only letters"),
        ("{seq}/{year}/{issuer}\\x", "only letters"),
        ("{{seq}}/{seq}/{year}/{issuer}", "only letters"),
        ("{seq:4}/{year}/{issuer}", "Only {seq}"),  # pads with spaces
        ("{seq:04d}/{year:>8}/{issuer}", "Only {seq}"),
        ("{seq}/{year}/{issuer!r}", "Only {seq}"),  # quotes
        ("{seq}/{year}/{issuer.upper}", "Only {seq}"),
        ("{seq:06d}/{year}/{issuer}/" + "X" * 70, "longer than"),  # with a 32-letter issuer
    ],
)
def test_unsafe_or_ambiguous_patterns_are_refused(certificate_template, pattern, reason):
    certificate_template.serial_pattern = pattern
    certificate_template.issuer_code = "A" * 32
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        certificate_template.full_clean()
    assert reason in " ".join(refused.value.message_dict["serial_pattern"])


@pytest.mark.parametrize(
    "pattern",
    ["{seq:04d}/{year}/GCN-{issuer}", "{issuer}.{year}.{seq:06d}", "{year}_{seq}_{issuer}"],
)
def test_safe_patterns_are_accepted(certificate_template, pattern):
    certificate_template.serial_pattern = pattern
    certificate_template.full_clean()


def test_the_database_refuses_a_second_certificate_with_the_same_serial(
    units, certified_course, django_capture_on_commit_callbacks
):
    first = issue(
        staff(units["BDG-STTTT"]), certified_course, callbacks=django_capture_on_commit_callbacks
    )
    second = issue(
        staff(units["BDG-STTTT"]), certified_course, callbacks=django_capture_on_commit_callbacks
    )
    second.serial = first.serial
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save(update_fields=["serial"])


def test_a_pattern_saved_before_the_rules_issues_with_the_default_one(
    units, site, django_capture_on_commit_callbacks
):
    """A template revision from before (its pattern "{seq}") never fails a learner's
    completion: its certificates get the default pattern's number."""
    template = CertificateTemplateFactory()
    template.serial_pattern = "{seq}"
    template.save()  # as it was accepted then, without today's check
    template.save_revision(clean=False)
    course = course_with_lessons(title="Khoá cũ", certificate_template=template)
    certificate = issue(
        staff(units["BDG-STTTT"]), course, callbacks=django_capture_on_commit_callbacks
    )
    assert certificate.serial == "0001/2026/GCN-STTTT"
    assert certificate.status == Certificate.Status.ISSUED


def test_two_issuers_whose_patterns_spell_the_same_number_both_issue(
    units, site, django_capture_on_commit_callbacks
):
    """STTTT's "{seq}/{year}/X-{issuer}" and X-STTTT's "{seq}/{year}/{issuer}" both spell
    1/2026/X-STTTT: the second certificate takes the default pattern's number instead."""
    one = CertificateTemplateFactory(issuer_code="STTTT", serial_pattern="{seq}/{year}/X-{issuer}")
    other = CertificateTemplateFactory(
        issuer_code="X-STTTT", serial_pattern="{seq}/{year}/{issuer}"
    )
    first = issue(
        staff(units["BDG-STTTT"]),
        course_with_lessons(title="Một", certificate_template=one),
        callbacks=django_capture_on_commit_callbacks,
    )
    second = issue(
        staff(units["BDG-STTTT"]),
        course_with_lessons(title="Hai", certificate_template=other),
        callbacks=django_capture_on_commit_callbacks,
    )
    assert first.serial == "1/2026/X-STTTT"
    assert second.serial == "0001/2026/GCN-X-STTTT"
    assert second.context["serial"] == second.serial
    assert {first.status, second.status} == {Certificate.Status.ISSUED}


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_shared_serials_new_numbers_and_reissues_them(units, site):
    """Certificates issued under "{seq}" by two issuers share "1": the first keeps it, the
    other gets its default-pattern number, its old version in the history, its PDF to
    render again."""
    from certificates import receivers

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("certificates")
    people = [staff(units["BDG-STTTT"]) for _ in range(3)]
    courses = [
        course_with_lessons(
            title=f"Khoá {code}",
            certificate_template=CertificateTemplateFactory(issuer_code=code),
        )
        for code in ("STTTT", "SNV")
    ]
    create = receivers.certificate_create
    receivers.certificate_create = lambda **kwargs: None  # completions without certificates
    try:
        enrollments = [
            complete(people[0], courses[0], on=ISSUED_ON),
            complete(people[1], courses[1], on=ISSUED_ON),
            complete(people[2], courses[1], on=ISSUED_ON + datetime.timedelta(days=400)),
        ]
    finally:
        receivers.certificate_create = create
    executor.migrate([("certificates", "0002_bundle")])
    old = executor.loader.project_state([("certificates", "0002_bundle")]).apps
    OldCertificate = old.get_model("certificates", "Certificate")
    rows = []
    for number, enrollment in enumerate(enrollments):
        course = enrollment.course
        rows.append(
            OldCertificate.objects.create(
                enrollment_id=enrollment.pk,
                template_id=course.certificate_template_id,
                code=f"CODE-{number}",
                issuer_code=course.certificate_template.issuer_code,
                year=2026 + (number == 2),
                sequence=1,
                serial="1",  # "{seq}" alone, all three
                status="issued",
                context={"serial": "1"},
                pdf=f"certificates/x-{number}.pdf",
                sha256="a" * 64,
            ).pk
        )
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    certificates = [Certificate.objects.get(pk=pk) for pk in rows]
    assert [c.serial for c in certificates] == ["1", "0001/2026/GCN-SNV", "0001/2027/GCN-SNV"]
    assert certificates[0].status == "issued" and certificates[0].version == 1
    for certificate in certificates[1:]:
        assert certificate.status == "pending" and certificate.version == 2
        assert certificate.context["serial"] == certificate.serial
        assert certificate.history[0]["serial"] == "1"
        assert certificate.history[0]["pdf"].startswith("certificates/x-")
