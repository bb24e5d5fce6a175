"""Who is not trained yet: the people a target still waits for, in some units on a day."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from lms.org.models import OrgUnit, Placement
from lms.org.selectors import successor_paths

from ..models import Attainment, Target
from .population import attributed_placements, on_related, population_people
from .regions import moved_into, region_paths, target_region


def not_trained(
    *, target: Target, units: list[OrgUnit], reference: datetime.date
) -> QuerySet[Placement]:
    """People of the target's population counted in these units' subtrees on ``reference``
    who have not attained it by then (citizens: only those registered on the site)."""
    regions = [
        region for unit in units if (region := target_region(target=target, unit=unit)) is not None
    ]
    if not regions:
        return Placement.objects.none()

    attained = Attainment.objects.filter(
        target=target, person_id=OuterRef("person_id"), counts_from__lte=reference
    )
    # Units gone that day count their people where successor_paths says, in or out of here.
    here = region_paths(regions, target=target, exact=True)
    moved = successor_paths(day=reference)
    if moved:
        here = (here & ~Q(unit__path__in=sorted(moved))) | Q(
            unit__path__in=moved_into(moved, regions, target=target, exact=True)
        )
    return (
        attributed_placements(target=target, reference=reference, units=here)
        .filter(on_related(population_people(target=target), "person__"))
        .exclude(Exists(attained))
        .select_related("person", "unit")
        .order_by("unit__name", "person__full_name", "person_id")
    )
