"""Recompute attainments from raw enrollments, placements and people; --check only reports."""

from django.core.management.base import BaseCommand, CommandError

from lms.targets.attainments import attainments_drift, attainments_sync
from lms.targets.models import Target


class Command(BaseCommand):
    help = "Recompute every target's attainments from raw events (with --check: report drift)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; list differences and exit with status 1 if there are any.",
        )
        parser.add_argument("--target", help="Only this target (its code).")

    def handle(self, *args, check=False, target=None, **options):
        targets = Target.objects.select_related("scope")
        if target:
            targets = targets.filter(code=target)
            if not targets.exists():
                raise CommandError(f"No target has the code {target!r}.")
        total = 0
        for each in targets:
            if check:
                drift = attainments_drift(target=each)
                total += len(drift)
                for difference in drift[:20]:
                    self.stdout.write(
                        f"{difference.target} person {difference.person_id}: "
                        f"stored {difference.stored} ≠ expected {difference.expected}"
                    )
                if len(drift) > 20:
                    self.stdout.write(f"{each.code}: … and {len(drift) - 20} more")
                self.stdout.write(f"{each.code}: {len(drift)} difference(s)")
            else:
                result = attainments_sync(target=each)
                total += result.changed
                self.stdout.write(
                    f"{each.code}: {result.created} added, {result.updated} updated, "
                    f"{result.deleted} removed"
                )
        if check and total:
            raise CommandError(f"Attainments drift from raw events: {total} difference(s).")
        self.stdout.write(self.style.SUCCESS("No drift." if check else "Attainments rebuilt."))
