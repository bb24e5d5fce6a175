"""Reads for an HR officer's landing page in the admin: the Coverage summary of their units,
the people awaiting assignment and the latest roster imports, each within the officer's
scope (the same selectors as the Coverage report, the People list and the imports list, so
the dashboard never shows a figure those pages would not)."""

import datetime
from dataclasses import dataclass

from lms.org.models import RosterImport
from lms.org.roster.imports import roster_imports_in_scope
from lms.org.selectors import people_search
from lms.targets.coverage.figures import Coverage
from lms.targets.coverage.readings import Reading, reading_for
from lms.targets.coverage.report import coverage_table
from lms.targets.coverage.years import default_year, target_years, targets_of_year
from lms.targets.models import Target

RECENT_IMPORTS = 5


@dataclass(frozen=True)
class TargetSummary:
    """One target as the Coverage report opens on it: the officer's top units together (the
    card) and each of them (the rows), read today."""

    target: Target
    reading: Reading
    card: Coverage
    rows: list[Coverage]


def hr_coverage_summary(*, user, today: datetime.date) -> dict:
    """Every target of the year the report opens on, with the card and rows the report's
    first screen shows for this user: one count per target, whatever the number of units."""
    year = default_year(years=target_years(), today=today)
    summaries = []
    for target in targets_of_year(year=year):
        reading = reading_for(target=target, as_of=None, today=today)
        card, rows = coverage_table(user=user, target=target, unit=None, reading=reading)
        rows.sort(key=lambda row: row.unit.name)
        summaries.append(TargetSummary(target=target, reading=reading, card=card, rows=rows))
    return {"year": year, "targets": summaries}


def hr_people_awaiting(*, user) -> int:
    """How many of the officer's people wait for a unit (theirs closed, as after a split):
    the People list's "awaiting assignment" filter, counted."""
    return people_search(user=user, status="awaiting").count()


def hr_recent_imports(*, user, limit: int = RECENT_IMPORTS) -> list[RosterImport]:
    """The latest roster imports for the officer's units, newest first."""
    return list(roster_imports_in_scope(user=user).order_by("-created_at", "-pk")[:limit])
