"""The people behind a figure: everyone a unit's row counts, with whether they are trained, and
who is not trained yet, in some units on a day."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from lms.org.models import OrgUnit, Placement
from lms.org.selectors import people_in_scope, successor_paths

from ..models import Attainment, Target
from .population import attributed_placements, on_related, population_people
from .readings import Reading, reading_for
from .regions import card_units, moved_into, region_paths, target_region


def _counted(*, target: Target, units: list[OrgUnit], reference: datetime.date) -> QuerySet:
    """The placement that counts of each person of the target's population counted in these
    units' subtrees on ``reference`` (citizens: only those registered on the site)."""
    regions = [
        region for unit in units if (region := target_region(target=target, unit=unit)) is not None
    ]
    if not regions:
        return Placement.objects.none()
    # Units gone that day count their people where successor_paths says, in or out of here.
    here = region_paths(regions, target=target, exact=True)
    moved = successor_paths(day=reference)
    if moved:
        here = (here & ~Q(unit__path__in=sorted(moved))) | Q(
            unit__path__in=moved_into(moved, regions, target=target, exact=True)
        )
    return attributed_placements(target=target, reference=reference, units=here).filter(
        on_related(population_people(target=target), "person__")
    )


def _attained(*, target: Target, reference: datetime.date) -> QuerySet[Attainment]:
    return Attainment.objects.filter(
        target=target, person_id=OuterRef("person_id"), counts_from__lte=reference
    )


def not_trained(
    *, target: Target, units: list[OrgUnit], reference: datetime.date
) -> QuerySet[Placement]:
    """People of the target's population counted in these units' subtrees on ``reference``
    who have not attained it by then (citizens: only those registered on the site), with
    what it takes to reach them (the login's e-mail address)."""
    return (
        _counted(target=target, units=units, reference=reference)
        .exclude(Exists(_attained(target=target, reference=reference)))
        .select_related("person", "person__user", "unit")
        .order_by("unit__name", "person__full_name", "person_id")
    )


def not_trained_in_scope(
    *, user, target: Target, unit: OrgUnit | None, today: datetime.date
) -> tuple[Reading, QuerySet[Placement]]:
    """Who an officer sees as not trained today, in ``unit`` or their whole scope: the page
    "Not trained yet" and the reminders it sends read the same people."""
    reading = reading_for(target=target, as_of=None, today=today)
    units = card_units(user=user, target=target, unit=unit, reference=reading.reference)
    # People the officer is responsible for now: someone counted here who has since moved
    # to a unit outside their scope is not listed (their record is not theirs to see).
    people = not_trained(target=target, units=units, reference=reading.reference).filter(
        person__in=people_in_scope(user=user)
    )
    return reading, people


def unit_people(*, target: Target, unit: OrgUnit, reference: datetime.date) -> QuerySet[Placement]:
    """Everyone a unit's figure counts on ``reference``, the same people as its headcount
    (staff; citizens: those registered), each annotated with ``trained_on`` (the day they
    attained the target, None if not by then). Those still to train come first."""
    attained = _attained(target=target, reference=reference)
    return (
        _counted(target=target, units=[unit], reference=reference)
        .annotate(
            is_trained=Exists(attained),
            trained_on=Subquery(attained.values("attained_on")[:1]),
        )
        .select_related("person", "person__user", "unit")
        .order_by("is_trained", "person__full_name", "person_id")
    )
