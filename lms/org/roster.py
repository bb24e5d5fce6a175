"""Roster import: read an HR roster file, validate every row, plan, then apply in batches.

Reading goes through the roster formats plugins contribute (``register_roster_formats``),
within the limits of ``roster_files``. The plan is made without writing anything (the dry-run
preview); applying re-reads the file and writes the same plan in batches. Rejected rows never
stop the good ones: every value is checked in the preview against the limits of the model
field it goes into, so the database never refuses a row the preview accepted. Re-importing
the same file changes nothing. National ID numbers are hashed as soon as they are read: no
clear number reaches the database, the log, or a reason shown to anyone.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OrgUnit, Person, Placement
from .national_id import national_id_mask
from .roster_files import (  # noqa: F401 (re-exported: the import's public names)
    MAX_FILE_BYTES,
    MAX_PROBLEMS_KEPT,
    RosterFileError,
    roster_rows,
)
from .roster_validation import (  # noqa: F401 (re-exported)
    FOLDED_HEADERS,
    HEADER_ALIASES,
    POSITION_VALUES,
    RosterRow,
    RowProblem,
    RowValidator,
    fold,
    map_columns,
    parse_date,
)
from .services import person_leave, person_place
from .signals import people_changed_notify, people_changes_batched

logger = logging.getLogger("lms")

BATCH_SIZE = 1000


@dataclass
class RosterPlan:
    rows: int = 0
    create: int = 0
    update: int = 0
    unchanged: int = 0
    rejected: list[RowProblem] = field(default_factory=list)  # the first MAX_PROBLEMS_KEPT
    rejected_count: int = 0
    leavers: list[int] = field(default_factory=list)  # person ids, complete rosters only
    extra_columns: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written
    format: str = ""

    def reject(self, problem: RowProblem) -> None:
        """Count every rejected row; keep the reasons of the first ones only (a file can
        have a hundred thousand bad rows, and they are stored and shown)."""
        self.rejected_count += 1
        if len(self.rejected) < MAX_PROBLEMS_KEPT:
            self.rejected.append(problem)

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "create": self.create,
            "update": self.update,
            "unchanged": self.unchanged,
            "rejected": self.rejected_count,
            "leavers": len(self.leavers),
            "extra_columns": [national_id_mask(name) for name in self.extra_columns[:100]],
            "columns": {name: national_id_mask(header) for name, header in self.columns.items()},
            "format": self.format,
        }


COMPARED_FIELDS = (
    "full_name",
    "national_id_hash",
    "employee_code",
    "date_of_birth",
    "unit_id",
    "position_category",
    "is_it_officer",
)


def _changes(person: Person, row: RosterRow) -> dict:
    wanted = {
        "full_name": row.full_name,
        "national_id_hash": row.national_id_hash or person.national_id_hash,
        "national_id_last4": row.national_id_last4 or person.national_id_last4,
        "employee_code": row.employee_code or person.employee_code,
        "date_of_birth": row.date_of_birth or person.date_of_birth,
        "unit_id": row.unit.pk,
        "position_category": row.position or person.position_category,
        "is_it_officer": row.is_it_officer,
        "left_on": None,
    }
    return {name: value for name, value in wanted.items() if getattr(person, name) != value}


class PeopleIndex:
    """Existing people by national ID hash and employee code, looked up a batch at a time."""

    def __init__(self):
        self.by_hash: dict[str, Person] = {}
        self.by_code: dict[str, Person] = {}

    def load(self, rows: list[RosterRow]) -> None:
        hashes = [row.national_id_hash for row in rows if row.national_id_hash]
        codes = [row.employee_code for row in rows if row.employee_code]
        people = Person.objects.select_related("unit")
        for person in people.filter(national_id_hash__in=hashes):
            self.by_hash[person.national_id_hash] = person
        for person in people.filter(employee_code__in=codes):
            self.by_code[person.employee_code] = person


def roster_import_run(**kwargs) -> RosterPlan:
    """Apply an import as one transaction: all of its good rows, or (on failure) nothing."""
    with transaction.atomic(), people_changes_batched():
        return roster_plan(apply=True, **kwargs)


def roster_plan(
    *,
    file,
    filename: str,
    size: int,
    unit: OrgUnit,
    allowed_units,
    complete: bool,
    apply: bool = False,
    on_progress: Callable[[int], None] | None = None,
    today: datetime.date | None = None,
) -> RosterPlan:
    """Read, validate and plan the import; with ``apply``, write it in batches as it goes."""
    today = today or timezone.localdate()
    with roster_rows(file=file, filename=filename, size=size) as (roster_format, rows):
        plan = RosterPlan(format=str(roster_format.code))
        in_scope = set(allowed_units.values_list("pk", flat=True))
        allowed = set(allowed_units.filter(path__startswith=unit.path).values_list("pk", flat=True))
        planner = _Planner(
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
    if complete:
        current = Person.objects.filter(
            kind=Person.Kind.STAFF, left_on__isnull=True, unit__path__startswith=unit.path
        ).exclude(pk__in=planner.seen_people)
        plan.leavers = list(current.values_list("pk", flat=True))
        if apply:
            for person in Person.objects.filter(pk__in=plan.leavers):
                person_leave(person=person, left_on=today)
    if on_progress:
        on_progress(plan.rows)
    return plan


class _Planner:
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
        self._mark_rejected_rows_seen()
        if not self.batch:
            return
        index = PeopleIndex()
        index.load(self.batch)
        creates, updates = [], []
        for row in self.batch:
            by_hash = index.by_hash.get(row.national_id_hash) if row.national_id_hash else None
            by_code = index.by_code.get(row.employee_code) if row.employee_code else None
            matched = [person for person in (by_hash, by_code) if person is not None]
            # Whoever a row names stays on the roster, even when the row is rejected.
            self.seen_people.update(person.pk for person in matched)
            column = "national_id" if row.national_id_hash else "employee_code"
            if any(person.unit_id not in self.in_scope for person in matched):
                self.plan.reject(
                    self.validator.problem(
                        row.number,
                        column,
                        _(
                            "The national ID number or employee code on this row cannot be "
                            "used here. Ask an administrator to check it."
                        ),
                    )
                )
                continue
            if by_code is not None and (
                (by_hash is not None and by_hash.pk != by_code.pk)
                or (by_hash is None and row.national_id_hash and by_code.national_id_hash)
            ):
                self.plan.reject(
                    self.validator.problem(
                        row.number,
                        "employee_code",
                        _("This employee code belongs to another person."),
                    )
                )
                continue
            person = by_hash or by_code
            if person is None:
                self.plan.create += 1
                creates.append(row)
                continue
            if person.unit_id not in self.allowed:
                # In the officer's scope, outside the unit this import is for: they may know.
                self.plan.reject(
                    self.validator.problem(
                        row.number,
                        column,
                        _(
                            "This person is on the roster of %(unit)s, outside the unit this "
                            "import is for."
                        )
                        % {"unit": person.unit.name},
                    )
                )
                continue
            if person.pk in self.matched_rows:
                self.plan.reject(
                    self.validator.problem(
                        row.number,
                        "full_name",
                        _("This is the same person as on row %(row)s.")
                        % {"row": self.matched_rows[person.pk]},
                    )
                )
                continue
            self.matched_rows[person.pk] = row.number
            changes = _changes(person, row)
            if changes:
                self.plan.update += 1
                updates.append((person, row, changes))
            else:
                self.plan.unchanged += 1
        if self.apply:
            created = _write(creates, updates, today=self.today)
            self.seen_people.update(person.pk for person in created)
        self.batch.clear()

    def _mark_rejected_rows_seen(self) -> None:
        hashes = [id_hash for id_hash, _code in self.rejected_identifiers if id_hash]
        codes = [code for _hash, code in self.rejected_identifiers if code]
        self.rejected_identifiers.clear()
        if hashes or codes:
            named = Person.objects.filter(
                Q(national_id_hash__in=hashes) | Q(employee_code__in=codes)
            )
            self.seen_people.update(named.values_list("pk", flat=True))


def _write(
    creates: list[RosterRow], updates: list[tuple[Person, RosterRow, dict]], *, today
) -> list[Person]:
    people = Person.objects.bulk_create(
        [
            Person(
                kind=Person.Kind.STAFF,
                full_name=row.full_name,
                national_id_hash=row.national_id_hash,
                national_id_last4=row.national_id_last4,
                employee_code=row.employee_code,
                date_of_birth=row.date_of_birth,
                unit=row.unit,
                position_category=row.position,
                is_it_officer=row.is_it_officer,
                joined_on=today,
            )
            for row in creates
        ],
        batch_size=BATCH_SIZE,
    )
    Placement.objects.bulk_create(
        [
            Placement(person=person, unit_id=person.unit_id, start_on=today, kind=person.kind)
            for person in people
        ],
        batch_size=BATCH_SIZE,
    )
    changed_people = []
    for person, row, changes in updates:
        changed_people.append(person.pk)
        new_unit = changes.pop("unit_id", None)
        rejoining = person.left_on is not None
        for name, value in changes.items():
            setattr(person, name, value)
        if changes:
            person.save(update_fields=[*changes, "updated_at"])
        if new_unit is not None or rejoining:
            person_place(person=person, unit=row.unit, start_on=today)
    # A new position or IT role can change which targets someone counts for.
    people_changed_notify(person_ids=changed_people)
    return people
