"""Who counts for a target: the people of its population, each in the unit of the placement
that counts on the reference day (citizens where they live, staff where they are posted)."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from lms.org.models import Person, Placement

from ..models import Target
from ..working_age import working_age_births


def placement_kind(*, target: Target) -> str:
    """Citizens count where they live, staff where they are posted."""
    if target.population == Target.Population.CITIZENS:
        return Person.Kind.CITIZEN
    return Person.Kind.STAFF


def attributed_placements(
    *, target: Target, reference: datetime.date, units: Q
) -> QuerySet[Placement]:
    """Each person's placement that counts on ``reference`` (their last one of the target's
    kind that began by then and did not end before the period began), within these units."""
    kind = placement_kind(target=target)
    # A later placement replaces this one; on the same day, the one recorded last wins.
    later = Placement.objects.filter(
        Q(start_on__gt=OuterRef("start_on"))
        | Q(start_on=OuterRef("start_on"), pk__gt=OuterRef("pk")),
        person_id=OuterRef("person_id"),
        kind=kind,
        start_on__lte=reference,
    )
    return (
        Placement.objects.filter(units, kind=kind, start_on__lte=reference)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=target.period_start))
        .exclude(Exists(later))
    )


def population_people(*, target: Target) -> Q:
    """Who counts among the people placed (see placement_kind), as a condition on Person;
    empty when everyone placed counts."""
    if target.population == Target.Population.CITIZENS:
        female = working_age_births(sex=Person.Sex.FEMALE, on=target.period_end)
        other = working_age_births(sex=Person.Sex.MALE, on=target.period_end)
        return Q(
            sex=Person.Sex.FEMALE, date_of_birth__gt=female[0], date_of_birth__lte=female[1]
        ) | (~Q(sex=Person.Sex.FEMALE) & Q(date_of_birth__gt=other[0], date_of_birth__lte=other[1]))
    if target.population == Target.Population.IT_OFFICERS:
        return Q(is_it_officer=True)
    if target.position_categories:
        return Q(position_category__in=target.position_categories)
    return Q()


def on_related(condition: Q, prefix: str) -> Q:
    """The same condition, on a related model (``prefix`` such as ``"person__"``)."""
    children = [
        on_related(child, prefix) if isinstance(child, Q) else (f"{prefix}{child[0]}", child[1])
        for child in condition.children
    ]
    return Q(*children, _connector=condition.connector, _negated=condition.negated)
