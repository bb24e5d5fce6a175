"""Build the demo province: page tree, org units, staff roster, population, demo logins.

Idempotent: a second run adds nothing. Refuses production settings unless --force.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from courses.models import CoursePage, Enrollment
from lms.demo.certificates import certificates_build
from lms.demo.courses import courses_build, progress_build
from lms.demo.merger import merger_build, placements_backfill
from lms.demo.people import accounts_build
from lms.demo.province import province_build
from lms.demo.targets import targets_build, trends_build
from lms.home.services import site_setup
from lms.org.models import OrgUnit, Person
from lms.targets.models import Target


class Command(BaseCommand):
    help = "Load the demo province and demo logins (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even under production settings (demo logins share a public password).",
        )

    def handle(self, *args, force: bool = False, **options):
        if getattr(settings, "LMS_ENVIRONMENT", "") == "production" and not force:
            raise CommandError(
                "Refusing to load demo data with production settings: the demo logins share a "
                "published password. Use --force if this really is a demo server."
            )
        with transaction.atomic():
            site_setup()
            units = province_build()
            accounts_build(units)
            placements_backfill()
            # Courses are issued by the units open today: the merged city's departments.
            units = {**units, **merger_build()}
            courses = courses_build(units=units)
            targets = targets_build()
            progress_build(courses=courses)
            trends_build(targets)
            certificates_build(courses=courses)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {OrgUnit.objects.count()} org units, "
                f"{Person.objects.count()} people, {CoursePage.objects.live().count()} courses, "
                f"{Enrollment.objects.count()} enrollments, {Target.objects.count()} targets."
            )
        )
