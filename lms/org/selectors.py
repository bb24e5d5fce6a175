"""Reads about units and scopes."""

from django.db.models import Q, QuerySet

from .models import OrgRole, OrgUnit


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
