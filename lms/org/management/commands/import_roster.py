"""Import a roster from the command line, with the same checks and report as the admin."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lms.org.models import OrgUnit
from lms.org.roster.files import RosterFileError
from lms.org.roster.planner import roster_import_run, roster_plan
from lms.org.selectors import org_units_in_scope


class Command(BaseCommand):
    help = (
        "Import an HR roster file (CSV, text or XLSX) into a unit, or into the units its rows name."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--unit",
            help="code of a unit that exists today (default: each row names its unit, "
            "anywhere in the importing scope)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report only; write nothing")
        parser.add_argument(
            "--complete", action="store_true", help="the file is the complete roster"
        )
        parser.add_argument(
            "--user", help="import with this HR officer's scope (default: all units)"
        )

    def handle(self, *args, file, unit, dry_run, complete, user, **options):
        if not os.path.exists(file):
            raise CommandError(f"No file {file!r}.")
        if not os.path.isfile(file):
            raise CommandError(f"{file!r} is not a file (a folder?): give the roster file itself.")
        if user:
            try:
                account = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user {user!r}.") from None
            scope = org_units_in_scope(user=account)
        else:
            scope = OrgUnit.objects.all()
        target = None
        if unit:
            target = scope.open_on(timezone.localdate()).filter(code=unit).first()
            if target is None:
                raise CommandError(f"No unit {unit!r} open today within the importing scope.")
        run = roster_plan if dry_run else roster_import_run
        try:
            with open(file, "rb") as handle:
                plan = run(
                    file=handle,
                    filename=os.path.basename(file),
                    size=os.path.getsize(file),
                    unit=target,
                    allowed_units=scope,
                    complete=complete,
                )
        except RosterFileError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Cannot read {file!r}: {error.strerror or error}.") from None
        summary = plan.summary()
        self.stdout.write(
            ("Dry run: nothing written.\n" if dry_run else "")
            + (
                f"rows={summary['rows']} create={summary['create']} update={summary['update']} "
                f"unchanged={summary['unchanged']} rejected={summary['rejected']} leavers={summary['leavers']}"
            )
        )
        for counts in summary["units"]:
            self.stdout.write(
                f"  {counts['code']} {counts['name']}: create={counts['create']} "
                f"update={counts['update']} unchanged={counts['unchanged']} "
                f"leavers={counts['leavers']}"
            )
        if summary["extra_columns"]:
            self.stdout.write("ignored columns: " + ", ".join(summary["extra_columns"]))
        for problem in plan.rejected:
            self.stdout.write(f"row {problem.row} [{problem.column}]: {problem.reason}")
        if plan.rejected_count > len(plan.rejected):
            self.stdout.write(
                f"... and {plan.rejected_count - len(plan.rejected)} more rejected rows "
                f"(the first {len(plan.rejected)} are listed)"
            )
