"""The Coverage report's numbers on the command line: the same selector as the admin page."""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.org.models import OrgUnit
from lms.org.selectors import org_units_in_scope
from lms.targets.coverage.readings import reading_for
from lms.targets.coverage.report import coverage_table
from lms.targets.exports import coverage_headers, coverage_rows, report_exporters
from lms.targets.management.arguments import calendar_year, iso_day
from lms.targets.models import Target


class Everyone:
    """The command without --as-user sees what a superuser sees."""

    is_superuser = True
    is_authenticated = True


class Command(BaseCommand):
    help = "Print or write coverage per target and unit, as the admin Coverage report shows it."

    def add_arguments(self, parser):
        parser.add_argument("--target", help="A target's code (default: every target of the year).")
        parser.add_argument("--unit", help="A unit's code: its figures and its sub-units'.")
        parser.add_argument("--as-of", type=iso_day, help="YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--year", type=calendar_year, help="Targets of this year (default: as-of's)."
        )
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument("--as-user", help="Only what this HR officer may see.")
        parser.add_argument("--output", help="Write to this file (needed for xlsx on a terminal).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        as_of = options["as_of"]
        user = self._user(options["as_user"])
        unit = self._unit(options["unit"], user=user, day=as_of or today)
        targets = Target.objects.select_related("scope")
        if options["target"]:
            targets = targets.filter(code=options["target"])
            if not targets.exists():
                raise CommandError(
                    _("No target has the code %(code)r.") % {"code": options["target"]}
                )
        else:
            year = options["year"] or (as_of or today).year
            targets = targets.filter(period_start__year__lte=year, period_end__year__gte=year)
        report = [
            self._target_report(target, user=user, unit=unit, as_of=as_of, today=today)
            for target in targets
        ]
        self._write(report, fmt=options["format"], output=options["output"])

    def _user(self, username):
        if not username:
            return Everyone()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user is called %(name)r.") % {"name": username})
        return user

    def _unit(self, code, *, user, day):
        if not code:
            return None
        units = list(org_units_in_scope(user=user).filter(code=code))
        if len(units) > 1:
            open_units = [unit for unit in units if unit.is_open_on(day)]
            units = open_units if len(open_units) == 1 else units
        if not units:
            exists = OrgUnit.objects.filter(Q(code=code)).exists()
            raise CommandError(
                (
                    _("Unit %(code)r is outside what this user may see.")
                    if exists
                    else _("No unit has the code %(code)r.")
                )
                % {"code": code}
            )
        if len(units) > 1:
            raise CommandError(
                _("Several units have had the code %(code)r; none or several exist on %(day)s.")
                % {"code": code, "day": day.isoformat()}
            )
        return units[0]

    def _target_report(self, target, *, user, unit, as_of, today):
        reading = reading_for(target=target, as_of=as_of, today=today)
        card, rows = coverage_table(user=user, target=target, unit=unit, reading=reading)
        rows.sort(key=lambda row: row.unit.name)
        # Without --unit the rows are the top units and the card their total: a single top
        # unit would be printed twice (as the card and as its row), so it is printed once.
        if unit is None and len(rows) == 1:
            return {"target": target, "reading": reading, "coverages": rows}
        return {"target": target, "reading": reading, "coverages": [card, *rows]}

    def _write(self, report, *, fmt, output):
        headers = ["Target", "As of", *coverage_headers()]
        rows = [
            [item["target"].code, item["reading"].reference.isoformat(), *row]
            for item in report
            for row in coverage_rows(item["coverages"])
        ]
        if fmt == "json":
            keys = [
                "target",
                "as_of",
                "unit",
                "code",
                "headcount",
                "trained",
                "percentage",
                "required_percentage",
                "to_train",
                "gap",
                "status",
                "projected_on",
            ]
            data = json.dumps(
                [dict(zip(keys, row, strict=True)) for row in rows], ensure_ascii=False, indent=2
            ).encode()
        else:
            exporter = report_exporters().get(fmt)
            if exporter is None:
                raise CommandError(
                    _("No enabled report exporter offers %(format)r.") % {"format": fmt}
                )
            data = exporter.export(title="coverage", headers=headers, rows=rows)
        if output:
            try:
                with open(output, "wb") as handle:
                    handle.write(data)
            except OSError as error:
                raise CommandError(
                    _("Cannot write %(file)s: %(reason)s")
                    % {"file": output, "reason": error.strerror or error}
                ) from None
            self.stdout.write(_("Written to %(file)s.") % {"file": output})
        elif fmt == "xlsx" and sys.stdout.isatty():
            raise CommandError(_("An XLSX workbook needs --output FILE."))
        else:
            self.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
