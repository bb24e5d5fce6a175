import datetime

import pytest
from django.utils import timezone

from courses.models import LessonPage
from courses.services import enrollment_create, lesson_complete
from lms.demo.province import units_build
from lms.org.models import OrgUnit, Person, Placement
from lms.targets.models import Target
from tests.factories import PersonFactory, UserFactory, course_with_lessons
from tests.org.conftest import officer_of


@pytest.fixture
def units(site):
    """The demo province's units (Bình Dương, departments, Tân Uyên and four wards), read
    back from the database: siblings are kept in code order, so paths move as units are added."""
    units_build()
    return {unit.code: unit for unit in OrgUnit.objects.all()}


@pytest.fixture
def course(site):
    return course_with_lessons(title="Chuyển đổi số", lessons=1)


@pytest.fixture
def other_course(site):
    return course_with_lessons(title="Một khoá khác", lessons=1)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def staff(unit, *, since=datetime.date(2020, 1, 1), login=True, **fields) -> Person:
    """A person on the roster of ``unit`` since ``since`` (with a login to learn with)."""
    person = PersonFactory(unit=unit, joined_on=since, **fields)
    Placement.objects.create(person=person, unit=unit, start_on=since, kind=person.kind)
    if login:
        person.user = UserFactory()
        person.save(update_fields=["user"])
    return person


def citizen(unit, *, born, sex="", since=datetime.date(2020, 1, 1)) -> Person:
    return staff(
        unit,
        since=since,
        kind=Person.Kind.CITIZEN,
        employee_code="",
        position_category="",
        date_of_birth=born,
        sex=sex,
    )


def complete(person: Person, course, *, on: datetime.date):
    """The learner completes every lesson of ``course`` on ``on`` (through the real services)."""
    enrollment = enrollment_create(user=person.user, course=course, at=at(on, 8))
    for lesson in LessonPage.objects.live().child_of(course):
        lesson_complete(enrollment=enrollment, lesson=lesson, at=at(on))
    enrollment.refresh_from_db()
    return enrollment


def make_target(
    code="T1-2025",
    *,
    population=Target.Population.STAFF,
    year=2025,
    courses=(),
    areas=(),
    percentage=100,
    scope=None,
    categories=(),
    deadline=None,
) -> Target:
    target = Target.objects.create(
        code=code,
        name=f"Mục tiêu {code}",
        name_en=f"Target {code}",
        population=population,
        position_categories=list(categories),
        scope=scope,
        required_percentage=percentage,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        deadline=deadline or datetime.date(year, 12, 31),
    )
    target.courses.set(courses)
    target.competency_areas.set(areas)
    target.save()
    return target


@pytest.fixture
def tanuyen_officer(units):
    return officer_of("hr.tu", units["BDG-TU"])


@pytest.fixture
def trained_city(units, course):
    """Tân Uyên: 3 of 4 trained in Khánh Bình, 1 of 2 in Uyên Hưng; one in a department.
    The target is of 2025, a closed period."""
    target = make_target(courses=[course])
    people = [staff(units["BDG-TU-KB"]) for _ in range(4)] + [
        staff(units["BDG-TU-UH"]) for _ in range(2)
    ]
    staff(units["BDG-STTTT"])
    for person in people[:3] + people[4:5]:
        complete(person, course, on=datetime.date(2025, 5, 1))
    return target
