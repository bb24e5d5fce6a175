"""Issuing certificates: created (pending) in the completing transaction, rendered by a task
(what the task does is certificates.issuing)."""

import functools
import logging
import secrets

from django.db import transaction
from django.utils import timezone

from plugins.manager import hooks

from .links import public_url, verification_url
from .models import Certificate, CertificateTemplate, SerialCounter
from .rendering import frozen_strings
from .serials import serial_default, serial_format
from .tasks.render import certificate_render_task

logger = logging.getLogger(__name__)

# 32 symbols without look-alikes (no 0/O, 1/I): 16 of them carry 80 bits, typed from paper
# in four groups of four.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16


def verification_code() -> str:
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(symbols[index : index + 4] for index in range(0, CODE_LENGTH, 4))


def code_normalise(text: str) -> str:
    """What someone typed from paper, as stored: upper case, grouped by four."""
    symbols = "".join(character for character in text.upper() if character in CODE_ALPHABET)
    return "-".join(symbols[index : index + 4] for index in range(0, len(symbols), 4))


def serial_take(*, issuer_code: str, year: int) -> int:
    """The next number for an issuer and year, under a row lock: gapless, because a rolled
    back transaction gives its number back."""
    SerialCounter.objects.bulk_create(
        [SerialCounter(issuer_code=issuer_code, year=year)], ignore_conflicts=True
    )
    counter = SerialCounter.objects.select_for_update().get(issuer_code=issuer_code, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def certificate_context(*, enrollment, template: CertificateTemplate, serial: str, code: str):
    """The strings a certificate shows, frozen when it is created."""
    person = enrollment.person
    user = enrollment.user
    completed = timezone.localdate(enrollment.completed_at)
    started = timezone.localdate(enrollment.started_at or enrollment.enrolled_at)
    name = person.full_name if person else (f"{user.last_name} {user.first_name}".strip())
    score = enrollment.score
    return frozen_strings(
        {
            "recipient_name": name or user.get_username(),
            "recipient_birth_date": _date(person.date_of_birth) if person else "",
            "recipient_unit": person.unit.name if person else "",
            "course_title": enrollment.course.title,
            "course_start": _date(started),
            "course_end": _date(completed),
            "result": f"Đạt ({score:g} điểm)" if score is not None else "Đạt",
            # The template holds the whole issuer: body, parent body, signatory and serial
            # prefix. The course page names the same body (courses/course_page.html).
            "issuing_body": template.issuing_body,
            "parent_body": template.parent_body,
            "place": template.place,
            "signatory_title": template.signatory_title,
            "signatory_name": template.signatory_name,
            "issue_day": f"{completed.day:02d}",
            "issue_month": f"{completed.month:02d}",
            "issue_year": str(completed.year),
            "serial": serial,
            "verification_url": verification_url(code),
            # Printed apart (the code on its own, the page to type it in), as the
            # verification page asks people to check "the code under the QR code".
            "verification_code": code,
            "verify_page_url": public_url("certificate_verify_form"),
        }
    )


def certificate_create(*, enrollment) -> Certificate | None:
    """In the completing transaction: a pending certificate for a passed enrollment of a course
    with a template (once); its PDF is rendered by a task after commit."""
    course = enrollment.course
    if not enrollment.passed or course.certificate_template_id is None:
        return None
    existing = Certificate.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        return existing
    template = course.certificate_template
    revision = template.latest_revision or template.save_revision()
    version = revision.as_object()
    year = timezone.localdate(enrollment.completed_at).year
    sequence = serial_take(issuer_code=version.issuer_code, year=year)
    code = verification_code()
    serial = serial_format(
        version.serial_pattern, sequence=sequence, year=year, issuer_code=version.issuer_code
    )
    if Certificate.objects.filter(serial=serial).exists():
        # Another issuer's pattern happens to spell the same number (serials are unique):
        # the default pattern's number belongs to this issuer, year and sequence alone.
        logger.warning("Serial %s is taken; the default pattern is used for it.", serial)
        serial = serial_default(sequence=sequence, year=year, issuer_code=version.issuer_code)
    certificate = Certificate.objects.create(
        enrollment=enrollment,
        template=template,
        template_revision=revision,
        code=code,
        issuer_code=version.issuer_code,
        year=year,
        sequence=sequence,
        serial=serial,
        context=certificate_context(
            enrollment=enrollment, template=version, serial=serial, code=code
        ),
    )
    extra = {}
    for _plugin, contribution in hooks.extend_certificate_context(certificate=certificate):
        extra.update(contribution or {})
    if extra:  # plugins add fields; they never overwrite the LMS's own
        certificate.context = {**frozen_strings(extra), **certificate.context}
        certificate.save(update_fields=["context"])
    certificate_render_task.delay_on_commit(certificate_id=certificate.pk)
    return certificate


class CertificateError(Exception):
    """An action on a certificate that cannot be done; the message is for the person asking."""


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke with a reason: recorded (who, when, why); the certificate stays verifiable."""
    from django.utils.translation import gettext as _

    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == Certificate.Status.REVOKED:
        raise CertificateError(_("This certificate is already revoked."))
    if not reason.strip():
        raise CertificateError(_("Give the reason for revoking the certificate."))
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at, certificate.revoked_by = timezone.now(), by
    certificate.revoke_reason = reason.strip()
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
    transaction.on_commit(
        functools.partial(hooks.after_certificate_revoked, certificate=certificate)
    )
    return certificate


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Re-issue (after a name correction or a template fix): the same verification code and
    serial, the context frozen again from today's records and the template's latest version,
    the old version recorded, and the PDF rendered again."""
    from django.utils.translation import gettext as _

    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("enrollment__course", "enrollment__person__unit", "template")
        .get(pk=certificate.pk)
    )
    if certificate.status == Certificate.Status.REVOKED:
        raise CertificateError(_("A revoked certificate cannot be re-issued."))
    if certificate.status == Certificate.Status.PENDING:
        raise CertificateError(_("This certificate is still being prepared."))
    certificate.history = [
        *certificate.history,
        {
            "version": certificate.version,
            "serial": certificate.serial,
            "sha256": certificate.sha256,
            "pdf": certificate.pdf.name,
            "template_revision": certificate.template_revision_id,
            "context": certificate.context,
            "reissued_at": timezone.now().isoformat(),
            "reissued_by": getattr(by, "pk", None),
            "reason": reason.strip(),
        },
    ]
    template = certificate.template
    revision = template.latest_revision or template.save_revision()
    certificate.template_revision = revision
    certificate.context = {
        **certificate.context,
        **certificate_context(
            enrollment=certificate.enrollment,
            template=revision.as_object(),
            serial=certificate.serial,
            code=certificate.code,
        ),
    }
    certificate.version += 1
    certificate.status = Certificate.Status.PENDING
    certificate.pdf, certificate.sha256, certificate.issued_at = "", "", None
    certificate.save()
    certificate_render_task.delay_on_commit(certificate_id=certificate.pk)
    return certificate
