"""Roster rows: whether a row can be imported, and why not.

Each row is checked against everything the database and the domain require, so a row the
preview accepts is one the import can write; a rejected row gets a reason that never echoes
an ID number (see ``RowProblem``).
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import OrgUnit, Person
from ..national_id import national_id_mask, national_id_protect
from .columns import FIELD_LABELS, FOLDED_POSITIONS, NO, YES, fold
from .files import cell_too_long, shown, too_long_cell_reason
from .units import UnitFinder

MINIMUM_AGE, MAXIMUM_AGE = 15, 100

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
# What a spreadsheet shows instead of a value when a formula fails.
SPREADSHEET_ERRORS = {
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
}
# Roster columns stored as they are read, checked against their Person field (max_length...).
PERSON_FIELDS = {"full_name": "full_name", "employee_code": "employee_code"}
UNIT_FIELDS = ("unit_code", "unit_name")  # the columns that may name a row's unit


@dataclass
class RowProblem:
    row: int
    column: str
    reason: str

    def __post_init__(self):
        # Every reason is made here, so none can carry an ID number a cell in the wrong
        # column held (nor can a column named by such a cell, in a file without a header).
        self.column = national_id_mask(self.column)
        self.reason = national_id_mask(self.reason)


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
    email: str = ""


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
        self, *, unit: OrgUnit | None, allowed_unit_ids: set[int], columns: dict[str, str], today
    ):
        self.unit = unit  # where a row naming no unit goes; None: every row names its unit
        self.allowed_unit_ids = allowed_unit_ids
        self.columns = columns
        self.today = today
        self.units = UnitFinder(units=OrgUnit.objects.open_on(today), allowed_ids=allowed_unit_ids)
        self.seen_ids: dict[str, int] = {}
        self.seen_codes: dict[str, int] = {}

    def value(self, raw: dict, name: str) -> str:
        header = self.columns.get(name)
        return unicodedata.normalize("NFC", str(raw.get(header, "")).strip()) if header else ""

    def problem(self, number: int, name: str, reason: str) -> RowProblem:
        return RowProblem(number, self.columns.get(name, FIELD_LABELS[name]), reason)

    def unreadable(self, number: int, raw: dict) -> RowProblem | None:
        """A cell that holds no usable value: too long, an unsaved formula, an error."""
        if column := cell_too_long(raw):
            return RowProblem(number, column, too_long_cell_reason())
        for name in FIELD_LABELS:
            value = self.value(raw, name)
            if value.startswith("="):
                return self.problem(
                    number,
                    name,
                    _(
                        "The cell holds the formula “%(formula)s”, whose value was not saved in "
                        "the file. Open the file in Excel or LibreOffice, save it again and "
                        "upload it, or type the value."
                    )
                    % {"formula": shown(value)},
                )
            if value.upper() in SPREADSHEET_ERRORS:
                return self.problem(
                    number,
                    name,
                    _(
                        "The cell shows the spreadsheet error %(error)s: correct it or type the value."
                    )
                    % {"error": value.upper()},
                )
        return None

    def beyond_field(self, number: int, name: str, value: str) -> RowProblem | None:
        """The value breaks its database column's limits (read from the model field)."""
        try:
            Person._meta.get_field(PERSON_FIELDS[name]).clean(value, None)
        except ValidationError as error:
            return self.problem(number, name, " ".join(error.messages))
        return None

    def row_unit(self, number: int, raw: dict) -> OrgUnit | RowProblem:
        """The unit the row names by code, name or both (they must agree), within the units
        this import is for; a row naming none goes to the import's unit, if it has one."""
        named: dict[str, OrgUnit] = {}
        for name in UNIT_FIELDS:
            if text := self.value(raw, name):
                unit, reason = self.units.find(text)
                if unit is None:
                    return self.problem(number, name, reason)
                named[name] = unit
        if len({unit.pk for unit in named.values()}) > 1:
            return self.problem(
                number,
                "unit_name",
                _("The unit code “%(code)s” and the unit name “%(name)s” name different units.")
                % {
                    "code": shown(self.value(raw, "unit_code")),
                    "name": shown(self.value(raw, "unit_name")),
                },
            )
        if named:
            return next(iter(named.values()))
        if self.unit is None:
            column = next((name for name in UNIT_FIELDS if name in self.columns), "unit_code")
            return self.problem(
                number, column, _("The unit is missing: write the unit's code or name.")
            )
        return self.unit

    def identifiers(self, raw: dict) -> tuple[str, str]:
        """(national ID hash, employee code) as far as they are valid, for matching leavers."""
        try:
            id_hash = national_id_protect(self.value(raw, "national_id")).hash
        except ValidationError:  # a malformed ID identifies no one
            id_hash = ""
        return id_hash, self.value(raw, "employee_code")

    def validate(self, number: int, raw: dict) -> RosterRow | RowProblem:
        if problem := self.unreadable(number, raw):
            return problem
        full_name = " ".join(self.value(raw, "full_name").split())
        if not full_name:
            return self.problem(number, "full_name", _("The name is missing."))
        if problem := self.beyond_field(number, "full_name", full_name):
            return problem
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
        if employee_code and (problem := self.beyond_field(number, "employee_code", employee_code)):
            return problem
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
                    _("“%(value)s” is not a real date (dd/mm/yyyy).") % {"value": shown(text)},
                )
            age = (self.today - born).days // 365
            if not MINIMUM_AGE <= age <= MAXIMUM_AGE:
                return self.problem(
                    number,
                    "date_of_birth",
                    _("A date of birth giving an age of %(age)s is not plausible.") % {"age": age},
                )
        unit = self.row_unit(number, raw)
        if isinstance(unit, RowProblem):
            return unit
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
                    % {"value": shown(text)},
                )
        flag = fold(self.value(raw, "it_officer"))
        if flag not in YES and flag not in NO:
            return self.problem(number, "it_officer", _("Write Có or Không."))
        email = self.value(raw, "email")
        if email:
            try:
                Person._meta.get_field("email").clean(email, None)
            except ValidationError:
                return self.problem(
                    number,
                    "email",
                    _("“%(value)s” is not an e-mail address (name@example.gov.vn).")
                    % {"value": shown(email)},
                )
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
            email=email,
        )
