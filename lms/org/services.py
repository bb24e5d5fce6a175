"""Writes about units and people: new units, placements, mergers and splits, and the log of
who opened a record (linking a login: linking.py)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from .admin_selectors import person_record
from .models import OrgUnit, Person, PersonAccessLog, Placement, UnitSuccession
from .selectors import person_in_scope
from .signals import people_changed_notify, people_changes_batched

ONE_DAY = datetime.timedelta(days=1)


class OrgError(Exception):
    """A request that cannot be carried out; the message is for the person who asked."""


def unit_create(*, unit: OrgUnit, parent: OrgUnit | None) -> OrgUnit:
    """Add a new unit under ``parent``, or at the top of the tree without one."""
    if parent is not None:
        return parent.add_child(instance=unit)
    return OrgUnit.add_root(instance=unit)


def person_record_open(*, viewer, pk) -> dict:
    """A person's record as an HR officer opens it (``admin_selectors.person_record``): only
    within their units (Http404 otherwise), and every opening is logged on the record."""
    person = person_in_scope(user=viewer, pk=pk)
    PersonAccessLog.objects.create(viewer=viewer, person=person)
    return person_record(person=person)


@transaction.atomic
def person_place(*, person: Person, unit: OrgUnit, start_on: datetime.date) -> Placement:
    """Place a person in a unit from a date; their current placement ends the day before."""
    current = Placement.objects.filter(person=person, end_on__isnull=True).first()
    if current is not None and current.unit_id == unit.pk:
        return current
    if current is not None and current.start_on >= start_on:
        # The person's current placement began on or after the change (a same-day correction,
        # or a merger recorded after the fact): it moves to the new unit, its start kept.
        current.unit = unit
        current.save(update_fields=["unit"])
        placement = current
    else:
        if current is not None:
            current.end_on = start_on - ONE_DAY
            current.save(update_fields=["end_on"])
        placement = Placement.objects.create(
            person=person, unit=unit, start_on=start_on, kind=person.kind
        )
    if person.unit_id != unit.pk:
        person.unit = unit
        person.save(update_fields=["unit", "updated_at"])
    people_changed_notify(person_ids=[person.pk])
    return placement


@transaction.atomic
def person_leave(*, person: Person, left_on: datetime.date) -> None:
    """The person left the roster: kept for history, counted for the periods they were there."""
    person.left_on = left_on
    person.save(update_fields=["left_on", "updated_at"])
    current = Placement.objects.filter(person=person, end_on__isnull=True).first()
    if current is not None:
        current.end_on = max(left_on, current.start_on)
        current.save(update_fields=["end_on"])
    people_changed_notify(person_ids=[person.pk])


def _close(unit: OrgUnit, *, effective_on: datetime.date, leaving: set[int]) -> None:
    if not unit.is_open_on(effective_on):
        raise OrgError(
            _("%(unit)s does not exist on %(date)s.") % {"unit": unit, "date": effective_on}
        )
    open_children = [
        child for child in unit.get_children().open_on(effective_on) if child.pk not in leaving
    ]
    if open_children:
        raise OrgError(
            _(
                "%(unit)s still has sub-units on that date (%(children)s): merge or close them first."
            )
            % {"unit": unit, "children": ", ".join(str(child) for child in open_children[:5])}
        )
    unit.valid_to = effective_on - ONE_DAY
    unit.save(update_fields=["valid_to"])


@transaction.atomic
def units_merge(
    *, predecessors: list[OrgUnit], successor: OrgUnit, effective_on: datetime.date, user=None
) -> list[UnitSuccession]:
    """Merge units into one from a date: the others close the day before, their successions
    are recorded, and their current people move to the successor."""
    predecessors = [unit for unit in predecessors if unit.pk != successor.pk]
    if not predecessors:
        raise OrgError(_("Choose at least one unit to merge into another."))
    if not successor.is_open_on(effective_on):
        raise OrgError(
            _("%(unit)s does not exist on %(date)s.") % {"unit": successor, "date": effective_on}
        )
    leaving = {unit.pk for unit in predecessors}
    with people_changes_batched():
        return [
            _merge_one(
                unit, successor=successor, effective_on=effective_on, leaving=leaving, user=user
            )
            for unit in predecessors
        ]


def _merge_one(unit, *, successor, effective_on, leaving, user) -> UnitSuccession:
    _close(unit, effective_on=effective_on, leaving=leaving)
    succession = UnitSuccession.objects.create(
        predecessor=unit,
        successor=successor,
        kind=UnitSuccession.Kind.MERGE,
        effective_on=effective_on,
        recorded_by=user,
    )
    for person in Person.objects.filter(unit=unit, left_on__isnull=True):
        person_place(person=person, unit=successor, start_on=effective_on)
    return succession


@transaction.atomic
def unit_split(
    *,
    unit: OrgUnit,
    successors: list[OrgUnit],
    effective_on: datetime.date,
    partial: bool,
    user=None,
) -> list[UnitSuccession]:
    """Split a unit from a date. A whole split closes it; a partial split hands on part of it
    and it carries on. Its people stay where they are until HR assigns them (see
    people_awaiting_assignment)."""
    successors = [successor for successor in successors if successor.pk != unit.pk]
    if not successors:
        raise OrgError(_("Choose the units that take over from %(unit)s.") % {"unit": unit})
    for successor in successors:
        if not successor.is_open_on(effective_on):
            raise OrgError(
                _("%(unit)s does not exist on %(date)s.")
                % {"unit": successor, "date": effective_on}
            )
    if not partial:
        _close(unit, effective_on=effective_on, leaving=set())
    return [
        UnitSuccession.objects.create(
            predecessor=unit,
            successor=successor,
            kind=UnitSuccession.Kind.SPLIT,
            partial=partial,
            effective_on=effective_on,
            recorded_by=user,
        )
        for successor in successors
    ]
