"""Reads about units and scopes."""

import datetime
import os

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import OrgRole, OrgUnit, Person, UnitSuccession

ONE_DAY = datetime.timedelta(days=1)


def org_units_in_scope(*, user) -> QuerySet[OrgUnit]:
    """Units the user may see as HR officer: each granted unit and its whole subtree.

    Superusers see everything. Anyone else without a grant sees nothing.
    """
    if user.is_superuser:
        return OrgUnit.objects.all()
    paths = list(
        OrgRole.objects.filter(user=user, role=OrgRole.Role.HR_OFFICER).values_list(
            "unit__path", flat=True
        )
    )
    if not paths:
        return OrgUnit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition)


def scope_top_units(*, user) -> QuerySet[OrgUnit]:
    """The units at the top of what the user may see as HR officer (see org_units_in_scope):
    every root for a superuser, else each unit granted to them that no other of their grants
    contains (a grant nested in another adds nothing to the scope). One query."""
    if user.is_superuser:
        return OrgUnit.get_root_nodes()
    grants = OrgRole.objects.filter(user=user, role=OrgRole.Role.HR_OFFICER)
    # Treebeard paths: a unit lies inside another when its path starts with the other's.
    inside_another_grant = grants.filter(unit__depth__lt=OuterRef("depth")).filter(
        StartsWith(OuterRef("path"), F("unit__path"))
    )
    return OrgUnit.objects.filter(pk__in=grants.values("unit")).exclude(
        Exists(inside_another_grant)
    )


def scope_ancestors(*, user, unit: OrgUnit | None) -> list[OrgUnit]:
    """The units above ``unit`` that the user may see, top first (a breadcrumb trail that
    stops at the top of their scope)."""
    if unit is None:
        return []
    ancestors = list(unit.get_ancestors())
    in_scope = set(
        org_units_in_scope(user=user)
        .filter(pk__in=[ancestor.pk for ancestor in ancestors])
        .values_list("pk", flat=True)
    )
    return [ancestor for ancestor in ancestors if ancestor.pk in in_scope]


def is_hr_officer(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or OrgRole.objects.filter(user=user, role=OrgRole.Role.HR_OFFICER).exists()
    )


def unit_in_scope(*, user, pk) -> OrgUnit:
    """The unit, if the user may see it; otherwise Http404 (no hint that it exists)."""
    return get_object_or_404(org_units_in_scope(user=user), pk=pk)


def people_in_scope(*, user) -> QuerySet[Person]:
    return Person.objects.filter(unit__in=org_units_in_scope(user=user))


def person_in_scope(*, user, pk) -> Person:
    return get_object_or_404(people_in_scope(user=user).select_related("unit", "user"), pk=pk)


def people_search(*, user, query: str = "", status: str = "") -> QuerySet[Person]:
    people = people_in_scope(user=user).select_related("unit")
    today = timezone.localdate()
    if status == "left":
        people = people.filter(left_on__isnull=False)
    elif status == "awaiting":
        people = people.filter(left_on__isnull=True, unit__valid_to__lt=today)
    elif status != "all":
        people = people.filter(left_on__isnull=True)
    query = query.strip()
    if query:
        condition = Q(full_name__icontains=query) | Q(employee_code__iexact=query)
        if query.isdigit() and len(query) == 4:
            condition |= Q(national_id_last4=query)
        people = people.filter(condition)
    return people.order_by("full_name", "pk")


def unit_children(*, user, parent: OrgUnit | None) -> QuerySet[OrgUnit]:
    """Sub-units to list (the top units of the user's scope at the top), with current
    headcount."""
    if parent is None:
        units = scope_top_units(user=user)
    else:
        units = parent.get_children().filter(pk__in=org_units_in_scope(user=user).values("pk"))
    return units.annotate(
        headcount=Count("people", filter=Q(people__left_on__isnull=True), distinct=True),
    ).order_by("valid_to", "code")


def unit_history(*, unit: OrgUnit) -> dict:
    return {
        "predecessors": list(unit.successions_in.select_related("predecessor")),
        "successors": list(unit.successions_out.select_related("successor")),
    }


def successor_paths(*, day: datetime.date) -> dict[str, str]:
    """Where the people of each unit that no longer exists on ``day`` count on that day.

    path of such a unit -> path of the smallest unit that contains all of its possible
    successors ("" when no unit does). A unit's possible successors are the units that the
    successions which closed it lead to (a merger or whole split, effective the day after its
    last day; an earlier partial split handed on another part, not the people who stayed),
    followed through later closures until one exists on ``day``; a unit closed without a
    succession hands on to its parent. People of a split unit awaiting assignment thus count
    in the unit above all its successors (the province), never in one ward they may not end
    up in. Two queries, whatever the data.
    """
    gone = {
        path: (pk, valid_to + ONE_DAY)
        for path, pk, valid_to in OrgUnit.objects.filter(valid_to__lt=day).values_list(
            "path", "pk", "valid_to"
        )
    }
    if not gone:
        return {}
    closing = {pk: closed_on for pk, closed_on in gone.values()}
    onward: dict[int, list[str]] = {}
    for predecessor_id, effective_on, successor_path in UnitSuccession.objects.filter(
        effective_on__lte=day
    ).values_list("predecessor_id", "effective_on", "successor__path"):
        if closing.get(predecessor_id) == effective_on:
            onward.setdefault(predecessor_id, []).append(successor_path)
    step = OrgUnit.steplen

    def ends(path: str, seen: frozenset[str]) -> set[str]:
        if path not in gone or path in seen:
            return {path}
        seen = seen | {path}
        successors = onward.get(gone[path][0])
        if successors:
            return set().union(*(ends(successor, seen) for successor in successors))
        if len(path) > step:
            return ends(path[:-step], seen)
        return {path}

    located = {}
    for path in gone:
        common = os.path.commonprefix(sorted(ends(path, frozenset())))  # noqa: RUF071 (paths)
        located[path] = common[: len(common) - len(common) % step]
    return located
