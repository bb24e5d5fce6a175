"""Nightly snapshots of every unit's coverage, for trend lines and past dates."""

import datetime

from django.db import transaction
from django.utils import timezone

from lms.org.models import OrgUnit, Placement

from .attainments import SyncResult, attainments_sync_people
from .coverage.counting import computed_figures
from .coverage.readings import Source
from .models import CoverageSnapshot, Target


def targets_running(*, day: datetime.date):
    return Target.objects.filter(period_start__lte=day, period_end__gte=day).select_related("scope")


@transaction.atomic
def snapshot_take(*, target: Target, day: datetime.date, source: str = Source.LIVE) -> int:
    """Record the figures of every unit the target covers on ``day`` (replacing any taken
    that day). Live for today; reconstructed from attainments for a past day."""
    reference = target.reference_day(today=day)
    if reference < target.period_start:
        return 0
    units = OrgUnit.objects.all()
    if target.scope_id:
        units = units.filter(path__startswith=target.scope.path)
    regions = list(units)
    figures = computed_figures(target=target, regions=regions, reference=reference, source=source)
    rows = [
        CoverageSnapshot(
            target=target,
            unit=unit,
            taken_on=reference,
            trained=figures[unit.pk].trained,
            headcount=figures[unit.pk].headcount,
            trained_recently=figures[unit.pk].recent,
        )
        for unit in regions
        if unit.is_open_on(reference)  # the units the report shows that day
    ]
    CoverageSnapshot.objects.filter(target=target, taken_on=reference).delete()
    CoverageSnapshot.objects.bulk_create(rows, batch_size=1_000)
    return len(rows)


def placements_turned(*, day: datetime.date) -> SyncResult:
    """People whose placement began or ended overnight (a transfer or merger recorded ahead
    of its date) now count elsewhere: bring their attainments up to date."""
    ids = Placement.objects.filter(start_on=day).values_list("person_id", flat=True)
    ended = Placement.objects.filter(end_on=day - datetime.timedelta(days=1)).values_list(
        "person_id", flat=True
    )
    return attainments_sync_people(person_ids={*ids, *ended})


def snapshots_nightly(*, day: datetime.date) -> dict[str, int]:
    """Snapshot ``day`` (today or yesterday) for every target running then, before people
    whose placement begins today move: the snapshot counts them where they were that day."""
    taken = {
        target.code: snapshot_take(target=target, day=day) for target in targets_running(day=day)
    }
    placements_turned(day=timezone.localdate())
    return taken
