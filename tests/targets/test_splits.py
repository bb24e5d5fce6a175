"""People awaiting assignment after a split count in every unit that contains all of their
unit's successors, the province included, on every day the report or the trend counts.

The demo's 1 July 2025 reform, on a small roster: Tân Uyên city's committee is split between
two new wards and three of its staff are not assigned yet."""

import datetime

import pytest
from django.core.management import call_command

from lms.demo.merger import REFORM_DATE, merger_build
from lms.org.models import OrgUnit
from lms.org.selectors import successor_paths
from lms.targets.coverage.not_trained import not_trained
from lms.targets.coverage.readings import Reading, Source
from lms.targets.coverage.report import coverage_of
from lms.targets.coverage.trend import coverage_trend
from lms.targets.models import CoverageSnapshot, Target
from lms.targets.snapshots import snapshot_take
from tests.factories import UserFactory

from .conftest import complete, make_target, staff

pytestmark = pytest.mark.django_db
D = datetime.date
BEFORE, AFTER, END = REFORM_DATE - datetime.timedelta(days=1), REFORM_DATE, D(2025, 12, 31)


@pytest.fixture
def reform(units, course):
    """Six staff, three of them in the city committee (one an IT officer); two trained."""
    targets = {
        "T1": make_target("T1-2025", courses=[course]),
        "T3": make_target("T3-2025", population=Target.Population.IT_OFFICERS, courses=[course]),
    }
    committee = [staff(units["BDG-TU-UBND"], is_it_officer=index == 0) for index in range(3)]
    others = [staff(units["BDG-STTTT"]), staff(units["BDG-STTTT"]), staff(units["BDG-TU-KB"])]
    complete(committee[0], course, on=D(2025, 3, 1))
    complete(others[0], course, on=D(2025, 3, 1))
    for username in ("hr", "hr.tanuyen"):
        UserFactory(username=username)
    merger_build()  # the demo's reform; merger.LEFT_FOR_HR (5) > 3: nobody is assigned
    return targets, committee, others


def unit(code) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def figures(target, code, reading) -> tuple[int, int]:
    [coverage] = coverage_of(target=target, units=[unit(code)], reading=reading)
    return coverage.trained, coverage.headcount


def test_the_split_committee_awaits_assignment_in_the_old_unit(reform):
    _, committee, _ = reform
    for person in committee:
        person.refresh_from_db()
        assert person.unit == unit("BDG-TU-UBND") and not unit("BDG-TU-UBND").is_open_on(AFTER)
    located = successor_paths(day=AFTER)
    assert located[unit("BDG-TU-UBND").path] == unit("HCM").path  # above both wards
    assert located[unit("BDG-STTTT").path] == unit("HCM-SKHCN").path  # merged: its successor
    assert successor_paths(day=BEFORE) == {}


def test_the_province_counts_the_people_awaiting_assignment(reform):
    targets, _, _ = reform
    live = Reading(END, Source.LIVE)
    assert figures(targets["T1"], "HCM", live) == (2, 6)  # not (1, 3)
    assert figures(targets["T3"], "HCM", live) == (1, 1)  # not (0, 0)
    # Neither ward holds them: each may not be where they end up.
    assert figures(targets["T1"], "HCM-TK", live) == (0, 1)
    assert figures(targets["T1"], "HCM-TU", live) == (0, 0)
    assert figures(targets["T1"], "HCM-SKHCN", live) == (1, 2)
    # The old units no longer hold anyone after the reform.
    assert figures(targets["T1"], "BDG", live) == (0, 0)


def test_past_days_and_snapshots_agree_across_the_reform(reform):
    targets, _, _ = reform
    t1 = targets["T1"]
    before = Reading(BEFORE, Source.RECONSTRUCTED)
    after = Reading(AFTER, Source.RECONSTRUCTED)
    assert figures(t1, "BDG", before) == (2, 6)
    assert figures(t1, "HCM", after) == (2, 6)
    for day in (BEFORE, AFTER, END):
        snapshot_take(target=t1, day=day, source=Source.RECONSTRUCTED)
    taken = dict(
        CoverageSnapshot.objects.filter(target=t1, unit__code__in=["BDG", "HCM"]).values_list(
            "taken_on", "headcount"
        )
    )
    assert taken == {BEFORE: 6, AFTER: 6, END: 6}
    # The trend of the whole province (old and new top units) does not jump on 1 July.
    trend = coverage_trend(target=t1, units=[unit("BDG"), unit("HCM")], until=END)
    assert [(point.day, point.trained, point.headcount) for point in trend] == [
        (BEFORE, 2, 6),
        (AFTER, 2, 6),
        (END, 2, 6),
    ]


def test_the_not_trained_list_of_the_province_names_them(reform):
    targets, committee, _ = reform
    listed = {
        placement.person
        for placement in not_trained(target=targets["T1"], units=[unit("HCM")], reference=END)
    }
    assert set(committee[1:]) <= listed and committee[0] not in listed
    assert len(listed) == 4
    in_wards = not_trained(
        target=targets["T1"], units=[unit("HCM-TK"), unit("HCM-TU")], reference=END
    )
    assert not set(committee) & {placement.person for placement in in_wards}


def test_once_assigned_they_count_in_their_ward(reform):
    from lms.org.services import person_place

    targets, committee, _ = reform
    person_place(person=committee[0], unit=unit("HCM-TU"), start_on=D(2025, 9, 1))
    live = Reading(END, Source.LIVE)
    assert figures(targets["T1"], "HCM-TU", live) == (1, 1)
    assert figures(targets["T1"], "HCM", live) == (2, 6)
    call_command("rebuild_attainments", "--check", verbosity=0)


def test_a_target_scoped_to_the_new_province_counts_them(reform, course):
    scoped = make_target("T1S-2025", courses=[course], scope=unit("HCM"))
    call_command("rebuild_attainments", verbosity=0)
    assert figures(scoped, "HCM", Reading(END, Source.LIVE)) == (2, 6)
    call_command("rebuild_attainments", "--check", verbosity=0)


def test_an_earlier_partial_split_does_not_take_the_people_who_stayed(units, course):
    """Khánh Bình handed part of itself to Uyên Hưng in 2024 and carried on; in 2025 it is
    split wholly into Tân Phước Khánh. Its people awaiting assignment can only end up there."""
    from lms.org.services import unit_split

    target = make_target(courses=[course])
    person = staff(units["BDG-TU-KB"])
    unit_split(
        unit=unit("BDG-TU-KB"),
        successors=[unit("BDG-TU-UH")],
        effective_on=D(2024, 3, 1),
        partial=True,
    )
    unit_split(
        unit=unit("BDG-TU-KB"),
        successors=[unit("BDG-TU-TPK")],
        effective_on=AFTER,
        partial=False,
    )
    person.refresh_from_db()
    assert person.unit == unit("BDG-TU-KB")
    assert successor_paths(day=END)[unit("BDG-TU-KB").path] == unit("BDG-TU-TPK").path
    assert figures(target, "BDG-TU-TPK", Reading(END, Source.LIVE)) == (0, 1)
    assert figures(target, "BDG-TU-UH", Reading(END, Source.LIVE)) == (0, 0)
