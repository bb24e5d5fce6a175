"""Work on many certificates at once: issue the missing ones, re-issue after a template fix,
and gather PDFs into one ZIP (built by a task that reports its progress)."""

import datetime
import functools
import io
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from courses.models import Enrollment
from lms.org.models import OrgUnit

from .models import Certificate, CertificateBundle
from .services import certificate_create, certificate_reissue
from .tasks import certificate_render_task

PROGRESS_EVERY = 25


STALE_PENDING = datetime.timedelta(minutes=10)


def certificates_issue_missing(*, course) -> int:
    """Issue the certificates a course's passed enrollments lack, and render again those left
    pending for a while (a render that failed for good, or a lost task)."""
    stale = Certificate.objects.filter(
        enrollment__course=course,
        status=Certificate.Status.PENDING,
        created_at__lt=timezone.now() - STALE_PENDING,
    ).values_list("pk", flat=True)
    for certificate_id in stale:
        transaction.on_commit(
            functools.partial(certificate_render_task.delay, certificate_id=certificate_id)
        )
    count = 0
    missing = Enrollment.objects.filter(
        course=course, passed=True, certificate__isnull=True
    ).select_related("course", "person__unit", "user")
    for enrollment in missing.iterator():
        with transaction.atomic():
            if certificate_create(enrollment=enrollment) is not None:
                count += 1
    return count


def certificates_reissue_all(*, course, by, reason: str) -> int:
    count = 0
    issued = Certificate.objects.filter(enrollment__course=course, status=Certificate.Status.ISSUED)
    for certificate in issued.iterator():
        certificate_reissue(certificate=certificate, by=by, reason=reason)
        count += 1
    return count


def bundle_certificates(bundle: CertificateBundle):
    """The issued certificates a bundle gathers: a course's, or those of a unit's people."""
    certificates = Certificate.objects.filter(status=Certificate.Status.ISSUED).exclude(pdf="")
    if bundle.course_id:
        certificates = certificates.filter(enrollment__course_id=bundle.course_id)
    if bundle.unit_id:
        unit = OrgUnit.objects.get(pk=bundle.unit_id)
        certificates = certificates.filter(enrollment__person__unit__path__startswith=unit.path)
    return certificates.order_by("serial")


def bundle_build(*, bundle_id: int) -> None:
    bundle = CertificateBundle.objects.get(pk=bundle_id)
    certificates = bundle_certificates(bundle)
    bundle.total, bundle.done = certificates.count(), 0
    bundle.save(update_fields=["total", "done"])
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            for number, certificate in enumerate(certificates.iterator(), start=1):
                with certificate.pdf.open("rb") as handle:
                    name = certificate.serial.replace("/", "-")
                    archive.writestr(f"{name}.pdf", handle.read())
                if number % PROGRESS_EVERY == 0:
                    CertificateBundle.objects.filter(pk=bundle.pk).update(done=number)
        bundle.file.save(f"bundle-{bundle.pk}.zip", ContentFile(buffer.getvalue()), save=False)
        bundle.done, bundle.status = bundle.total, CertificateBundle.Status.DONE
    except Exception:
        bundle.status = CertificateBundle.Status.FAILED
        raise
    finally:
        bundle.save(update_fields=["file", "done", "status"])
