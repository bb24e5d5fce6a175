"""python manage.py send_reminders [--target CODE] [--dry-run]: what the daily beat sends."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lms.reminders.sending import reminders_scheduled_send
from lms.targets.models import Target


class Command(BaseCommand):
    help = "Send the reminders the targets' schedules owe today, and print the count per unit."

    def add_arguments(self, parser):
        parser.add_argument("--target", metavar="CODE", help="only this target")
        parser.add_argument(
            "--dry-run", action="store_true", help="count who would be reminded, send nothing"
        )

    def handle(self, *args, target=None, dry_run=False, **options):
        if target and not Target.objects.filter(code=target).exists():
            raise CommandError(f"No target with the code {target!r}.")
        runs = reminders_scheduled_send(
            today=timezone.localdate(), target_code=target, dry_run=dry_run
        )
        if not runs:
            self.stdout.write("No reminder is due today.")
        for run in runs:
            plan = run.plan
            verb = "would remind" if dry_run else "reminds"
            self.stdout.write(
                f"{plan.target.code} ({plan.schedule_day} days before {plan.target.deadline}): "
                f"{verb} {len(plan.reached)} of {plan.untrained} not trained "
                f"(left out: {plan.already} already reminded, {plan.opted_out} opted out, "
                f"{plan.capped} reminded recently, {plan.unreachable} unreachable)"
            )
            for unit_name, count in plan.per_unit():
                self.stdout.write(f"  {unit_name}: {count}")
            if run.batch is not None and not run.created:
                self.stdout.write("  (already sent today)")
            elif run.outcomes is not None:
                self.stdout.write(
                    "  sent {sent}, failed {failed}, not sent {skipped}".format(**run.outcomes)
                )
