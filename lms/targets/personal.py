"""What the plan asks of one person: the learner's "Required for you"."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from courses.models import CoursePage
from lms.org.models import Person

from .attainments import in_population, qualifying_course_ids
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
    """The running and coming targets whose population and scope include the person, soonest
    deadline first, with whether they have attained it and the courses that qualify."""
    if person is None:
        return []
    today = today or timezone.localdate()
    targets = Target.objects.filter(deadline__gte=today).select_related("scope")
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
    course_ids = {target.pk: qualifying_course_ids(target=target) for target in applying}
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
            days_left=(target.deadline - today).days,
        )
        for target in applying
    ]
