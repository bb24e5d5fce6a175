"""Issue a course's missing certificates, or (--rerender) re-issue its issued ones."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from certificates.models import Certificate
from certificates.services import certificate_create, certificate_reissue
from courses.models import CoursePage, Enrollment


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
        if rerender:
            issued = Certificate.objects.filter(
                enrollment__course=page, status=Certificate.Status.ISSUED
            )
            count = 0
            for certificate in issued.iterator():
                certificate_reissue(certificate=certificate, by=None, reason=reason)
                count += 1
            self.stdout.write(self.style.SUCCESS(f"{count} certificate(s) queued to re-render."))
            return
        missing = Enrollment.objects.filter(
            course=page, passed=True, certificate__isnull=True
        ).select_related("course", "person__unit", "user")
        count = 0
        for enrollment in missing.iterator():
            with transaction.atomic():
                if certificate_create(enrollment=enrollment) is not None:
                    count += 1
        self.stdout.write(self.style.SUCCESS(f"{count} certificate(s) issued for {page.title}."))
