"""The workers' side of work on many certificates: run a batch (issue a course's missing
certificates, or re-issue them after a template fix) a chunk at a time, and gather PDFs into one
ZIP. Run by certificates.tasks.bulk; certificates.bulk asks for it."""

import io
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from courses.models import Enrollment
from lms.org.models import OrgUnit

from .models import Certificate, CertificateBatch, CertificateBatchItem, CertificateBundle
from .services import certificate_create, certificate_reissue

PROGRESS_EVERY = 25


def batch_chunk() -> int:
    """Certificates per run of a batch's task: each run ends far inside its time limit, then
    queues the next."""
    return getattr(settings, "LMS_CERTIFICATE_BATCH_CHUNK", 50)


def batch_work(batch: CertificateBatch):
    """What a batch still has to do: enrollments without a certificate (issue), or the
    certificates issued before the request that this batch has not re-issued yet."""
    if batch.action == CertificateBatch.Action.ISSUE:
        return Enrollment.objects.filter(
            course_id=batch.course_id, passed=True, certificate__isnull=True
        ).order_by("pk")
    return (
        Certificate.objects.filter(
            enrollment__course_id=batch.course_id,
            status=Certificate.Status.ISSUED,
            created_at__lte=batch.created_at,
        )
        .exclude(batch_items__batch=batch)
        .order_by("pk")
    )


def _issue_one(batch: CertificateBatch, enrollment_id: int) -> bool:
    # The enrollment's row lock: two runs of the batch (a redelivered task next to the
    # original) cannot both find it without a certificate.
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course", "person__unit", "user")
        .get(pk=enrollment_id)
    )
    if Certificate.objects.filter(enrollment=enrollment).exists():
        return False
    certificate = certificate_create(enrollment=enrollment)
    if certificate is None:
        return False
    CertificateBatchItem.objects.create(batch=batch, certificate=certificate)
    return True


def _reissue_one(batch: CertificateBatch, certificate_id: int) -> bool:
    # Under the certificate's row lock: whoever comes second sees the item and does nothing.
    certificate = (
        Certificate.objects.select_for_update()
        .filter(pk=certificate_id, status=Certificate.Status.ISSUED)
        .first()
    )
    if certificate is None or certificate.batch_items.filter(batch=batch).exists():
        return False
    certificate_reissue(certificate=certificate, by=batch.requested_by, reason=batch.reason)
    CertificateBatchItem.objects.create(batch=batch, certificate=certificate)
    return True


def certificate_batch_run(*, batch_id: int, limit: int | None = None) -> bool:
    """Do up to `limit` certificates of a batch, each in its own transaction with its progress;
    return whether work remains. Safe to run twice or side by side."""
    batch = CertificateBatch.objects.select_related("requested_by").get(pk=batch_id)
    if batch.status != CertificateBatch.Status.RUNNING:
        return False
    if batch.action == CertificateBatch.Action.ISSUE and not batch.course.certificate_template_id:
        ids = []  # the course lost its template: nothing can be issued
    else:
        ids = list(batch_work(batch).values_list("pk", flat=True)[: limit or batch_chunk()])
    one = _issue_one if batch.action == CertificateBatch.Action.ISSUE else _reissue_one
    for pk in ids:
        with transaction.atomic():
            if one(batch, pk):
                CertificateBatch.objects.filter(pk=batch.pk).update(
                    done=F("done") + 1, updated_at=timezone.now()
                )
    if ids:
        return True
    CertificateBatch.objects.filter(pk=batch.pk, status=CertificateBatch.Status.RUNNING).update(
        status=CertificateBatch.Status.DONE, finished_at=timezone.now(), updated_at=timezone.now()
    )
    return False


def certificate_batch_run_all(*, batch_id: int) -> CertificateBatch:
    """The whole batch in this process (the issue_certificates command)."""
    while certificate_batch_run(batch_id=batch_id):
        pass
    return CertificateBatch.objects.get(pk=batch_id)


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
