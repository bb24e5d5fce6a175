"""The workers' side of issuing: render a pending certificate's PDF and store it (run by
certificates.tasks.render; certificates.services asks for it)."""

import functools
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lms.notifications.services import email_send
from plugins.manager import hooks

from .links import public_url, verification_url
from .models import Certificate, certificate_path
from .rendering import certificate_html, certificate_pdf


def certificate_render(*, certificate_id: int) -> bool:
    """Render and store a pending certificate's PDF. Safe to run twice or concurrently: the
    row lock lets one run render; the others find it issued and do nothing."""
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("template_revision", "template")
            .filter(pk=certificate_id)
            .first()
        )
        if certificate is None or certificate.status != Certificate.Status.PENDING:
            return False
        template = (
            certificate.template_revision.as_object()
            if certificate.template_revision_id
            else certificate.template
        )
        pdf = certificate_pdf(certificate_html(template=template, context=certificate.context))
        filename = f"{certificate.code}-v{certificate.version}.pdf"
        path = certificate_path(certificate, filename)
        storage = certificate.pdf.storage
        if storage.exists(path):  # a run that stored its file, then failed before commit
            storage.delete(path)
        certificate.pdf.save(filename, ContentFile(pdf), save=False)
        certificate.sha256 = hashlib.sha256(pdf).hexdigest()
        certificate.status = Certificate.Status.ISSUED
        certificate.issued_at = timezone.now()
        certificate.save(update_fields=["pdf", "sha256", "status", "issued_at"])
        certificate_issued_email(certificate=certificate)
        transaction.on_commit(
            functools.partial(hooks.after_certificate_issued, certificate=certificate)
        )
    return True


def certificate_issued_email(*, certificate: Certificate) -> None:
    """Tell the learner their certificate is ready (each version), with the links to download
    and verify it. Queued in the issuing transaction: sent only if the issue commits."""
    enrollment = certificate.enrollment
    person = enrollment.person
    address = person.contact_email if person else enrollment.user.email
    if not address:
        return
    context = certificate.context
    email_send(
        to=address,
        template="certificate_issued",
        context={
            "name": context.get("recipient_name", ""),
            "course_title": context.get("course_title", ""),
            "serial": certificate.serial,
            "code": certificate.code,
            "version": certificate.version,
            "download_url": public_url("certificate_download", code=certificate.code),
            "verification_url": verification_url(certificate.code),
        },
        kind="certificate_issued",
        user=enrollment.user,
    )
