"""The workers' side of issuing: render a pending certificate's PDF and store it (run by
certificates.tasks.render; certificates.services asks for it)."""

import functools
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from plugins.manager import hooks

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
        transaction.on_commit(
            functools.partial(hooks.after_certificate_issued, certificate=certificate)
        )
    return True
