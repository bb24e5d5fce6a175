"""How a target is read on a requested day: which reference day, and where its figures come
from (counted live, recorded by the nightly snapshot, or reconstructed for a past day)."""

import datetime
from dataclasses import dataclass

from lms.org.models import OrgUnit

from ..models import CoverageSnapshot, Target
from .figures import Figures


class Source:
    LIVE = "live"
    SNAPSHOT = "snapshot"
    RECONSTRUCTED = "reconstructed"


@dataclass(frozen=True)
class Reading:
    """How a target is read on a requested day."""

    reference: datetime.date
    source: str
    started: bool = True


def reading_for(*, target: Target, as_of: datetime.date | None, today: datetime.date) -> Reading:
    day = today if as_of is None or as_of >= today else as_of
    reference = target.reference_day(today=day)
    if reference < target.period_start:
        return Reading(reference, Source.LIVE, started=False)
    if day == today or reference == target.period_end:
        return Reading(reference, Source.LIVE)
    if CoverageSnapshot.objects.filter(target=target, taken_on=reference).exists():
        return Reading(reference, Source.SNAPSHOT)
    return Reading(reference, Source.RECONSTRUCTED)


def snapshot_figures(
    *, target: Target, regions: list[OrgUnit], day: datetime.date
) -> dict[int, Figures] | None:
    """The figures the snapshot of ``day`` recorded for each region; None unless it recorded
    every one of them."""
    rows = CoverageSnapshot.objects.filter(
        target=target, taken_on=day, unit_id__in=[region.pk for region in regions]
    ).values_list("unit_id", "trained", "headcount", "trained_recently")
    found = {
        unit_id: Figures(trained, headcount, recent) for unit_id, trained, headcount, recent in rows
    }
    if len(found) < len({region.pk for region in regions}):
        return None
    return found
