"""Who a roster row names: existing people matched by national ID hash or employee code, a
batch of rows at a time, and what the row would change about them."""

from django.db.models import Q

from ..models import Person
from .validation import RosterRow


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

    def matches(self, row: RosterRow) -> tuple[Person | None, Person | None]:
        """(the person with the row's national ID, the person with its employee code)."""
        by_hash = self.by_hash.get(row.national_id_hash) if row.national_id_hash else None
        by_code = self.by_code.get(row.employee_code) if row.employee_code else None
        return by_hash, by_code


def people_named(*, identifiers: list[tuple[str, str]]) -> list[int]:
    """Ids of the people these (national ID hash, employee code) pairs name."""
    hashes = [id_hash for id_hash, _code in identifiers if id_hash]
    codes = [code for _hash, code in identifiers if code]
    if not (hashes or codes):
        return []
    named = Person.objects.filter(Q(national_id_hash__in=hashes) | Q(employee_code__in=codes))
    return list(named.values_list("pk", flat=True))


def person_changes(person: Person, row: RosterRow) -> dict:
    """The fields the row changes, with their new values (a blank cell keeps what is known)."""
    wanted = {
        "full_name": row.full_name,
        "national_id_hash": row.national_id_hash or person.national_id_hash,
        "national_id_last4": row.national_id_last4 or person.national_id_last4,
        "employee_code": row.employee_code or person.employee_code,
        "date_of_birth": row.date_of_birth or person.date_of_birth,
        "unit_id": row.unit.pk,
        "position_category": row.position or person.position_category,
        "is_it_officer": row.is_it_officer,
        "email": row.email or person.email,
        "left_on": None,
    }
    return {name: value for name, value in wanted.items() if getattr(person, name) != value}
