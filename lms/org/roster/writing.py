"""Writing a planned batch of roster rows: new people with their first placement, and the
changes to people already on the roster."""

import datetime

from ..models import Person, Placement
from ..services import person_place
from ..signals import people_changed_notify
from .validation import RosterRow

BATCH_SIZE = 1000  # rows matched and written at a time


def roster_people_write(
    *,
    creates: list[RosterRow],
    updates: list[tuple[Person, RosterRow, dict]],
    today: datetime.date,
) -> list[Person]:
    """Create the new people and apply the changes; returns the people created."""
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
                email=row.email,
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
