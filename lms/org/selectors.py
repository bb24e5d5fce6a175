"""Reads about units and scopes."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import OrgRole, OrgUnit, Person


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
    """Sub-units to list (roots of the user's scope at the top), with current headcount."""
    scope = org_units_in_scope(user=user)
    if parent is None:
        if user.is_superuser:
            units = OrgUnit.get_root_nodes()
        else:
            granted = OrgRole.objects.filter(user=user).values_list("unit_id", flat=True)
            units = OrgUnit.objects.filter(pk__in=granted)
    else:
        units = parent.get_children()
    return (
        units.filter(pk__in=scope.values("pk"))
        .annotate(
            headcount=Count("people", filter=Q(people__left_on__isnull=True), distinct=True),
        )
        .order_by("valid_to", "code")
    )


def unit_history(*, unit: OrgUnit) -> dict:
    return {
        "predecessors": list(unit.successions_in.select_related("predecessor")),
        "successors": list(unit.successions_out.select_related("successor")),
    }
