"""Roster import: read an HR roster file, validate every row, plan, then apply in batches.

Reading goes through the roster formats plugins contribute (``register_roster_formats``).
The plan is made without writing anything (the dry-run preview); applying re-reads the file
and writes the same plan in batches. Rejected rows never stop the good ones. Re-importing the
same file changes nothing. National ID numbers are hashed as soon as they are read: no clear
number reaches the database or the log.
"""

import datetime
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plugins.manager import hooks

from .models import OrgUnit, Person, Placement
from .national_id import national_id_protect
from .services import person_leave, person_place
from .signals import people_changed_notify, people_changes_batched

logger = logging.getLogger("lms")

HEAD_BYTES = 8192
MAX_FILE_BYTES = 50 * 1024 * 1024
BATCH_SIZE = 1000
MINIMUM_AGE, MAXIMUM_AGE = 15, 100

# Column headers people write, in Vietnamese and English, compared without case or diacritics.
HEADER_ALIASES = {
    "full_name": ["họ và tên", "họ tên", "tên", "full name", "name"],
    "national_id": [
        "số định danh cá nhân",
        "số định danh",
        "số cccd",
        "cccd",
        "căn cước công dân",
        "số căn cước",
        "national id",
        "national id number",
        "citizen id",
        "id number",
    ],
    "employee_code": [
        "mã cán bộ",
        "mã nhân viên",
        "mã cbccvc",
        "mã số",
        "employee code",
        "staff code",
        "employee id",
    ],
    "date_of_birth": ["ngày sinh", "ngày tháng năm sinh", "date of birth", "birth date", "dob"],
    "unit_code": ["mã đơn vị", "đơn vị", "unit code", "unit"],
    "position": ["nhóm vị trí", "vị trí", "chức danh", "position", "position category"],
    "it_officer": [
        "chuyên trách cntt",
        "cán bộ chuyên trách cntt",
        "chuyên trách chuyển đổi số",
        "it officer",
        "it/dx officer",
    ],
}
POSITION_VALUES = {
    Person.PositionCategory.LEADER: ["lãnh đạo", "lãnh đạo, quản lý", "leader", "manager"],
    Person.PositionCategory.CIVIL_SERVANT: ["công chức", "cán bộ", "civil servant", "cadre"],
    Person.PositionCategory.PUBLIC_EMPLOYEE: ["viên chức", "public employee"],
    Person.PositionCategory.WORKER: ["người lao động", "lao động hợp đồng", "worker"],
}
YES = {"có", "co", "x", "yes", "y", "1", "true", "đúng"}
NO = {"", "không", "khong", "no", "n", "0", "false"}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
FIELD_LABELS = {
    "full_name": "Họ và tên",
    "national_id": "Số định danh cá nhân",
    "employee_code": "Mã cán bộ",
    "date_of_birth": "Ngày sinh",
    "unit_code": "Mã đơn vị",
    "position": "Nhóm vị trí",
    "it_officer": "Chuyên trách CNTT",
}


def fold(text: str) -> str:
    """Lower case, single spaces, no diacritics: how headers and values are compared."""
    text = unicodedata.normalize("NFD", " ".join(str(text).split()).lower()).replace("đ", "d")
    return "".join(char for char in text if not unicodedata.combining(char))


FOLDED_HEADERS = {
    fold(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases
}
FOLDED_POSITIONS = {
    fold(value): code for code, values in POSITION_VALUES.items() for value in values
}


class RosterFileError(Exception):
    """The file as a whole cannot be imported; nothing was written."""


@dataclass
class RowProblem:
    row: int
    column: str
    reason: str


@dataclass
class RosterPlan:
    rows: int = 0
    create: int = 0
    update: int = 0
    unchanged: int = 0
    rejected: list[RowProblem] = field(default_factory=list)
    leavers: list[int] = field(default_factory=list)  # person ids, complete rosters only
    extra_columns: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written
    format: str = ""

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "create": self.create,
            "update": self.update,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
            "leavers": len(self.leavers),
            "extra_columns": self.extra_columns,
            "columns": self.columns,
            "format": self.format,
        }


@dataclass
class RosterRow:
    number: int
    full_name: str
    national_id_hash: str
    national_id_last4: str
    employee_code: str
    date_of_birth: datetime.date | None
    unit: OrgUnit
    position: str
    is_it_officer: bool


def roster_format_for(*, filename: str, head: bytes):
    for plugin, formats in hooks.register_roster_formats():
        for roster_format in formats:
            try:
                if roster_format.accepts(filename=filename, head=head):
                    return roster_format
            except Exception:  # a plugin's bug must not stop the import: try the next format
                logger.exception("Roster format of plugin %r failed in accepts().", plugin)
    return None


