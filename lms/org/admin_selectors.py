"""Reads for the organisation's admin screens, built on the scope selectors of
``selectors``: each gathers what one screen shows, within the user's units."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import OrgUnit, Person
from .selectors import org_units_in_scope, unit_children, unit_history, unit_in_scope


def unit_overview(*, user, pk=None) -> dict:
    """A unit (the top of the user's scope without ``pk``): where it sits, its history and its
    sub-units with their headcount. Http404 for a unit outside the user's units."""
    parent = unit_in_scope(user=user, pk=pk) if pk else None
    overview = {
        "parent": parent,
        "ancestors": list(parent.get_ancestors()) if parent else [],
        "units": unit_children(user=user, parent=parent),
        "today": timezone.localdate(),
        "can_manage": user.is_superuser,
    }
    if parent is not None:
        overview.update(unit_history(unit=parent))
    return overview


def units_to_combine_with(*, user, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The units a merger or split of ``unit`` may involve: the user's other units that have
    not closed."""
    return org_units_in_scope(user=user).exclude(pk=unit.pk).filter(valid_to__isnull=True)


def units_to_assign_to(*, user) -> QuerySet[OrgUnit]:
    """The units a person may be placed in today: the user's units that exist today."""
    return org_units_in_scope(user=user).open_on(timezone.localdate()).order_by("code")


def person_record(*, person: Person) -> dict:
    """What a person's record shows besides the person: placements, training (with
    certificates), who viewed it lately, and whether they wait for a new unit."""
    return {
        "person": person,
        "placements": person.placements.select_related("unit"),
        # Reverse one-to-one to the certificate: one query.
        "enrollments": person.enrollments.select_related("course", "certificate").order_by(
            "-enrolled_at"
        ),
        "accesses": person.access_log.select_related("viewer")[:20],
        "awaiting": person.left_on is None and not person.unit.is_open_on(timezone.localdate()),
    }
