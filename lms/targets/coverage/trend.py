"""A target's coverage over time, from the nightly snapshots."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Sum

from lms.org.models import OrgUnit

from ..models import CoverageSnapshot, Target
from .figures import Coverage
from .regions import target_region


@dataclass(frozen=True)
class TrendPoint:
    day: datetime.date
    trained: int
    headcount: int | None

    @property
    def percentage(self) -> float | None:
        return self.trained * 100 / self.headcount if self.headcount else None

    @classmethod
    def of(cls, coverage: Coverage) -> "TrendPoint":
        """The point of a coverage counted live (today's, before tonight's snapshot)."""
        return cls(coverage.reference, coverage.trained, coverage.headcount)


def coverage_trend(
    *, target: Target, units: list[OrgUnit], until: datetime.date
) -> list[TrendPoint]:
    """Snapshots of these units added up per day, up to ``until``. Units that did not exist
    on a day have no snapshot that day, so a list of old and new units follows a merger."""
    regions = {
        region.pk
        for unit in units
        if (region := target_region(target=target, unit=unit)) is not None
    }
    rows = (
        CoverageSnapshot.objects.filter(target=target, unit_id__in=regions, taken_on__lte=until)
        .values("taken_on")
        .annotate(
            sum_trained=Sum("trained"),
            sum_headcount=Sum("headcount"),
            known=Count("headcount"),
            rows=Count("pk"),
        )
        .order_by("taken_on")
    )
    return [
        TrendPoint(
            row["taken_on"],
            row["sum_trained"],
            row["sum_headcount"] if row["known"] == row["rows"] else None,
        )
        for row in rows
    ]
