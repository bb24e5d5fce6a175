"""The independent reference count of coverage: README's "How coverage is counted", read
literally, on raw rows.

Deliberately naive: it reads the raw tables (units, successions, people, placements,
enrollments, population figures, targets) with ``.values()``, loops over people in Python and
follows README sentence by sentence. It shares no code with the product: from the project it
imports models only (test_coverage_reference checks this), so a mistake in the product's SQL,
roll-up or unit history cannot hide in both.
"""

import calendar
import datetime
import zoneinfo
from dataclasses import dataclass

from courses.models import CoursePage, Enrollment
from lms.org.models import OrgUnit, Person, Placement, PopulationFigure, UnitSuccession
from lms.targets.models import Target

D = datetime.date
SITE_ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")  # README: days in the site's time zone


@dataclass
class Raw:
    units: dict[int, dict]
    successions: list[dict]
    people: dict[int, dict]
    placements: list[dict]
    completions: list[dict]
    figures: dict[tuple[int, int], int]
    qualifying: dict[int, set[int]]  # target id -> course ids


def raw_tables() -> Raw:
    areas_of_course: dict[int, set[int]] = {}
    for course_id, area_id in CoursePage.competency_areas.through.objects.values_list(
        "coursepage_id", "competencyarea_id"
    ):
        areas_of_course.setdefault(course_id, set()).add(area_id)
    qualifying: dict[int, set[int]] = {
        pk: set() for pk in Target.objects.values_list("pk", flat=True)
    }
    for target_id, course_id in Target.courses.through.objects.values_list(
        "target_id", "coursepage_id"
    ):
        qualifying[target_id].add(course_id)
    for target_id, area_id in Target.competency_areas.through.objects.values_list(
        "target_id", "competencyarea_id"
    ):
        qualifying[target_id] |= {
            course for course, areas in areas_of_course.items() if area_id in areas
        }
    return Raw(
        units={
            row["id"]: row
            for row in OrgUnit.objects.values(
                "id", "code", "path", "kind", "valid_from", "valid_to"
            )
        },
        successions=list(
            UnitSuccession.objects.values("predecessor_id", "successor_id", "effective_on")
        ),
        people={
            row["id"]: row
            for row in Person.objects.values(
                "id", "kind", "position_category", "is_it_officer", "date_of_birth", "sex"
            )
        },
        placements=list(
            Placement.objects.values("id", "person_id", "unit_id", "kind", "start_on", "end_on")
        ),
        completions=list(
            Enrollment.objects.filter(completed_at__isnull=False).values(
                "person_id", "course_id", "completed_at", "passed"
            )
        ),
        figures={
            (row["unit_id"], row["year"]): row["working_age_count"]
            for row in PopulationFigure.objects.values("unit_id", "year", "working_age_count")
        },
        qualifying=qualifying,
    )


def parent_of(raw: Raw, unit_id: int) -> int | None:
    """The unit whose path is the longest proper prefix of this one's (the tree as stored)."""
    path = raw.units[unit_id]["path"]
    above = [
        unit
        for unit in raw.units.values()
        if len(unit["path"]) < len(path) and path.startswith(unit["path"])
    ]
    return max(above, key=lambda unit: len(unit["path"]))["id"] if above else None


def unit_and_above(raw: Raw, unit_id: int) -> set[int]:
    found = set()
    while unit_id is not None:
        found.add(unit_id)
        unit_id = parent_of(raw, unit_id)
    return found


def exists_on(unit: dict, day: datetime.date) -> bool:
    return (unit["valid_from"] is None or unit["valid_from"] <= day) and (
        unit["valid_to"] is None or unit["valid_to"] >= day
    )