def roster_rows(*, file, filename: str, size: int) -> tuple[object, Iterator[tuple[int, dict]]]:
    """The format that reads the file, and its rows; a file that is no roster is refused."""
    if size == 0:
        raise RosterFileError(_("The file is empty."))
    if size > MAX_FILE_BYTES:
        raise RosterFileError(
            _(
                "The file is larger than %(limit)s MB. Split it, or ask an administrator to import it from the command line."
            )
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    roster_format = roster_format_for(filename=filename, head=head)
    if roster_format is None:
        raise RosterFileError(_("This file is not a roster: upload a CSV, text or XLSX file."))
    return roster_format, roster_format.read(file=file)  # a generator: errors come when read


def map_columns(headers: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    columns, extra = {}, []
    for header in headers:
        name = FOLDED_HEADERS.get(fold(header))
        if name and name not in columns:
            columns[name] = header
        elif header:
            extra.append(header)
    return columns, extra


def parse_date(text: str) -> datetime.date:
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


class RowValidator:
    """Validates rows one by one, remembering IDs seen so duplicates are caught."""

    def __init__(
        self, *, unit: OrgUnit, allowed_unit_ids: set[int], columns: dict[str, str], today
    ):
        self.unit = unit
        self.allowed_unit_ids = allowed_unit_ids
        self.columns = columns
        self.today = today
        self.open_units = {u.code: u for u in OrgUnit.objects.open_on(today)}
        self.seen_ids: dict[str, int] = {}
        self.seen_codes: dict[str, int] = {}

    def value(self, raw: dict, name: str) -> str:
        header = self.columns.get(name)
        return unicodedata.normalize("NFC", str(raw.get(header, "")).strip()) if header else ""

    def problem(self, number: int, name: str, reason: str) -> RowProblem:
        return RowProblem(number, self.columns.get(name, FIELD_LABELS[name]), reason)

    def identifiers(self, raw: dict) -> tuple[str, str]:
        """(national ID hash, employee code) as far as they are valid, for matching leavers."""
        try:
            id_hash = national_id_protect(self.value(raw, "national_id")).hash
        except ValidationError:  # a malformed ID identifies no one
            id_hash = ""
        return id_hash, self.value(raw, "employee_code")

    def validate(self, number: int, raw: dict) -> RosterRow | RowProblem:
        full_name = " ".join(self.value(raw, "full_name").split())
        if not full_name:
            return self.problem(number, "full_name", _("The name is missing."))
        national_id = re.sub(r"[\s.\-]", "", self.value(raw, "national_id"))
        employee_code = self.value(raw, "employee_code")
        protected = None
        if national_id:
            if not national_id.isdigit() or len(national_id) != 12:
                reason = _("A national ID number has exactly 12 digits.")
                if national_id.isdigit() and len(national_id) == 11:
                    reason += " " + _(
                        "This one has 11: a leading zero may have been lost; format the column as text."
                    )
                return self.problem(number, "national_id", reason)
            protected = national_id_protect(national_id)
            if protected.hash in self.seen_ids:
                return self.problem(
                    number,
                    "national_id",
                    _("The same national ID number is on row %(row)s.")
                    % {"row": self.seen_ids[protected.hash]},
                )
        elif not employee_code:
            return self.problem(
                number, "national_id", _("Give a national ID number or an employee code.")
            )
        if re.fullmatch(r"\d{12}", employee_code):
            return self.problem(
                number,
                "employee_code",
                _("This looks like a national ID number: put it in the national ID column."),
            )
        if employee_code and employee_code in self.seen_codes:
            return self.problem(
                number,
                "employee_code",
                _("The same employee code is on row %(row)s.")
                % {"row": self.seen_codes[employee_code]},
            )
        born = None
        if text := self.value(raw, "date_of_birth"):
            try:
                born = parse_date(text)
            except ValueError:
                return self.problem(
                    number,
                    "date_of_birth",
                    _("“%(value)s” is not a real date (dd/mm/yyyy).") % {"value": text},
                )
            age = (self.today - born).days // 365
            if not MINIMUM_AGE <= age <= MAXIMUM_AGE:
                return self.problem(
                    number,
                    "date_of_birth",
                    _("A date of birth giving an age of %(age)s is not plausible.") % {"age": age},
                )
        unit = self.unit
        if code := self.value(raw, "unit_code"):
            unit = self.open_units.get(code)
            if unit is None:
                return self.problem(
                    number,
                    "unit_code",
                    _("No unit has the code “%(code)s” today.") % {"code": code},
                )
            if unit.pk not in self.allowed_unit_ids:
                return self.problem(
                    number,
                    "unit_code",
                    _("Unit “%(code)s” is outside the units this import is for.") % {"code": code},
                )
        position = ""
        if text := self.value(raw, "position"):
            position = FOLDED_POSITIONS.get(fold(text), "")
            if not position:
                return self.problem(
                    number,
                    "position",
                    _(
                        "Unknown position “%(value)s”: use Lãnh đạo, Công chức, Viên chức or Người lao động."
                    )
                    % {"value": text},
                )
        flag = fold(self.value(raw, "it_officer"))
        if flag not in YES and flag not in NO:
            return self.problem(number, "it_officer", _("Write Có or Không."))
        if protected:
            self.seen_ids[protected.hash] = number
        if employee_code:
            self.seen_codes[employee_code] = number
        return RosterRow(
            number=number,
            full_name=full_name,
            national_id_hash=protected.hash if protected else "",
            national_id_last4=protected.last4 if protected else "",
            employee_code=employee_code,
            date_of_birth=born,
            unit=unit,
            position=position,
            is_it_officer=flag in YES,
        )


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
        for person in Person.objects.filter(national_id_hash__in=hashes):
            self.by_hash[person.national_id_hash] = person
        for person in Person.objects.filter(employee_code__in=codes):
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
    roster_format, rows = roster_rows(file=file, filename=filename, size=size)
    plan = RosterPlan(format=str(roster_format.code))
    allowed = set(allowed_units.filter(path__startswith=unit.path).values_list("pk", flat=True))
    validator = None
    seen_people: set[int] = set()
    matched_rows: dict[int, int] = {}  # person id -> the row that matched them
    batch: list[RosterRow] = []

    def flush():
        index = PeopleIndex()
        index.load(batch)
        creates, updates = [], []
        for row in batch:
            by_hash = index.by_hash.get(row.national_id_hash) if row.national_id_hash else None
            by_code = index.by_code.get(row.employee_code) if row.employee_code else None
            # Whoever a row names stays on the roster, even when the row is rejected.
            seen_people.update(person.pk for person in (by_hash, by_code) if person)
            if by_code is not None and (
                (by_hash is not None and by_hash.pk != by_code.pk)
                or (by_hash is None and row.national_id_hash and by_code.national_id_hash)
            ):
                plan.rejected.append(
                    validator.problem(
                        row.number,
                        "employee_code",
                        _("This employee code belongs to another person."),
                    )
                )
                continue
            person = by_hash or by_code
            if person is None:
                plan.create += 1
                creates.append(row)
                continue
            if person.unit_id not in allowed:
                column = "national_id" if row.national_id_hash else "employee_code"
                plan.rejected.append(
                    validator.problem(
                        row.number,
                        column,
                        _(
                            "This person is on the roster of a unit you do not manage: ask an administrator to transfer them."
                        ),
                    )
                )
                continue
            if person.pk in matched_rows:
                plan.rejected.append(
                    validator.problem(
                        row.number,
                        "full_name",
                        _("This is the same person as on row %(row)s.")
                        % {"row": matched_rows[person.pk]},
                    )
                )
                continue
            matched_rows[person.pk] = row.number
            changes = _changes(person, row)
            if changes:
                plan.update += 1
                updates.append((person, row, changes))
            else:
                plan.unchanged += 1
        if apply:
            created = _write(creates, updates, today=today)
            seen_people.update(person.pk for person in created)
        batch.clear()

    try:
        for number, raw in rows:
            if validator is None:
                plan.columns, plan.extra_columns = map_columns(raw.keys())
                if "full_name" not in plan.columns:
                    raise RosterFileError(
                        _("No column holds the names (Họ và tên / Full name): is this a roster?")
                    )
                if "national_id" not in plan.columns and "employee_code" not in plan.columns:
                    raise RosterFileError(
                        _("No column holds national ID numbers or employee codes.")
                    )
                validator = RowValidator(
                    unit=unit, allowed_unit_ids=allowed, columns=plan.columns, today=today
                )
            plan.rows += 1
            result = validator.validate(number, raw)
            if isinstance(result, RowProblem):
                plan.rejected.append(result)
                _mark_seen_by_identifiers(validator.identifiers(raw), seen_people)
            else:
                batch.append(result)
            if len(batch) >= BATCH_SIZE:
                flush()
                if on_progress:
                    on_progress(plan.rows)
        flush()
    except ValueError as error:  # a format that cannot go on reading
        raise RosterFileError(str(error)) from error
    except RosterFileError:
        raise
    except Exception as error:  # a format plugin's bug: one clear message, nothing kept
        logger.exception("Roster format %r failed while reading a file.", plan.format)
        raise RosterFileError(_("The file could not be read. Nothing was imported.")) from error
    if plan.rows == 0:
        raise RosterFileError(_("The file has no rows under its header."))
    if complete:
        current = Person.objects.filter(
            kind=Person.Kind.STAFF, left_on__isnull=True, unit__path__startswith=unit.path
        ).exclude(pk__in=seen_people)
        plan.leavers = list(current.values_list("pk", flat=True))
        if apply:
            for person in Person.objects.filter(pk__in=plan.leavers):
                person_leave(person=person, left_on=today)
    if on_progress:
        on_progress(plan.rows)
    return plan


def _mark_seen_by_identifiers(identifiers: tuple[str, str], seen: set[int]) -> None:
    """A rejected row still names someone: never count them as having left."""
    id_hash, code = identifiers
    person = None
    if id_hash:
        person = Person.objects.filter(national_id_hash=id_hash).only("pk").first()
    if person is None and code:
        person = Person.objects.filter(employee_code=code).only("pk").first()
    if person is not None:
        seen.add(person.pk)


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
