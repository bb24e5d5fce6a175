"""Work on many certificates at once: issue a course's missing ones, re-issue them after a
template fix (each a CertificateBatch, done once however often it is asked for or delivered),
gather PDFs into one ZIP, and hand back to the workers whatever a lost worker left behind.

This module asks for the work; what the workers do is certificates.bulk_work."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .bulk_work import batch_work
from .models import Certificate, CertificateBatch, CertificateBundle
from .services import CertificateError
from .tasks.bulk import certificate_batch_task, certificate_bundle_task
from .tasks.render import certificate_render_task

# Work left this long without progress was lost with its worker (or its task message): the
# broker gives a lost task back within its visibility timeout, so this is for what it cannot
# give back (a broker restarted empty, a render that used up its retries).
RESUME_AFTER = datetime.timedelta(minutes=30)
RESUME_AT_MOST = 500  # per run of the periodic task: a backlog is not doubled in one go


def certificate_batch_start(
    *, action: str, course, by, request_id, reason: str = "", enqueue: bool = True
) -> CertificateBatch:
    """The batch of one request, and its task queued after commit (unless the caller runs
    it). The same request again (a second submit of the form) finds its batch; the same work
    already running for the course is refused."""
    existing = CertificateBatch.objects.filter(request_id=request_id).first()
    if existing is not None:
        return existing
    batch = CertificateBatch(
        request_id=request_id, action=action, course=course, requested_by=by, reason=reason
    )
    try:
        with transaction.atomic():
            batch.save()
            batch.total = batch_work(batch).count()
            batch.save(update_fields=["total"])
    except IntegrityError:  # the same request at the same moment, or one already running
        existing = CertificateBatch.objects.filter(request_id=request_id).first()
        if existing is not None:
            return existing
        raise CertificateError(
            _("This is already being done for %(course)s: see its progress below.")
            % {"course": course}
        ) from None
    if enqueue:
        certificate_batch_task.delay_on_commit(batch_id=batch.pk)
    return batch


def certificate_bundle_request(*, course, unit, by) -> CertificateBundle:
    """A ZIP of a course's or a unit's issued certificates, gathered by a task after commit."""
    bundle = CertificateBundle.objects.create(course=course, unit=unit, requested_by=by)
    certificate_bundle_task.delay_on_commit(bundle_id=bundle.pk)
    return bundle


def certificates_resume(*, older_than: datetime.timedelta = RESUME_AFTER) -> dict[str, int]:
    """Queue again the renders of certificates pending for long and the batches silent for
    long (run by beat). Each is marked as just resumed, so it is queued again only after
    another wait; a duplicate task does nothing (renders and batches are idempotent)."""
    cutoff = timezone.now() - older_than
    pending = list(
        Certificate.objects.filter(status=Certificate.Status.PENDING, updated_at__lte=cutoff)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:RESUME_AT_MOST]
    )
    batches = list(
        CertificateBatch.objects.filter(
            status=CertificateBatch.Status.RUNNING, updated_at__lte=cutoff
        ).values_list("pk", flat=True)[:RESUME_AT_MOST]
    )
    now = timezone.now()
    Certificate.objects.filter(pk__in=pending).update(updated_at=now)
    CertificateBatch.objects.filter(pk__in=batches).update(updated_at=now)
    for certificate_id in pending:
        certificate_render_task.delay_on_commit(certificate_id=certificate_id)
    for batch_id in batches:
        certificate_batch_task.delay_on_commit(batch_id=batch_id)
    return {"certificates": len(pending), "batches": len(batches)}
