"""Which units a report shows and counts: the viewer's top units or a unit's sub-units, the
part of each that a target covers, and conditions on unit paths that keep a count to them."""

import datetime
import os

from django.db.models import Q

from lms.org.models import OrgUnit
from lms.org.selectors import scope_top_units

from ..models import Target

STEP = OrgUnit.steplen


def target_region(*, target: Target, unit: OrgUnit) -> OrgUnit | None:
    """The part of ``unit``'s subtree the target covers: the unit itself, the target's scope
    when that lies inside the unit, or None when they do not meet."""
    scope = target.scope
    if scope is None or unit.path.startswith(scope.path):
        return unit
    if scope.path.startswith(unit.path):
        return scope
    return None


def display_units(
    *, user, target: Target, parent: OrgUnit | None, reference: datetime.date
) -> list[OrgUnit]:
    """The rows of the table: the parent's sub-units (or the user's top units) that exist on
    the reference day and that the target covers. A period before a merger shows the old
    units; one that ends after it, the new ones (people count where they were on that day)."""
    if parent is not None and not parent.numchild:  # a ward: no query for its sub-units
        return []
    candidates = scope_top_units(user=user) if parent is None else parent.get_children()
    return [
        unit
        for unit in candidates
        if unit.is_open_on(reference) and target_region(target=target, unit=unit) is not None
    ]


def card_units(
    *, user, target: Target, unit: OrgUnit | None, reference: datetime.date
) -> list[OrgUnit]:
    """What a card (or a list of people) adds up: the unit shown, or the user's top units on
    the reference day."""
    if unit is not None:
        return [unit]
    return display_units(user=user, target=target, parent=None, reference=reference)


def region_paths(
    regions: list[OrgUnit], *, target: Target, exact: bool = False, field: str = "unit__path"
) -> Q:
    """A condition on a unit path ``field``: below the regions' common ancestor (cheap; the
    roll-up ignores what lies outside the regions), or with ``exact`` below the regions
    themselves; and always within the target's scope."""
    lookup = f"{field}__startswith"
    paths = sorted({region.path for region in regions})
    if exact:
        condition = Q()
        for path in paths:
            condition |= Q(**{lookup: path})
    else:
        common = os.path.commonprefix(paths)  # noqa: RUF071 (tree paths, by character)
        condition = Q(**{lookup: common[: len(common) - len(common) % STEP]})
    if target.scope_id:
        condition &= Q(**{lookup: target.scope.path})
    return condition


def moved_into(
    moved: dict[str, str], regions: list[OrgUnit], *, target: Target, exact: bool = False
) -> list[str]:
    """Paths of the units gone on the day whose people count within the regions (below their
    common ancestor, or with ``exact`` below a region itself) and the target's scope."""
    if exact:
        prefixes = tuple(region.path for region in regions)
    else:
        common = os.path.commonprefix(sorted(region.path for region in regions))  # noqa: RUF071
        prefixes = (common[: len(common) - len(common) % STEP],)
    scope = target.scope.path if target.scope_id else ""
    return sorted(
        path
        for path, located in moved.items()
        if located and located.startswith(prefixes) and located.startswith(scope)
    )
