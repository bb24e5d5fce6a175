"""Issue a course's missing certificates, or (--rerender) re-issue its issued ones."""

import uuid

from django.core.management.base import BaseCommand, CommandError

from certificates.bulk import certificate_batch_start
from certificates.bulk_work import certificate_batch_run_all
from certificates.models import CertificateBatch
from certificates.services import CertificateError
from courses.models import CoursePage


class Command(BaseCommand):
    help = "Issue the certificates a course's passed enrollments lack (or re-issue them all)."

    def add_arguments(self, parser):
        parser.add_argument("--course", required=True, help="The course's slug.")
        parser.add_argument(
            "--rerender",
            action="store_true",
            help="Re-issue every issued certificate of the course with the template's latest "
            "version (same codes and serial numbers).",
        )
        parser.add_argument("--reason", default="template fix", help="Recorded with --rerender.")

    def handle(self, *args, course, rerender=False, reason="", **options):
        page = CoursePage.objects.filter(slug=course).first()
        if page is None:
            raise CommandError(f"No course has the slug {course!r}.")
        if page.certificate_template_id is None:
            raise CommandError(f"{page.title} has no certificate template.")
        action = CertificateBatch.Action.REISSUE if rerender else CertificateBatch.Action.ISSUE
        try:
            # Recorded like the admin's requests: its progress shows there, and the same work
            # cannot run twice at once.
            batch = certificate_batch_start(
                action=action,
                course=page,
                by=None,
                request_id=uuid.uuid4(),
                reason=reason,
                enqueue=False,
            )
        except CertificateError as error:
            raise CommandError(str(error)) from None
        batch = certificate_batch_run_all(batch_id=batch.pk)
        if rerender:
            self.stdout.write(
                self.style.SUCCESS(f"{batch.done} certificate(s) queued to re-render.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{batch.done} certificate(s) issued for {page.title}.")
            )
