"""The coverage selector: numbers per unit, denominators, merger periods, projections,
snapshots and past dates, and a fixed number of queries whatever the data size."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.org.models import PopulationFigure
from lms.org.services import units_merge
from lms.targets.coverage.figures import Coverage, Figures
from lms.targets.coverage.not_trained import not_trained
from lms.targets.coverage.projection import Status, project
from lms.targets.coverage.readings import Reading, Source, reading_for
from lms.targets.coverage.regions import display_units
from lms.targets.coverage.report import coverage_of
from lms.targets.coverage.trend import coverage_trend
from lms.targets.models import CoverageSnapshot, Target
from lms.targets.snapshots import snapshot_take
from tests.factories import UserFactory
from tests.org.conftest import officer_of

from .conftest import citizen, complete, make_target, staff

pytestmark = pytest.mark.django_db
D = datetime.date
END_2025 = D(2025, 12, 31)
AFTER_2025 = D(2026, 6, 1)  # "today" for a closed 2025 period


def live(target, units, *, today=AFTER_2025, combined=False):
    reading = reading_for(target=target, as_of=None, today=today)
    return coverage_of(target=target, units=units, reading=reading, combined=combined)


def figures(coverage: Coverage) -> tuple:
    return (coverage.trained, coverage.headcount)


def test_staff_coverage_counts_per_unit_and_adds_up_the_tree(units, course):
    target = make_target(courses=[course])
    kb = [staff(units["BDG-TU-KB"]) for _ in range(4)]
    uh = [staff(units["BDG-TU-UH"]) for _ in range(2)]
    staff(units["BDG-STTTT"])
    for person in kb[:3] + uh[:1]:
        complete(person, course, on=D(2025, 5, 1))
    rows = live(target, [units["BDG-TU-KB"], units["BDG-TU-UH"], units["BDG-TU"], units["BDG"]])
    assert [figures(row) for row in rows] == [(3, 4), (1, 2), (4, 6), (4, 7)]
    assert rows[0].percentage == 75.0 and rows[0].gap == 1 and rows[0].to_train == 1


def test_percentages_are_never_rounded_before_summing(units, course):
    target = make_target(courses=[course], percentage=70)
    people = [staff(units["BDG-TU-KB"]) for _ in range(3)] + [staff(units["BDG-TU-UH"])]
    complete(people[0], course, on=D(2025, 5, 1))
    complete(people[3], course, on=D(2025, 5, 1))
    [kb, uh, city] = live(target, [units["BDG-TU-KB"], units["BDG-TU-UH"], units["BDG-TU"]])
    assert kb.percentage == pytest.approx(100 / 3) and uh.percentage == 100
    assert city.percentage == 50  # 2 of 4, not the mean of 33.3 and 100
    assert city.required_count == 3  # 70 % of 4 people, rounded up


def test_citizen_denominators_come_from_population_figures(units, course):
    target = make_target("T2-2025", population=Target.Population.CITIZENS, courses=[course])
    PopulationFigure.objects.filter(year=2025).delete()
    PopulationFigure.objects.create(
        unit=units["BDG-TU-KB"], year=2025, working_age_count=200, source="x"
    )
    complete(citizen(units["BDG-TU-KB"], born=D(1990, 1, 1)), course, on=D(2025, 2, 1))
    [kb, uh, city] = live(target, [units["BDG-TU-KB"], units["BDG-TU-UH"], units["BDG-TU"]])
    assert figures(kb) == (1, 200) and kb.percentage == 0.5
    assert uh.headcount is None and uh.status == Status.UNKNOWN and uh.percentage is None
    assert uh.figures.missing == ["Phường Uyên Hưng"]
    # The city has no figure of its own, and one of its wards has none: no percentage.
    assert city.headcount is None
    assert "Phường Uyên Hưng" in city.figures.missing and city.trained == 1
    for code, count in (("BDG-TU-UH", 100), ("BDG-TU-TPK", 300), ("BDG-TU-THH", 400)):
        PopulationFigure.objects.create(
            unit=units[code], year=2025, working_age_count=count, source="x"
        )
    [city] = live(target, [units["BDG-TU"]])
    assert figures(city) == (1, 1000)  # the sum of its wards' figures
    PopulationFigure.objects.create(
        unit=units["BDG-TU"], year=2025, working_age_count=900, source="x"
    )
    [city] = live(target, [units["BDG-TU"]])
    assert city.headcount == 900  # its own figure wins


def test_leavers_and_movers_count_where_they_were_at_the_periods_end(units, course):
    from lms.org.services import person_leave, person_place

    target = make_target(courses=[course])
    leaver, mover = staff(units["BDG-TU-KB"]), staff(units["BDG-TU-KB"])
    complete(leaver, course, on=D(2025, 2, 1))
    person_leave(person=leaver, left_on=D(2025, 4, 1))
    person_place(person=mover, unit=units["BDG-TU-UH"], start_on=D(2025, 9, 1))
    [kb, uh] = live(target, [units["BDG-TU-KB"], units["BDG-TU-UH"]])
    assert figures(kb) == (1, 1) and figures(uh) == (0, 1)
    # On 1 June, reconstructed, the mover was still in Khánh Bình.
    june = reading_for(target=target, as_of=D(2025, 6, 1), today=AFTER_2025)
    assert june.source == Source.RECONSTRUCTED
    [kb, uh] = coverage_of(
        target=target, units=[units["BDG-TU-KB"], units["BDG-TU-UH"]], reading=june
    )
    assert figures(kb) == (1, 2) and figures(uh) == (0, 0)
    t2026 = make_target("T1-2026", courses=[course], year=2026)
    [kb] = live(t2026, [units["BDG-TU-KB"]], today=D(2026, 6, 1))
    assert kb.headcount == 0  # the leaver no longer counts


def test_merger_periods_show_the_old_units_before_and_the_new_after(units, course):
    officer = UserFactory(is_superuser=True)
    t2024 = make_target("T1-2024", courses=[course], year=2024)
    t2025 = make_target("T1-2025", courses=[course])
    person = staff(units["BDG-TU-UH"])
    complete(person, course, on=D(2024, 5, 1))
    complete_2025 = staff(units["BDG-TU-UH"])
    complete(complete_2025, course, on=D(2025, 3, 1))
    units_merge(
        predecessors=[units["BDG-TU-UH"], units["BDG-TU-THH"]],
        successor=units["BDG-TU-KB"],
        effective_on=D(2025, 7, 1),
    )
    city = units["BDG-TU"]
    city.refresh_from_db()

    def table(target, as_of=None):
        reading = reading_for(target=target, as_of=as_of, today=AFTER_2025)
        children = display_units(
            user=officer, target=target, parent=city, reference=reading.reference
        )
        return {
            row.unit.code: figures(row)
            for row in coverage_of(target=target, units=children, reading=reading)
        }

    assert table(t2024) == {
        "BDG-TU-KB": (0, 0),
        "BDG-TU-UH": (1, 2),
        "BDG-TU-THH": (0, 0),
        "BDG-TU-TPK": (0, 0),
        "BDG-TU-UBND": (0, 0),
    }
    assert table(t2025) == {"BDG-TU-KB": (1, 2), "BDG-TU-TPK": (0, 0), "BDG-TU-UBND": (0, 0)}
    assert table(t2025, as_of=D(2025, 3, 31))["BDG-TU-UH"] == (1, 2)


@pytest.mark.parametrize(
    "gap, recent, reference, deadline, status",
    [
        (0, 0, D(2025, 6, 30), D(2025, 12, 31), Status.MET),
        (10, 90, D(2025, 6, 30), D(2025, 12, 31), Status.ON_TRACK),  # 1 a day: 10 days
        (300, 90, D(2025, 6, 30), D(2025, 12, 31), Status.AT_RISK),  # 300 days, 184 left
        (1000, 90, D(2025, 6, 30), D(2025, 12, 31), Status.OFF_TRACK),  # needs 5.4 a day
        (10, 0, D(2025, 6, 30), D(2025, 12, 31), Status.OFF_TRACK),  # nobody lately
        (10, 90, D(2025, 12, 31), D(2025, 12, 31), Status.NOT_MET),  # deadline reached
        (0, 0, D(2025, 12, 31), D(2025, 12, 31), Status.MET),  # closed, and met
        (10, 90, D(2025, 12, 31), D(2026, 3, 31), Status.NOT_MET),  # period over: no pace helps
        (None, 5, D(2025, 6, 30), D(2025, 12, 31), Status.UNKNOWN),
    ],
)
def test_projection_status(gap, recent, reference, deadline, status):
    target = Target(period_start=D(2025, 1, 1), period_end=D(2025, 12, 31), deadline=deadline)
    assert project(gap=gap, recent=recent, reference=reference, target=target).status == status


def test_projection_date_at_the_pace_of_the_last_90_days():
    target = Target(
        period_start=D(2025, 1, 1), period_end=D(2025, 12, 31), deadline=D(2025, 12, 31)
    )
    projection = project(gap=30, recent=45, reference=D(2025, 6, 30), target=target)
    assert projection.pace_per_day == 0.5 and projection.projected_on == D(2025, 8, 29)
    # Early in the period the pace is over the days so far, not 90.
    early = project(gap=30, recent=10, reference=D(2025, 1, 10), target=target)
    assert early.pace_per_day == 1.0 and early.projected_on == D(2025, 2, 9)


def test_the_recent_pace_counts_the_last_90_days(units, course):
    target = make_target(courses=[course])
    people = [staff(units["BDG-TU-KB"]) for _ in range(4)]
    complete(people[0], course, on=D(2025, 3, 1))
    complete(people[1], course, on=D(2025, 11, 1))
    [kb] = live(target, [units["BDG-TU-KB"]])
    assert kb.figures.recent == 1


def test_snapshots_record_every_unit_and_feed_past_dates_and_trends(units, course):
    target = make_target(courses=[course])
    people = [staff(units["BDG-TU-KB"]) for _ in range(2)]
    complete(people[0], course, on=D(2025, 3, 1))
    assert snapshot_take(target=target, day=D(2025, 4, 1), source=Source.RECONSTRUCTED) >= 6
    snapshot = CoverageSnapshot.objects.get(
        target=target, unit=units["BDG-TU"], taken_on=D(2025, 4, 1)
    )
    assert (snapshot.trained, snapshot.headcount, snapshot.trained_recently) == (1, 2, 1)
    # A later correction does not rewrite what the snapshot said that day.
    complete(people[1], course, on=D(2025, 3, 2))
    reading = reading_for(target=target, as_of=D(2025, 4, 1), today=AFTER_2025)
    assert reading == Reading(D(2025, 4, 1), Source.SNAPSHOT)
    [kb] = coverage_of(target=target, units=[units["BDG-TU-KB"]], reading=reading)
    assert figures(kb) == (1, 2)
    snapshot_take(target=target, day=D(2025, 5, 1), source=Source.RECONSTRUCTED)
    trend = coverage_trend(target=target, units=[units["BDG-TU-KB"]], until=END_2025)
    assert [(point.day, point.trained, point.percentage) for point in trend] == [
        (D(2025, 4, 1), 1, 50.0),
        (D(2025, 5, 1), 2, 100.0),
    ]


def test_snapshot_coverage_command_and_nightly_schedule(units, course, settings):
    from django.utils import timezone

    year = timezone.localdate().year
    target = make_target(f"T1-{year}", courses=[course], year=year)
    staff(units["BDG-TU-KB"])
    call_command("snapshot_coverage", verbosity=0)
    assert CoverageSnapshot.objects.filter(target=target, taken_on=timezone.localdate()).exists()
    schedule = settings.CELERY_BEAT_SCHEDULE["coverage-snapshots"]
    assert schedule["task"] == "lms.targets.tasks.coverage_snapshots_task"


def test_reconstructed_today_equals_live(units, course):
    """The two ways of counting agree: stored units and placements on the day."""
    target = make_target(courses=[course])
    for index in range(6):
        person = staff(units[["BDG-TU-KB", "BDG-TU-UH", "BDG-STTTT"][index % 3]])
        if index % 2:
            complete(person, course, on=D(2025, 2 + index, 1))
    regions = [units[code] for code in ("BDG", "BDG-TU", "BDG-TU-KB", "BDG-TU-UH", "BDG-STTTT")]
    live_rows = live(target, regions)
    rebuilt = coverage_of(
        target=target, units=regions, reading=Reading(END_2025, Source.RECONSTRUCTED)
    )
    assert [figures(row) for row in live_rows] == [figures(row) for row in rebuilt]


def test_not_trained_lists_the_population_without_attainment(units, course):
    target = make_target(courses=[course])
    trained, untrained = staff(units["BDG-TU-KB"]), staff(units["BDG-TU-KB"])
    elsewhere = staff(units["BDG-STTTT"])
    complete(trained, course, on=D(2025, 3, 1))
    listed = not_trained(target=target, units=[units["BDG-TU"]], reference=END_2025)
    assert [placement.person for placement in listed] == [untrained]
    assert elsewhere not in [placement.person for placement in listed]


def test_a_target_scope_narrows_every_unit(units, course):
    target = make_target(courses=[course], scope=units["BDG-TU"])
    staff(units["BDG-TU-KB"])
    staff(units["BDG-STTTT"])
    [province] = live(target, [units["BDG"]])
    assert province.headcount == 1
    assert live(target, [units["BDG-STTTT"]], combined=True)[0].figures == Figures()


def _count_queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


def test_the_report_needs_the_same_number_of_queries_whatever_the_data_size(units, course, client):
    target = make_target(courses=[course])
    make_target("T2-2025", population=Target.Population.CITIZENS, courses=[course])
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    url = "/admin/coverage/?year=2025&target=T1-2025&unit={}".format(units["BDG"].pk)

    def page():
        assert client.get(url).status_code == 200

    def export():
        assert client.get(url + "&export=csv").status_code == 200

    people = [staff(units["BDG-TU-KB"], login=False) for _ in range(3)]
    page()  # warm caches (content types, plugin state)
    small_page, small_export = _count_queries(page), _count_queries(export)
    for code in ("BDG-TU-UH", "BDG-STTTT", "BDG-SNV", "BDG-TU-KB"):
        people += [staff(units[code]) for _ in range(5)]
    for person in people[-8:]:
        complete(person, course, on=D(2025, 5, 1))
    units["BDG"].refresh_from_db()
    for number in range(5):  # more units too
        units["BDG"].add_child(code=f"BDG-X{number}", name=f"Đơn vị {number}", kind="agency")
    assert _count_queries(page) == small_page
    assert _count_queries(export) == small_export
    assert target.attainments.count() == 8


def test_an_officers_top_units_are_their_grants(units, course):
    officer = officer_of("hr.kb", units["BDG-TU-KB"])
    target = make_target(courses=[course])
    reading = reading_for(target=target, as_of=None, today=AFTER_2025)
    assert display_units(user=officer, target=target, parent=None, reference=reading.reference) == [
        units["BDG-TU-KB"]
    ]


def test_someone_who_left_and_came_back_the_same_day_counts_once(units, course):
    from lms.org.services import person_leave, person_place

    target = make_target(courses=[course])
    person = staff(units["BDG-TU-KB"], since=D(2025, 3, 1))
    person_leave(person=person, left_on=D(2025, 3, 1))
    person.left_on = None
    person.save()
    person_place(person=person, unit=units["BDG-TU-KB"], start_on=D(2025, 3, 1))
    [kb] = live(target, [units["BDG-TU-KB"]])
    assert kb.headcount == 1
    assert len(not_trained(target=target, units=[units["BDG-TU-KB"]], reference=END_2025)) == 1


def test_the_nightly_snapshot_counts_people_where_they_were_that_day(units, course, monkeypatch):
    from django.utils import timezone

    from lms.org.services import person_place
    from lms.targets.snapshots import snapshots_nightly

    real_localdate = timezone.localdate
    today = {"day": D(2025, 6, 30)}

    def localdate(value=None, timezone=None):
        return real_localdate(value, timezone) if value is not None else today["day"]

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    target = make_target(courses=[course])
    person = staff(units["BDG-TU-UH"])
    complete(person, course, on=D(2025, 3, 1))
    # Recorded on 30 June: from 1 July the person works in Khánh Bình.
    person_place(person=person, unit=units["BDG-TU-KB"], start_on=D(2025, 7, 1))
    today["day"] = D(2025, 7, 1)  # just after midnight, beat takes the snapshot of 30 June
    snapshots_nightly(day=D(2025, 6, 30))
    taken = dict(
        CoverageSnapshot.objects.filter(target=target, taken_on=D(2025, 6, 30)).values_list(
            "unit__code", "trained"
        )
    )
    assert taken["BDG-TU-UH"] == 1 and taken["BDG-TU-KB"] == 0
    assert target.attainments.get().unit == units["BDG-TU-KB"]  # and now they moved
