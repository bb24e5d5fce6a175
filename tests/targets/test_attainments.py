"""Attainments: who counts as trained for which target, written with the completion, and
never drifting from raw events whatever path changes progress, people or units."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from courses.models import CompetencyArea
from courses.services import enrollments_attach_person
from lms.org.models import Person
from lms.org.roster.planner import roster_import_run
from lms.org.services import person_leave, person_place, units_merge
from lms.targets.attainments import attainments_expected, attainments_sync
from lms.targets.models import Attainment, Target
from tests.factories import UserFactory

from .conftest import citizen, complete, make_target, staff

pytestmark = pytest.mark.django_db

Population = Target.Population
D = datetime.date


def attained(target, person) -> Attainment | None:
    return Attainment.objects.filter(target=target, person=person).first()


def no_drift():
    call_command("rebuild_attainments", "--check", verbosity=0)


def test_completing_a_qualifying_course_writes_the_attainment(units, course):
    target = make_target(courses=[course])
    person = staff(units["BDG-STTTT"])
    enrollment = complete(person, course, on=D(2025, 3, 10))
    attainment = attained(target, person)
    assert attainment.enrollment == enrollment
    assert attainment.attained_on == D(2025, 3, 10) == attainment.counts_from
    assert attainment.unit == units["BDG-STTTT"]


def test_the_attainment_is_part_of_the_completing_transaction(units, course):
    target = make_target(courses=[course])
    person = staff(units["BDG-STTTT"])
    with pytest.raises(RuntimeError), transaction.atomic():
        complete(person, course, on=D(2025, 3, 10))
        assert attained(target, person) is not None  # already there, inside the transaction
        raise RuntimeError("the completion fails after all")
    assert attained(target, person) is None


def test_a_course_in_a_qualifying_competency_area_counts(units, course, other_course):
    safety = CompetencyArea.objects.get(code="safety")
    other_course.competency_areas.set([safety])
    other_course.save_revision().publish()
    target = make_target(areas=[safety])
    first, second = staff(units["BDG-STTTT"]), staff(units["BDG-STTTT"])
    complete(first, other_course, on=D(2025, 5, 1))
    complete(second, course, on=D(2025, 5, 1))
    assert attained(target, first) is not None
    assert attained(target, second) is None


def test_the_period_is_a_calendar_year(units, course):
    this_year = make_target("T1-2025", courses=[course])
    last_year = make_target("T1-2024", courses=[course], year=2024)
    person = staff(units["BDG-STTTT"])
    complete(person, course, on=D(2024, 11, 20))
    assert attained(last_year, person) is not None
    assert attained(this_year, person) is None  # training in 2024 does not count for 2025


def test_completing_without_passing_does_not_count(units, site):
    from courses.models import LessonPage
    from plugins.quiz.services import quiz_submit
    from tests.factories import course_with_lessons

    graded = course_with_lessons(lessons=0, quiz=True, max_attempts=1)
    target = make_target(courses=[graded])
    person = staff(units["BDG-STTTT"])
    from courses.services import enrollment_create
    from tests.targets.conftest import at

    enrollment = enrollment_create(user=person.user, course=graded, at=at(D(2025, 4, 1)))
    quiz_lesson = LessonPage.objects.child_of(graded).get()
    quiz_submit(
        enrollment=enrollment,
        lesson=quiz_lesson,
        block_id="quiz-1",
        answers={"q1": ["q1-a2"], "q2": ["q2-b3"]},
        attempt_number=1,
        at=at(D(2025, 4, 1)),
    )
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None and enrollment.passed is False
    assert attained(target, person) is None


def test_who_counts_depends_on_the_population(units, course):
    it_target = make_target("T3-2025", population=Population.IT_OFFICERS, courses=[course])
    leaders = make_target("L-2025", categories=["leader"], courses=[course])
    officer = staff(units["BDG-STTTT"], is_it_officer=True)
    leader = staff(units["BDG-STTTT"], position_category="leader")
    for person in (officer, leader):
        complete(person, course, on=D(2025, 6, 1))
    assert attained(it_target, officer) and not attained(it_target, leader)
    assert attained(leaders, leader) and not attained(leaders, officer)


def test_citizens_count_while_of_working_age_at_the_periods_end(units, course):
    target = make_target("T2-2025", population=Population.CITIZENS, courses=[course])
    ward = units["BDG-TU-KB"]
    young = citizen(ward, born=D(1995, 1, 1), sex="female")
    woman_57 = citizen(ward, born=D(1968, 6, 1), sex="female")
    man_57 = citizen(ward, born=D(1968, 6, 1), sex="male")
    staff_member = staff(ward)
    for person in (young, woman_57, man_57, staff_member):
        complete(person, course, on=D(2025, 2, 1))
    assert [bool(attained(target, p)) for p in (young, woman_57, man_57, staff_member)] == [
        True,
        False,
        True,
        False,
    ]


def test_a_scope_limits_the_count_on_the_day_counted(units, course):
    """The scope applies where people are counted, on the day counted: someone who moved
    out of it in September still counts as trained in it on 1 July."""
    from lms.targets.coverage.readings import Reading, Source
    from lms.targets.coverage.report import coverage_of

    target = make_target(courses=[course], scope=units["BDG-TU"])
    inside, outside, mover = (
        staff(units["BDG-TU-KB"]),
        staff(units["BDG-STTTT"]),
        staff(units["BDG-TU-KB"]),
    )
    for person in (inside, outside, mover):
        complete(person, course, on=D(2025, 6, 1))
    person_place(person=mover, unit=units["BDG-STTTT"], start_on=D(2025, 9, 1))
    no_drift()

    def province(reading):
        [coverage] = coverage_of(target=target, units=[units["BDG"]], reading=reading)
        return coverage.trained, coverage.headcount

    today = D(2026, 3, 1)  # the period is over: its end is counted
    assert province(Reading(D(2025, 12, 31), Source.LIVE)) == (1, 1)
    assert province(Reading(D(2025, 7, 1), Source.RECONSTRUCTED)) == (2, 2)
    assert attainments_expected(target=target, today=today).keys() == {
        inside.pk,
        outside.pk,
        mover.pk,
    }


def test_leavers_count_for_the_period_they_were_there(units, course):
    t2025 = make_target("T1-2025", courses=[course])
    t2026 = make_target("T1-2026", courses=[course], year=2026)
    person = staff(units["BDG-STTTT"])
    complete(person, course, on=D(2025, 2, 1))
    person_leave(person=person, left_on=D(2025, 3, 31))
    assert attained(t2025, person).unit == units["BDG-STTTT"]
    assert attained(t2026, person) is None
    no_drift()


def test_someone_trained_before_joining_counts_from_the_day_they_joined(units, course):
    target = make_target(courses=[course])
    person = staff(units["BDG-STTTT"], since=D(2025, 9, 1))
    complete(person, course, on=D(2025, 1, 15))
    attainment = attained(target, person)
    assert attainment.attained_on == D(2025, 1, 15)
    assert attainment.counts_from == D(2025, 9, 1)


def test_no_drift_after_every_path_that_changes_progress_people_or_units(units, course):
    """Each step changes attainments through its own service; rebuild --check agrees."""
    t1 = make_target("T1-2025", courses=[course])
    t3 = make_target("T3-2025", population=Population.IT_OFFICERS, courses=[course])
    learner = staff(units["BDG-TU-KB"])
    complete(learner, course, on=D(2025, 3, 1))  # progress
    no_drift()

    # A learner who enrolled before their login was linked to their roster record.
    user = UserFactory()
    late = staff(units["BDG-TU-UH"], login=False)
    from courses.models import LessonPage
    from courses.services import enrollment_create, lesson_complete
    from tests.targets.conftest import at

    enrollment = enrollment_create(user=user, course=course, at=at(D(2025, 4, 1)))
    for lesson in LessonPage.objects.child_of(course):
        lesson_complete(enrollment=enrollment, lesson=lesson, at=at(D(2025, 4, 1)))
    assert attained(t1, late) is None
    late.user = user
    late.save(update_fields=["user"])
    enrollments_attach_person(user=user, person=late)
    assert attained(t1, late) is not None
    no_drift()

    person_place(person=learner, unit=units["BDG-TU-UH"], start_on=D(2025, 8, 1))  # transfer
    assert attained(t1, learner).unit == units["BDG-TU-UH"]
    no_drift()

    person_leave(person=late, left_on=D(2025, 10, 1))  # leaver
    no_drift()

    units_merge(  # the reform: two wards merge
        predecessors=[units["BDG-TU-UH"]], successor=units["BDG-TU-KB"], effective_on=D(2025, 9, 1)
    )
    assert attained(t1, learner).unit == units["BDG-TU-KB"]
    no_drift()

    # A roster import makes the learner an IT officer: they now count for T3 too.
    roster = (
        "Họ và tên;Mã cán bộ;Nhóm vị trí;Cán bộ chuyên trách CNTT\n"
        f"{learner.full_name};{learner.employee_code};Công chức;Có\n"
    ).encode("utf-8-sig")
    import io

    from lms.org.models import OrgUnit

    roster_import_run(
        file=io.BytesIO(roster),
        filename="roster.csv",
        size=len(roster),
        unit=units["BDG-TU"],
        allowed_units=OrgUnit.objects.all(),
        complete=False,
        today=D(2025, 11, 1),
    )
    learner.refresh_from_db()
    assert learner.is_it_officer
    assert attained(t3, learner) is not None
    no_drift()


def test_rebuild_check_reports_drift_and_rebuild_repairs_it(units, course, capsys):
    target = make_target(courses=[course])
    person = staff(units["BDG-STTTT"])
    complete(person, course, on=D(2025, 3, 1))
    Attainment.objects.filter(target=target).update(unit=units["BDG-SNV"])
    with pytest.raises(CommandError, match="1 difference"):
        call_command("rebuild_attainments", "--check")
    assert "person" in capsys.readouterr().out
    call_command("rebuild_attainments", verbosity=0)
    assert attained(target, person).unit == units["BDG-STTTT"]
    no_drift()


def test_a_new_target_is_attained_by_earlier_completions_once_synced(units, course):
    person = staff(units["BDG-STTTT"])
    complete(person, course, on=D(2025, 3, 1))
    target = make_target(courses=[course])
    assert attainments_expected(target=target).keys() == {person.pk}
    assert attainments_sync(target=target).created == 1
    assert attainments_sync(target=target).changed == 0


def test_a_person_without_a_unit_placement_in_the_period_does_not_count(units, course):
    target = make_target(courses=[course])
    person = staff(units["BDG-STTTT"], since=D(2026, 1, 5))
    complete(person, course, on=D(2025, 3, 1))
    assert attained(target, person) is None
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_course_moved_into_or_out_of_an_area_is_recounted(
    units, other_course, django_capture_on_commit_callbacks
):
    safety = CompetencyArea.objects.get(code="safety")
    target = make_target(areas=[safety])
    person = staff(units["BDG-STTTT"])
    complete(person, other_course, on=D(2025, 5, 1))
    assert attained(target, person) is None
    with django_capture_on_commit_callbacks(execute=True):
        other_course.competency_areas.set([safety])
        other_course.save_revision().publish()
    assert attained(target, person) is not None
    with django_capture_on_commit_callbacks(execute=True):
        other_course.competency_areas.set([])
        other_course.save_revision().publish()
    assert attained(target, person) is None
    no_drift()


def test_deleting_a_competency_area_recounts_its_targets(
    units, other_course, django_capture_on_commit_callbacks
):
    area = CompetencyArea.objects.create(code="thu-nghiem", name="Thử nghiệm", sort_order=9)
    other_course.competency_areas.set([area])
    other_course.save_revision().publish()
    target = make_target(areas=[area])
    person = staff(units["BDG-STTTT"])
    complete(person, other_course, on=D(2025, 5, 1))
    assert attained(target, person) is not None
    with django_capture_on_commit_callbacks(execute=True):
        area.delete()
    assert attained(target, person) is None
    no_drift()
