"""Take today's coverage snapshots now (Celery beat does it nightly), or a past day's."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.targets.coverage.readings import Source
from lms.targets.management.arguments import iso_day
from lms.targets.models import Target
from lms.targets.snapshots import snapshot_take, snapshots_nightly


class Command(BaseCommand):
    help = "Snapshot every running target's coverage, per unit (today, or --date)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=iso_day,
            help="A past day to reconstruct from attainments (default: today, live).",
        )

    def handle(self, *args, date=None, **options):
        today = timezone.localdate()
        if date is None or date == today:
            taken = snapshots_nightly(day=today)
        elif date > today:
            raise CommandError(_("A snapshot cannot be taken of a day still to come."))
        else:
            targets = Target.objects.filter(period_start__lte=date, period_end__gte=date)
            taken = {
                target.code: snapshot_take(target=target, day=date, source=Source.RECONSTRUCTED)
                for target in targets.select_related("scope")
            }
        for code, rows in taken.items():
            self.stdout.write(f"{code}: {rows} unit(s)")
        self.stdout.write(self.style.SUCCESS(f"Snapshots taken for {date or today}."))
