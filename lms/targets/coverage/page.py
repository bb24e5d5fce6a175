"""Everything the Coverage admin page shows for one request: a card per target of the year,
and for the selected target its table of units, trend and chart. The page's downloads read the
same object, so a file always holds what the page shows; what only the page needs (the other
cards, the trend, the breadcrumbs) is counted when first read, not for a download."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from lms.org.models import OrgUnit
from lms.org.selectors import people_in_scope, scope_ancestors, scope_top_units

from ..charts import trend_chart
from ..models import Target
from .figures import Coverage
from .not_trained import unit_people
from .projection import Status
from .readings import Reading, Source, reading_for
from .regions import card_units
from .report import coverage_of, coverage_table
from .trend import TrendPoint, coverage_trend
from .years import default_year, targets_of_year

SORT_KEYS = {
    "unit": lambda row: row.unit.name,
    "headcount": lambda row: row.headcount if row.headcount is not None else -1,
    "trained": lambda row: row.trained,
    "percentage": lambda row: row.percentage if row.percentage is not None else -1,
    "gap": lambda row: row.gap if row.gap is not None else -1,
    "status": lambda row: list(Status.labels).index(row.status),
}


@dataclass
class CoveragePage:
    user: object
    unit: OrgUnit | None  # None: the user's top units
    today: datetime.date
    year: int
    as_of: datetime.date | None
    targets: list[Target]
    target: Target | None  # the selected target; None when no target runs in the year
    sort: str = "unit"
    descending: bool = False
    reading: Reading | None = None
    card: Coverage | None = None
    rows: list[Coverage] = field(default_factory=list)

    @cached_property
    def breadcrumbs(self) -> list[OrgUnit]:
        return scope_ancestors(user=self.user, unit=self.unit)

    @cached_property
    def points(self) -> list[TrendPoint]:
        """The selected target's trend: the snapshots up to the reference day, then today's
        live figures if tonight's snapshot has not recorded them yet."""
        if self.target is None:
            return []
        units = [self.unit] if self.unit is not None else list(scope_top_units(user=self.user))
        reading = self.reading
        points = coverage_trend(target=self.target, units=units, until=reading.reference)
        if (
            reading.source == Source.LIVE
            and reading.started
            and (not points or points[-1].day < reading.reference)
        ):
            points.append(TrendPoint.of(self.card))
        return points

    @property
    def shows_people(self) -> bool:
        """A unit with no sub-unit in the period (a ward, or a unit whose sub-units have all
        closed) shows its people instead of an empty table of units."""
        return (
            self.unit is not None
            and self.target is not None
            and self.reading.started
            and not self.rows
        )

    def people(self):
        """The people the unit's card counts (see not_trained.unit_people) whom the user is
        responsible for now (as in the not-trained list)."""
        return unit_people(
            target=self.target, unit=self.unit, reference=self.reading.reference
        ).filter(person__in=people_in_scope(user=self.user))

    @cached_property
    def chart(self) -> dict | None:
        if self.target is None:
            return None
        return trend_chart(
            points=self.points,
            start=self.target.period_start,
            end=self.target.period_end,
            required=float(self.target.required_percentage),
        )

    @cached_property
    def cards(self) -> list[dict]:
        """A card per target of the year: its reading and its coverage of the unit shown (or
        of the user's top units together)."""
        cards = []
        for target in self.targets:
            if target == self.target:
                reading, card = self.reading, self.card
            else:
                reading = reading_for(target=target, as_of=self.as_of, today=self.today)
                units = card_units(
                    user=self.user, target=target, unit=self.unit, reference=reading.reference
                )
                [card] = coverage_of(target=target, units=units, reading=reading, combined=True)
            cards.append({"coverage": card, "reading": reading, "selected": target == self.target})
        return cards


def coverage_page(
    *,
    user,
    unit: OrgUnit | None,
    today: datetime.date,
    years: list[int],
    year: int | None = None,
    as_of: datetime.date | None = None,
    target_code: str | None = None,
    sort: str = "unit",
    descending: bool = False,
) -> CoveragePage:
    """The page for ``unit`` (None: the user's top units) in ``year`` (default: this year if a
    target runs in it, else the latest of ``years``), as of ``as_of`` (default: today), with
    the target of ``target_code`` selected (default: the year's first) and its rows sorted."""
    year = year or default_year(years=years, today=today)
    targets = list(targets_of_year(year=year))
    selected = next(
        (target for target in targets if target.code == target_code),
        targets[0] if targets else None,
    )
    page = CoveragePage(
        user=user,
        unit=unit,
        today=today,
        year=year,
        as_of=as_of,
        targets=targets,
        target=selected,
        sort=sort,
        descending=descending,
    )
    if selected is not None:
        page.reading = reading_for(target=selected, as_of=as_of, today=today)
        page.card, page.rows = coverage_table(
            user=user, target=selected, unit=unit, reading=page.reading
        )
        page.rows.sort(key=SORT_KEYS.get(sort, SORT_KEYS["unit"]), reverse=descending)
    return page
