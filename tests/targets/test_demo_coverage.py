"""The demo province after the 1 July 2025 reform (seed_demo): the five staff of Tân Uyên's
city committee awaiting assignment count in Hồ Chí Minh City, so T1 counts all 322 people on
the roster and T3 all 23 IT/DX officers, the trend does not jump at the reform, and the
independent reference count (test_coverage_reference) agrees on every unit."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from lms.demo.merger import LEFT_FOR_HR, REFORM_DATE
from lms.org.models import OrgUnit, Person
from lms.targets.coverage.readings import reading_for
from lms.targets.coverage.trend import coverage_trend
from lms.targets.models import Target

from .test_coverage_reference import differences, product_figures, raw_tables, reference_figures

# Every staff member of the demo, the learner and the single sign-on demo's Nguyễn Thị Lan
# included; nobody has left.
ROSTER = 322


def printed_report(capsys, *arguments) -> list[dict]:
    call_command("coverage_report", "--format", "json", *arguments)
    return json.loads(capsys.readouterr().out)


def test_the_demo_has_staff_awaiting_assignment(demo):
    committee = OrgUnit.objects.get(code="BDG-TU-UBND")
    awaiting = Person.objects.filter(unit=committee, left_on__isnull=True)
    assert awaiting.count() == LEFT_FOR_HR and not committee.is_open_on(REFORM_DATE)
    assert Person.objects.filter(kind=Person.Kind.STAFF).count() == ROSTER


def test_the_province_totals_count_everyone_on_the_roster(demo, capsys):
    rows = printed_report(capsys, "--year", "2025")
    totals = {row["target"]: (row["code"], row["headcount"]) for row in rows}
    assert totals["T1-2025"] == ("HCM", ROSTER)  # 317 before: the five were left out
    assert totals["T3-2025"] == ("HCM", 23)  # 22 before
    # Each top unit once: HCM is the only unit open at the end of 2025.
    assert [row["code"] for row in rows if row["target"] == "T1-2025"] == ["HCM"]
    it_officers = Person.objects.filter(kind=Person.Kind.STAFF, is_it_officer=True).count()
    assert totals["T3-2025"][1] == it_officers


def test_the_2025_trend_does_not_jump_at_the_reform(demo):
    target = Target.objects.get(code="T1-2025")
    roots = list(OrgUnit.get_root_nodes())
    trend = coverage_trend(target=target, units=roots, until=target.period_end)
    assert {point.day for point in trend} >= {target.period_end}
    assert any(point.day < REFORM_DATE for point in trend)
    assert any(point.day >= REFORM_DATE for point in trend)
    assert {point.headcount for point in trend} == {ROSTER}
    trained = [point.trained for point in trend]
    assert trained == sorted(trained)  # training only accumulates within the year


@pytest.mark.parametrize("code", ["T1-2025", "T2-2025", "T3-2025", "T1-2024", "T3-2026"])
def test_the_reference_count_agrees_on_the_demo(demo, code):
    target = Target.objects.select_related("scope").get(code=code)
    row = Target.objects.filter(code=code).values()[0]
    raw = raw_tables()
    today = timezone.localdate()
    for as_of in (None, REFORM_DATE, target.period_start):
        reading = reading_for(target=target, as_of=as_of, today=today)
        if not reading.started:
            continue
        expected = reference_figures(raw, row, reading.reference)
        wrong = differences(raw, product_figures(target, reading), expected)
        assert not wrong, f"{code} on {reading.reference} ({reading.source}): {wrong}"
    call_command("rebuild_attainments", "--check", "--target", code, stdout=io.StringIO())