def possible_successors(raw: Raw, unit_id: int, day: datetime.date) -> set[int]:
    """README: a unit that no longer exists on the day leads to the units that the mergers
    or splits which closed it (taking effect the day after its last day) lead to, followed
    through later ones; one closed without a successor hands its people to the unit above."""
    unit = raw.units[unit_id]
    if unit["valid_to"] is None or unit["valid_to"] >= day:
        return {unit_id}
    onward = [
        row["successor_id"]
        for row in raw.successions
        if row["predecessor_id"] == unit_id
        and row["effective_on"] == unit["valid_to"] + datetime.timedelta(days=1)
    ]
    if onward:
        return set().union(*(possible_successors(raw, successor, day) for successor in onward))
    parent = parent_of(raw, unit_id)
    return {unit_id} if parent is None else possible_successors(raw, parent, day)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The day an age of ``months`` is reached; a month without the day ends on its last."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return D(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retirement_age_in_months(sex: str, year: int) -> int:
    """README / Decree 135/2020: men 60y3m in 2021, +3 months a year up to 62; women 55y4m
    in 2021, +4 months a year up to 60; sex not recorded: the men's limit."""
    assert year >= 2021, "the reference knows the roadmap from 2021"
    if sex == "female":
        return min(55 * 12 + 4 + 4 * (year - 2021), 60 * 12)
    return min(60 * 12 + 3 + 3 * (year - 2021), 62 * 12)


def of_working_age(person: dict, on: datetime.date) -> bool:
    born = person["date_of_birth"]
    if born is None:
        return False
    fifteen = add_months(born, 15 * 12)
    retires = add_months(born, retirement_age_in_months(person["sex"], on.year))
    return fifteen <= on < retires


def in_population(person: dict, target: dict) -> bool:
    if target["population"] == "citizens":
        return person["kind"] == "citizen" and of_working_age(person, target["period_end"])
    if person["kind"] != "staff":
        return False
    if target["population"] == "it_officers":
        return person["is_it_officer"]
    categories = target["position_categories"]
    return not categories or person["position_category"] in categories


def population_figure(raw: Raw, unit_id: int, year: int, day: datetime.date) -> int | None:
    """README: the unit's figure for the year, else the sum over its cities and communes that
    exist on the day (each its own figure or in turn its sub-units'); None when missing."""
    own = raw.figures.get((unit_id, year))
    if own is not None:
        return own
    parts = [
        unit["id"]
        for unit in raw.units.values()
        if parent_of(raw, unit["id"]) == unit_id
        and unit["kind"] in ("city", "commune")
        and exists_on(unit, day)
    ]
    if not parts:
        return None
    values = [population_figure(raw, part, year, day) for part in parts]
    return None if None in values else sum(values)


def reference_figures(raw: Raw, target: dict, day: datetime.date) -> dict[int, tuple]:
    """unit id -> (trained, headcount) for every unit, on ``day`` (the day counted)."""
    start = target["period_start"]
    kind = "citizen" if target["population"] == "citizens" else "staff"
    counts = {unit_id: [0, 0] for unit_id in raw.units}
    for person in raw.people.values():
        if not in_population(person, target):
            continue
        placements = [
            row
            for row in raw.placements
            if row["person_id"] == person["id"]
            and row["kind"] == kind
            and row["start_on"] <= day
            and (row["end_on"] is None or row["end_on"] >= start)
        ]
        if not placements:
            continue  # not on the roster (or not resident) in the period up to the day
        last = max(placements, key=lambda row: (row["start_on"], row["id"]))
        ends = possible_successors(raw, last["unit_id"], day)
        counted_in = set.intersection(*(unit_and_above(raw, end) for end in ends))
        if target["scope_id"] is not None and target["scope_id"] not in counted_in:
            continue
        trained = any(
            row["person_id"] == person["id"]
            and row["passed"]
            and row["course_id"] in raw.qualifying[target["id"]]
            and start <= row["completed_at"].astimezone(SITE_ZONE).date() <= day
            for row in raw.completions
        )
        for unit_id in counted_in:
            counts[unit_id][0] += trained
            counts[unit_id][1] += 1
    if kind == "citizen":
        assert target["scope_id"] is None, "the reference counts citizens without a scope"
        year = target["period_end"].year
        return {
            unit_id: (trained, population_figure(raw, unit_id, year, day))
            for unit_id, (trained, _) in counts.items()
        }
    return {unit_id: tuple(pair) for unit_id, pair in counts.items()}
