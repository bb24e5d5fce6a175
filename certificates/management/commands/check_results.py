"""List passed enrollments, and the certificates issued for them, that graded activities
contradict: learners held to an old rule under which a quiz decided nothing."""

from django.core.management.base import BaseCommand, CommandError

from certificates.models import Certificate
from courses.models import CoursePage
from courses.selectors import passed_enrollments_contradicted


class Command(BaseCommand):
    help = (
        "List passed enrollments (and their certificates) that the course's graded activities "
        "contradict. Exits 1 when there are any."
    )

    def add_arguments(self, parser):
        parser.add_argument("--course", help="Only this course (its slug).")

    def handle(self, *args, course=None, **options):
        page = None
        if course:
            page = CoursePage.objects.filter(slug=course).first()
            if page is None:
                raise CommandError(f"No course has the slug {course!r}.")
        found = list(passed_enrollments_contradicted(course=page))
        certificates = {
            certificate.enrollment_id: certificate
            for certificate in Certificate.objects.filter(
                enrollment_id__in=[result.enrollment.pk for result in found]
            )
        }
        for result in found:
            enrollment = result.enrollment
            certificate = certificates.get(enrollment.pk)
            issued = (
                f"certificate {certificate.serial} ({certificate.status})"
                if certificate
                else "no certificate"
            )
            self.stdout.write(
                f"enrollment {enrollment.pk}\t{enrollment.course.slug}\t"
                f"{enrollment.user.get_username()}\tpassed {enrollment.completed_at:%Y-%m-%d}\t"
                f"{issued}\tnot met: {'; '.join(result.unmet)}"
            )
        with_certificate = sum(
            1
            for result in found
            if result.enrollment.pk in certificates
            and certificates[result.enrollment.pk].status != Certificate.Status.REVOKED
        )
        summary = (
            f"{len(found)} passed enrollment(s) contradicted by graded activities, "
            f"{with_certificate} with a certificate that is not revoked."
        )
        if found:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
