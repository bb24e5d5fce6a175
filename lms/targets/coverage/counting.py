"""The counts behind every figure: attainments and people (or population figures) grouped by
unit in the database, then added up the tree for each region in Python."""

import datetime

from django.db.models import Count, OuterRef, Q, Subquery

from lms.org.models import OrgUnit, Placement, PopulationFigure
from lms.org.selectors import successor_paths

from ..models import Attainment, Target
from .figures import Figures
from .population import attributed_placements, on_related, placement_kind, population_people
from .projection import PACE_DAYS
from .readings import Source
from .regions import STEP, moved_into, region_paths

RESIDENTIAL_KINDS = {OrgUnit.Kind.PROVINCE, OrgUnit.Kind.CITY, OrgUnit.Kind.COMMUNE}


def _roll_up(
    per_path: dict[str, Figures], *, regions: list[OrgUnit], moved: dict[str, str]
) -> dict[int, Figures]:
    """Subtree totals for each region, from counts per unit path (the people of a unit gone
    on the day counted where ``moved`` says)."""
    region_by_path = {region.path: region.pk for region in regions}
    totals = {region.pk: Figures() for region in regions}
    for unit_path, counts in per_path.items():
        path = moved.get(unit_path, unit_path)
        for end in range(STEP, len(path) + 1, STEP):
            region_pk = region_by_path.get(path[:end])
            if region_pk is not None:
                total = totals[region_pk]
                total.trained += counts.trained
                total.recent += counts.recent
                total.headcount += counts.headcount or 0
    return totals


def _population_figures(
    *, target: Target, regions: list[OrgUnit], reference
) -> dict[int, tuple[int | None, list[str]]]:
    """A region's working-age population: its own figure, else the sum of its residential
    sub-units' (each of which must have one; agencies have no residents). Missing figures are
    named, never taken as zero. One query: the units with their figure of the year."""
    figure_of_year = PopulationFigure.objects.filter(
        unit=OuterRef("pk"), year=target.period_end.year
    ).values("working_age_count")[:1]
    units = (
        OrgUnit.objects.filter(region_paths(regions, target=target, field="path"))
        .annotate(figure=Subquery(figure_of_year))
        .only("pk", "path", "depth", "name", "kind", "valid_from", "valid_to")
    )
    info = {unit.pk: unit for unit in units}
    children: dict[str, list[OrgUnit]] = {}
    for unit in info.values():
        if unit.kind in RESIDENTIAL_KINDS and unit.is_open_on(reference):
            children.setdefault(unit.path[:-STEP], []).append(unit)

    def figure(unit: OrgUnit) -> tuple[int | None, list[str]]:
        if getattr(unit, "figure", None) is not None:
            return unit.figure, []
        parts = [figure(child) for child in children.get(unit.path, [])]
        if not parts:
            return None, [unit.name]
        missing = [name for _, names in parts for name in names]
        return (None if missing else sum(count for count, _ in parts)), missing

    return {region.pk: figure(info.get(region.pk, region)) for region in regions}


def _counts_live(*, target, units: Q, reference) -> dict[str, Figures]:
    since = reference - datetime.timedelta(days=PACE_DAYS)
    rows = (
        Attainment.objects.filter(units, target=target, counts_from__lte=reference)
        .values("unit__path")
        .annotate(trained=Count("pk"), recent=Count("pk", filter=Q(counts_from__gt=since)))
        .order_by()
    )
    return {row["unit__path"]: Figures(row["trained"], 0, row["recent"]) for row in rows}


def _counts_reconstructed(*, target, units: Q, reference) -> dict[str, Figures]:
    since = reference - datetime.timedelta(days=PACE_DAYS)
    placed = (
        Placement.objects.filter(
            person_id=OuterRef("person_id"),
            kind=placement_kind(target=target),
            start_on__lte=reference,
        )
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=target.period_start))
        .order_by("-start_on", "-pk")
        .values("unit__path")[:1]
    )
    rows = (
        Attainment.objects.filter(target=target, counts_from__lte=reference)
        .annotate(counted_in=Subquery(placed))
        .filter(units)
        .values("counted_in")
        .annotate(trained=Count("pk"), recent=Count("pk", filter=Q(counts_from__gt=since)))
        .order_by()
    )
    return {row["counted_in"]: Figures(row["trained"], 0, row["recent"]) for row in rows}


def _staff_headcounts(*, target, units: Q, reference) -> dict[str, int]:
    rows = (
        attributed_placements(target=target, reference=reference, units=units)
        .filter(on_related(population_people(target=target), "person__"))
        .values("unit__path")
        .annotate(headcount=Count("person_id", distinct=True))
        .order_by()
    )
    return {row["unit__path"]: row["headcount"] for row in rows}


def computed_figures(
    *, target: Target, regions: list[OrgUnit], reference: datetime.date, source: str
) -> dict[int, Figures]:
    """Figures for each region (its whole subtree, within the target's scope): a count of
    attainments and a count of people (or the population figures), each grouped by unit.
    Rows are picked by unit id (the indexes on unit), the units by their path."""
    if not regions:
        return {}
    moved = successor_paths(day=reference)
    moved_in = moved_into(moved, regions, target=target)
    unit_ids = OrgUnit.objects.filter(
        region_paths(regions, target=target, field="path") | Q(path__in=moved_in)
    )
    in_regions = Q(unit_id__in=unit_ids.values("pk"))
    if source == Source.LIVE:
        per_path = _counts_live(target=target, units=in_regions, reference=reference)
    else:  # each person counted where they were placed that day, then kept to the regions
        counted_in = region_paths(regions, target=target, field="counted_in") | Q(
            counted_in__in=moved_in
        )
        per_path = _counts_reconstructed(target=target, units=counted_in, reference=reference)
    if target.population == Target.Population.CITIZENS:
        totals = _roll_up(per_path, regions=regions, moved=moved)
        population = _population_figures(target=target, regions=regions, reference=reference)
        for region_pk, (headcount, missing) in population.items():
            totals[region_pk].headcount, totals[region_pk].missing = headcount, missing
        return totals
    headcounts = _staff_headcounts(target=target, units=in_regions, reference=reference)
    for path, headcount in headcounts.items():
        per_path.setdefault(path, Figures()).headcount = headcount
    return _roll_up(per_path, regions=regions, moved=moved)
