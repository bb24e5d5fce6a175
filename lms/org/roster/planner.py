"""Planning a roster import: read the file, validate every row, match it to the people
already known, and count what the import will do; applying writes the same plan in batches.

The plan is made without writing anything (the dry-run preview); applying re-reads the file.
Rejected rows never stop the good ones. Re-importing the same file changes nothing.
"""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import OrgUnit, Person
from ..services import person_leave
from ..signals import people_changes_batched
from .columns import map_columns
from .files import RosterFileError, roster_rows
from .matching import PeopleIndex, people_named, person_changes
from .plan import RosterPlan
from .validation import UNIT_FIELDS, RosterRow, RowProblem, RowValidator
from .writing import BATCH_SIZE, roster_people_write


def roster_import_run(**kwargs) -> RosterPlan:
    """Apply an import as one transaction: all of its good rows, or (on failure) nothing."""
    with transaction.atomic(), people_changes_batched():
        return roster_plan(apply=True, **kwargs)


def roster_plan(
    *,
    file,
    filename: str,
    size: int,
    unit: OrgUnit | None,
    allowed_units,
    complete: bool,
    apply: bool = False,
    on_progress: Callable[[int], None] | None = None,
    today: datetime.date | None = None,
) -> RosterPlan:
    """Read, validate and plan the import; with ``apply``, write it in batches as it goes.

    With a ``unit``, the import is for that unit and its sub-units: a row may name one of
    them, and a row naming none goes to ``unit``. Without, every row names its unit, any
    within ``allowed_units`` (the officer's scope), and a complete roster is complete for
    each unit the file names.
    """
    today = today or timezone.localdate()
    with roster_rows(file=file, filename=filename, size=size) as (roster_format, rows):
        plan = RosterPlan(format=str(roster_format.code))
        in_scope = set(allowed_units.values_list("pk", flat=True))
        if unit is None:
            allowed = in_scope
        else:
            allowed = set(
                allowed_units.filter(path__startswith=unit.path).values_list("pk", flat=True)
            )
        planner = RosterPlanner(
            plan=plan,
            allowed=allowed,
            in_scope=in_scope,
            complete=complete,
            apply=apply,
            today=today,
        )
        for number, raw in rows:
            if planner.validator is None:
                plan.columns, plan.extra_columns = map_columns(raw.keys())
                if "full_name" not in plan.columns:
                    raise RosterFileError(
                        _("No column holds the names (Họ và tên / Full name): is this a roster?")
                    )
                if "national_id" not in plan.columns and "employee_code" not in plan.columns:
                    raise RosterFileError(
                        _("No column holds national ID numbers or employee codes.")
                    )
                if unit is None and not set(UNIT_FIELDS) & set(plan.columns):
                    raise RosterFileError(
                        _(
                            "No column names the units (Mã đơn vị / Tên đơn vị): add one, or "
                            "choose the unit the roster is for."
                        )
                    )
                planner.validator = RowValidator(
                    unit=unit, allowed_unit_ids=allowed, columns=plan.columns, today=today
                )
            plan.rows += 1
            planner.add(number, raw)
            if planner.full():
                planner.flush()
                if on_progress:
                    on_progress(plan.rows)
        planner.flush()
    if plan.rows == 0:
        raise RosterFileError(_("The file has no rows under its header."))
    # A complete roster whose every row was rejected says nothing about who has left: it
    # must never mark a whole unit as having left. (Such an import cannot be confirmed.)
    if complete and plan.valid_rows:
        _plan_leavers(plan, planner=planner, unit=unit, apply=apply, today=today)
    if on_progress:
        on_progress(plan.rows)
    return plan


def no_valid_row_message() -> str:
    return _(
        "No row of this file can be imported, so there is nothing to confirm. Fix the "
        "rejected rows and upload the file again."
    )


def _plan_leavers(
    plan: RosterPlan, *, planner: "RosterPlanner", unit: OrgUnit | None, apply: bool, today
) -> None:
    """People missing from a complete roster: of the import's unit and its sub-units, or,
    for a file naming its units, of each unit it names (and only those: a unit the file
    does not name keeps its people)."""
    current = Person.objects.filter(kind=Person.Kind.STAFF, left_on__isnull=True)
    if unit is None:
        current = current.filter(unit_id__in=planner.named_units)
    else:
        current = current.filter(unit__path__startswith=unit.path)
    leavers = list(current.exclude(pk__in=planner.seen_people).values_list("pk", "unit_id"))
    plan.leavers = [pk for pk, _unit_id in leavers]
    missing = {unit_id for _pk, unit_id in leavers} - set(plan.units)
    units = {**plan.units, **OrgUnit.objects.in_bulk(missing)}
    for _pk, unit_id in leavers:
        plan.count(units[unit_id], "leavers")
    if apply:
        for person in Person.objects.filter(pk__in=plan.leavers):
            person_leave(person=person, left_on=today)


