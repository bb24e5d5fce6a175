"""What the plan asks of one person: the learner's "Required for you"."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from courses.models import CoursePage
from lms.org.models import Person

from .attainments import in_population
from .models import Attainment, Target

PERSON_FIELDS = ("pk", "kind", "position_category", "is_it_officer", "date_of_birth", "sex")


@dataclass
class RequiredTarget:
    target: Target
    attained_on: datetime.date | None
    courses: list[CoursePage] = field(default_factory=list)  # live courses that qualify
    days_left: int = 0

    @property
    def met(self) -> bool:
        return self.attained_on is not None


def targets_for_person(
    *, person: Person | None, today: datetime.date | None = None
) -> list[RequiredTarget]:
    """The running targets whose population and scope include the person, soonest deadline
    first, with whether they have attained it and the courses that qualify.

    Running: the period has begun and not ended, so a course passed now counts (attainment
    counts completions within the period, up to its end or deadline, whichever comes first).
    """
    if person is None:
        return []
    today = today or timezone.localdate()
    targets = Target.objects.filter(
        period_start__lte=today, period_end__gte=today, deadline__gte=today
    ).select_related("scope")
    unit_path = person.unit.path if person.unit_id else None
    facts = {name: getattr(person, name) for name in PERSON_FIELDS}
    applying = [
        target
        for target in targets.order_by("deadline", "code")
        if in_population(target, facts)
        and (
            target.scope is None
            or (unit_path is not None and unit_path.startswith(target.scope.path))
        )
    ]
    attained = dict(
        Attainment.objects.filter(person=person, target__in=applying).values_list(
            "target_id", "attained_on"
        )
    )
    course_ids = _qualifying_course_ids(targets=applying)
    courses = {
        course.pk: course
        for course in CoursePage.objects.live()
        .public()
        .filter(pk__in=set().union(*course_ids.values()))
        .order_by("title")
    }
    return [
        RequiredTarget(
            target=target,
            attained_on=attained.get(target.pk),
            courses=[courses[pk] for pk in sorted(course_ids[target.pk]) if pk in courses],
            days_left=(min(target.deadline, target.period_end) - today).days,
        )
        for target in applying
    ]


def _qualifying_course_ids(*, targets: list[Target]) -> dict[int, set[int]]:
    """target id → the courses whose completion qualifies (as qualifying_course_ids says),
    for several targets in three queries, whatever their number."""
    ids: dict[int, set[int]] = {target.pk: set() for target in targets}
    through = Target.courses.through
    for target_id, course_id in through.objects.filter(target__in=targets).values_list(
        "target_id", "coursepage_id"
    ):
        ids[target_id].add(course_id)
    areas_through = Target.competency_areas.through
    areas: dict[int, set[int]] = {}
    for target_id, area_id in areas_through.objects.filter(target__in=targets).values_list(
        "target_id", "competencyarea_id"
    ):
        areas.setdefault(area_id, set()).add(target_id)
    if areas:
        for course_id, area_id in CoursePage.competency_areas.through.objects.filter(
            competencyarea_id__in=list(areas)
        ).values_list("coursepage_id", "competencyarea_id"):
            for target_id in areas[area_id]:
                ids[target_id].add(course_id)
    return ids
