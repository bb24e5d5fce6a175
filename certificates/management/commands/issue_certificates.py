"""Issue a course's missing certificates, or (--rerender) re-issue its issued ones."""

from django.core.management.base import BaseCommand, CommandError

from certificates.bulk import certificates_issue_missing, certificates_reissue_all
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
        if rerender:
            count = certificates_reissue_all(course=page, by=None, reason=reason)
            self.stdout.write(self.style.SUCCESS(f"{count} certificate(s) queued to re-render."))
            return
        count = certificates_issue_missing(course=page)
        self.stdout.write(self.style.SUCCESS(f"{count} certificate(s) issued for {page.title}."))