class RosterPlanner:
    """Matches validated rows to existing people a batch at a time, and writes them when
    applying. Rows that name someone outside the officer's scope are rejected with one
    neutral reason, the same whatever that person's unit (or whether both the ID and the code
    matched): the preview must not tell an officer who exists elsewhere, nor where."""

    def __init__(
        self,
        *,
        plan: RosterPlan,
        allowed: set[int],
        in_scope: set[int],
        complete: bool,
        apply: bool,
        today: datetime.date,
    ):
        self.plan = plan
        self.allowed = allowed  # units this import may place people in
        self.in_scope = in_scope  # units the officer sees
        self.complete = complete
        self.apply = apply
        self.today = today
        self.validator: RowValidator | None = None
        self.batch: list[RosterRow] = []
        self.rejected_identifiers: list[tuple[str, str]] = []
        self.seen_people: set[int] = set()
        # Units named by a row that will be applied: only they may lose people who are
        # missing from a complete roster. A row rejected late (someone else's code, the same
        # person twice) names no unit, or one bad row would mark a whole unit as having left.
        self.named_units: set[int] = set()
        self.matched_rows: dict[int, int] = {}  # person id -> the row that matched them

    def add(self, number: int, raw: dict) -> None:
        result = self.validator.validate(number, raw)
        if isinstance(result, RowProblem):
            self.plan.reject(result)
            if self.complete:  # a rejected row still names someone: they have not left
                self.rejected_identifiers.append(self.validator.identifiers(raw))
        else:
            self.batch.append(result)

    def full(self) -> bool:
        return len(self.batch) + len(self.rejected_identifiers) >= BATCH_SIZE

    def flush(self) -> None:
        self.seen_people.update(people_named(identifiers=self.rejected_identifiers))
        self.rejected_identifiers.clear()
        if not self.batch:
            return
        index = PeopleIndex()
        index.load(self.batch)
        creates, updates = [], []
        for row in self.batch:
            by_hash, by_code = index.matches(row)
            matched = [person for person in (by_hash, by_code) if person is not None]
            # Whoever a row names stays on the roster, even when the row is rejected.
            self.seen_people.update(person.pk for person in matched)
            if problem := self._problem(row, by_hash, by_code):
                self.plan.reject(problem)
                continue
            self.named_units.add(row.unit.pk)
            person = by_hash or by_code
            if person is None:
                self.plan.count(row.unit, "create")
                creates.append(row)
                continue
            self.matched_rows[person.pk] = row.number
            if self.apply:
                self.plan.named.append(person.pk)
            changes = person_changes(person, row)
            if changes:
                self.plan.count(row.unit, "update")
                updates.append((person, row, changes))
            else:
                self.plan.count(row.unit, "unchanged")
        if self.apply:
            created = roster_people_write(creates=creates, updates=updates, today=self.today)
            self.seen_people.update(person.pk for person in created)
            self.plan.named.extend(person.pk for person in created)
        self.batch.clear()

    def _problem(
        self, row: RosterRow, by_hash: Person | None, by_code: Person | None
    ) -> RowProblem | None:
        """Why the row cannot be applied to the people it names, if it cannot."""
        column = "national_id" if row.national_id_hash else "employee_code"
        if any(person.unit_id not in self.in_scope for person in (by_hash, by_code) if person):
            return self.validator.problem(
                row.number,
                column,
                _(
                    "The national ID number or employee code on this row cannot be "
                    "used here. Ask an administrator to check it."
                ),
            )
        if by_code is not None and (
            (by_hash is not None and by_hash.pk != by_code.pk)
            or (by_hash is None and row.national_id_hash and by_code.national_id_hash)
        ):
            return self.validator.problem(
                row.number,
                "employee_code",
                _("This employee code belongs to another person."),
            )
        person = by_hash or by_code
        if person is None:
            return None
        if person.unit_id not in self.allowed:
            # In the officer's scope, outside the unit this import is for: they may know.
            return self.validator.problem(
                row.number,
                column,
                _("This person is on the roster of %(unit)s, outside the unit this import is for.")
                % {"unit": person.unit.name},
            )
        if person.pk in self.matched_rows:
            return self.validator.problem(
                row.number,
                "full_name",
                _("This is the same person as on row %(row)s.")
                % {"row": self.matched_rows[person.pk]},
            )
        return None
