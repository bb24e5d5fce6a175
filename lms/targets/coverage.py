"""Coverage: how many of a target's population are trained, per unit, on a day.

One selector feeds the admin report, its exports, the ``coverage_report`` command and the
nightly snapshots. The database does the counting (GROUP BY unit over attainments and
placements); Python only adds unit totals up the tree, a loop over units, never over people.

Where figures come from, for a reference day R of a target's period [start, end]:
- live (R is today, or the period is over): stored attainments, counted in the unit stored
  with them;
- snapshot: the figures the nightly snapshot recorded on that day;
- reconstructed (a past day without a snapshot): attainments that counted by R, each person
  counted in the unit they were placed in on R.

Either way a person whose unit no longer exists on R (merged or split, and the person not yet
moved) counts in every unit that contains all of its successors on R (see
lms.org.selectors.successor_paths): the counts per unit are moved there before the roll-up.
"""

import datetime
import math
import os
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from lms.org.models import OrgRole, OrgUnit, Person, Placement, PopulationFigure
from lms.org.selectors import successor_paths

from .models import Attainment, CoverageSnapshot, Target
from .working_age import working_age_births

PACE_DAYS = 90
STEP = OrgUnit.steplen
RESIDENTIAL_KINDS = {OrgUnit.Kind.PROVINCE, OrgUnit.Kind.CITY, OrgUnit.Kind.COMMUNE}
MAX_PROJECTION_DAYS = 100 * 365  # beyond a century, "never" is the honest projection
AT_RISK_PACE_FACTOR = 2  # at risk: meeting the deadline needs at most twice the recent pace


class Status:
    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    UNKNOWN = "unknown"

    labels = {
        MET: _("Met"),
        ON_TRACK: _("On track"),
        AT_RISK: _("At risk"),
        OFF_TRACK: _("Off track"),
        UNKNOWN: _("No denominator"),
    }


class Source:
    LIVE = "live"
    SNAPSHOT = "snapshot"
    RECONSTRUCTED = "reconstructed"


@dataclass
class Figures:
    trained: int = 0
    headcount: int | None = 0
    recent: int = 0  # trained in the PACE_DAYS up to the reference day
    missing: list[str] = field(default_factory=list)  # units without a population figure

    def add(self, other: "Figures") -> None:
        self.trained += other.trained
        self.recent += other.recent
        self.missing += other.missing
        if self.headcount is None or other.headcount is None:
            self.headcount = None
        else:
            self.headcount += other.headcount


@dataclass
class Coverage:
    target: Target
    unit: OrgUnit | None  # None: the whole of the viewer's scope
    figures: Figures
    reference: datetime.date
    source: str

    @property
    def trained(self) -> int:
        return self.figures.trained

    @property
    def headcount(self) -> int | None:
        return self.figures.headcount

    @property
    def percentage(self) -> float | None:
        if not self.headcount:
            return None
        return self.trained * 100 / self.headcount

    @property
    def required_count(self) -> int | None:
        if self.headcount is None:
            return None
        return math.ceil(Decimal(self.headcount) * self.target.required_percentage / 100)

    @property
    def to_train(self) -> int | None:
        return None if self.headcount is None else max(self.headcount - self.trained, 0)

    @property
    def gap(self) -> int | None:
        """People still to train to reach the required percentage."""
        required = self.required_count
        return None if required is None else max(required - self.trained, 0)

    @property
    def projection(self) -> "Projection":
        if not self.headcount:  # no denominator, or nobody to train
            return Projection(Status.UNKNOWN)
        return project(
            gap=self.gap,
            recent=self.figures.recent,
            reference=self.reference,
            target=self.target,
        )

    @property
    def status(self) -> str:
        return self.projection.status

    @property
    def status_label(self) -> str:
        return str(Status.labels[self.status])


@dataclass(frozen=True)
class Projection:
    status: str
    projected_on: datetime.date | None = None
    pace_per_day: float = 0.0


def project(*, gap: int | None, recent: int, reference: datetime.date, target: Target):
    """At the pace of the last 90 days (or of the period so far, if shorter), when is the
    target met, and is that by the deadline?"""
    if gap is None:
        return Projection(Status.UNKNOWN)
    if gap == 0:
        return Projection(Status.MET)
    window = min(PACE_DAYS, (reference - target.period_start).days + 1)
    pace = recent / window if window > 0 else 0.0
    if reference >= target.deadline or pace == 0:
        return Projection(Status.OFF_TRACK, None, pace)
    days = math.ceil(gap / pace)
    if days > MAX_PROJECTION_DAYS:
        return Projection(Status.OFF_TRACK, None, pace)
    projected_on = reference + datetime.timedelta(days=days)
    if projected_on <= target.deadline:
        return Projection(Status.ON_TRACK, projected_on, pace)
    needed_pace = gap / (target.deadline - reference).days
    status = Status.AT_RISK if needed_pace <= AT_RISK_PACE_FACTOR * pace else Status.OFF_TRACK
    return Projection(status, projected_on, pace)


# Which units ---------------------------------------------------------------------------------


def scope_roots(*, user) -> list[OrgUnit]:
    """The top units of what the user may see: every root for a superuser, else the units
    they were granted (a grant inside another grant is not a root)."""
    if user.is_superuser:
        return list(OrgUnit.get_root_nodes())
    granted = list(
        OrgUnit.objects.filter(
            pk__in=OrgRole.objects.filter(user=user, role=OrgRole.Role.HR_OFFICER).values("unit")
        )
    )
    return [
        unit
        for unit in granted
        if not any(other.pk != unit.pk and unit.path.startswith(other.path) for other in granted)
    ]


def target_region(*, target: Target, unit: OrgUnit) -> OrgUnit | None:
    """The part of ``unit``'s subtree the target covers: the unit itself, the target's scope
    when that lies inside the unit, or None when they do not meet."""
    scope = target.scope
    if scope is None or unit.path.startswith(scope.path):
        return unit
    if scope.path.startswith(unit.path):
        return scope
    return None


def display_units(
    *, user, target: Target, parent: OrgUnit | None, reference: datetime.date
) -> list[OrgUnit]:
    """The rows of the table: the parent's sub-units (or the user's top units) that exist on
    the reference day and that the target covers. A period before a merger shows the old
    units; one that ends after it, the new ones (people count where they were on that day)."""
    if parent is not None and not parent.numchild:  # a ward: no query for its sub-units
        return []
    candidates = scope_roots(user=user) if parent is None else list(parent.get_children())
    return [
        unit
        for unit in candidates
        if unit.is_open_on(reference) and target_region(target=target, unit=unit) is not None
    ]


# Counting ------------------------------------------------------------------------------------


def placement_kind(*, target: Target) -> str:
    """Citizens count where they live, staff where they are posted."""
    if target.population == Target.Population.CITIZENS:
        return Person.Kind.CITIZEN
    return Person.Kind.STAFF


def attributed_placements(
    *, target: Target, reference: datetime.date, units: Q
) -> QuerySet[Placement]:
    """Each person's placement that counts on ``reference`` (their last one of the target's
    kind that began by then and did not end before the period began), within these units."""
    kind = placement_kind(target=target)
    # A later placement replaces this one; on the same day, the one recorded last wins.
    later = Placement.objects.filter(
        Q(start_on__gt=OuterRef("start_on"))
        | Q(start_on=OuterRef("start_on"), pk__gt=OuterRef("pk")),
        person_id=OuterRef("person_id"),
        kind=kind,
        start_on__lte=reference,
    )
    return (
        Placement.objects.filter(units, kind=kind, start_on__lte=reference)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=target.period_start))
        .exclude(Exists(later))
    )


def population_people(*, target: Target) -> Q:
    """Who counts among the people placed (see placement_kind), as a condition on Person;
    empty when everyone placed counts."""
    if target.population == Target.Population.CITIZENS:
        female = working_age_births(sex=Person.Sex.FEMALE, on=target.period_end)
        other = working_age_births(sex=Person.Sex.MALE, on=target.period_end)
        return Q(
            sex=Person.Sex.FEMALE, date_of_birth__gt=female[0], date_of_birth__lte=female[1]
        ) | (~Q(sex=Person.Sex.FEMALE) & Q(date_of_birth__gt=other[0], date_of_birth__lte=other[1]))
    if target.population == Target.Population.IT_OFFICERS:
        return Q(is_it_officer=True)
    if target.position_categories:
        return Q(position_category__in=target.position_categories)
    return Q()


def _prefixed(condition: Q, prefix: str) -> Q:
    """The same condition, on a related model."""
    children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}{child[0]}", child[1])
        for child in condition.children
    ]
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


def _region_paths(
    regions: list[OrgUnit], *, target: Target, exact: bool = False, field: str = "unit__path"
) -> Q:
    """A condition on a unit path ``field``: below the regions' common ancestor (cheap; the
    roll-up ignores what lies outside the regions), or with ``exact`` below the regions
    themselves; and always within the target's scope."""
    lookup = f"{field}__startswith"
    paths = sorted({region.path for region in regions})
    if exact:
        condition = Q()
        for path in paths:
            condition |= Q(**{lookup: path})
    else:
        common = os.path.commonprefix(paths)  # noqa: RUF071 (tree paths, by character)
        condition = Q(**{lookup: common[: len(common) - len(common) % STEP]})
    if target.scope_id:
        condition &= Q(**{lookup: target.scope.path})
    return condition


def _moved_into(
    moved: dict[str, str], regions: list[OrgUnit], *, target: Target, exact: bool = False
) -> list[str]:
    """Paths of the units gone on the day whose people count within the regions (below their
    common ancestor, or with ``exact`` below a region itself) and the target's scope."""
    if exact:
        prefixes = tuple(region.path for region in regions)
    else:
        common = os.path.commonprefix(sorted(region.path for region in regions))  # noqa: RUF071
        prefixes = (common[: len(common) - len(common) % STEP],)
    scope = target.scope.path if target.scope_id else ""
    return sorted(
        path
        for path, located in moved.items()
        if located and located.startswith(prefixes) and located.startswith(scope)
    )


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
        OrgUnit.objects.filter(_region_paths(regions, target=target, field="path"))
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
        .filter(_prefixed(population_people(target=target), "person__"))
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
    moved_in = _moved_into(moved, regions, target=target)
    unit_ids = OrgUnit.objects.filter(
        _region_paths(regions, target=target, field="path") | Q(path__in=moved_in)
    )
    in_regions = Q(unit_id__in=unit_ids.values("pk"))
    if source == Source.LIVE:
        per_path = _counts_live(target=target, units=in_regions, reference=reference)
    else:  # each person counted where they were placed that day, then kept to the regions
        counted_in = _region_paths(regions, target=target, field="counted_in") | Q(
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


def _snapshot_figures(
    *, target: Target, regions: list[OrgUnit], day: datetime.date
) -> dict[int, Figures] | None:
    rows = CoverageSnapshot.objects.filter(
        target=target, taken_on=day, unit_id__in=[region.pk for region in regions]
    ).values_list("unit_id", "trained", "headcount", "trained_recently")
    found = {
        unit_id: Figures(trained, headcount, recent) for unit_id, trained, headcount, recent in rows
    }
    if len(found) < len({region.pk for region in regions}):
        return None
    return found


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


def coverage_report(
    *, target: Target, whole: list[OrgUnit], parts: list[OrgUnit], reading: Reading
) -> tuple[Coverage, list[Coverage]]:
    """The coverage of ``whole`` together (a card) and of each of ``parts`` (the rows of a
    table), from one count."""
    regions = {}
    for unit in [*whole, *parts]:
        region = target_region(target=target, unit=unit)
        if region is not None:
            regions[unit.pk] = region
    distinct = list({region.pk: region for region in regions.values()}.values())
    figures = None
    if reading.started and reading.source == Source.SNAPSHOT:
        figures = _snapshot_figures(target=target, regions=distinct, day=reading.reference)
    if figures is None and reading.started:
        source = Source.LIVE if reading.source == Source.LIVE else Source.RECONSTRUCTED
        figures = computed_figures(
            target=target, regions=distinct, reference=reading.reference, source=source
        )
    figures = figures or {}

    def of(unit: OrgUnit) -> Figures:
        return figures.get(regions[unit.pk].pk, Figures()) if unit.pk in regions else Figures()

    total = Figures()
    for region_pk in {regions[unit.pk].pk for unit in whole if unit.pk in regions}:
        total.add(figures.get(region_pk, Figures()))
    whole_unit = whole[0] if len(whole) == 1 else None  # None: several units together
    card = Coverage(target, whole_unit, total, reading.reference, reading.source)
    rows = [Coverage(target, unit, of(unit), reading.reference, reading.source) for unit in parts]
    return card, rows


def coverage_table(
    *, user, target: Target, unit: OrgUnit | None, reading: Reading
) -> tuple[Coverage, list[Coverage]]:
    """One target's report, as the page, its export and the command show it: the card of
    ``unit`` (or of the user's top units) and a row per sub-unit (or per top unit)."""
    parts = display_units(user=user, target=target, parent=unit, reference=reading.reference)
    whole = [unit] if unit is not None else parts
    return coverage_report(target=target, whole=whole, parts=parts, reading=reading)


def coverage_of(
    *, target: Target, units: list[OrgUnit], reading: Reading, combined: bool = False
) -> list[Coverage]:
    """Coverage of each unit (or, with ``combined``, of all of them together)."""
    if combined:
        card, _ = coverage_report(target=target, whole=units, parts=[], reading=reading)
        return [card]
    return coverage_report(target=target, whole=[], parts=units, reading=reading)[1]


# Trends --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    day: datetime.date
    trained: int
    headcount: int | None

    @property
    def percentage(self) -> float | None:
        return self.trained * 100 / self.headcount if self.headcount else None


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


# Who is not trained yet ----------------------------------------------------------------------


def not_trained(
    *, target: Target, units: list[OrgUnit], reference: datetime.date
) -> QuerySet[Placement]:
    """People of the target's population counted in these units' subtrees on ``reference``
    who have not attained it by then (citizens: only those registered on the site)."""
    regions = [
        region for unit in units if (region := target_region(target=target, unit=unit)) is not None
    ]
    if not regions:
        return Placement.objects.none()

    attained = Attainment.objects.filter(
        target=target, person_id=OuterRef("person_id"), counts_from__lte=reference
    )
    # Units gone that day count their people where successor_paths says, in or out of here.
    here = _region_paths(regions, target=target, exact=True)
    moved = successor_paths(day=reference)
    if moved:
        here = (here & ~Q(unit__path__in=sorted(moved))) | Q(
            unit__path__in=_moved_into(moved, regions, target=target, exact=True)
        )
    return (
        attributed_placements(target=target, reference=reference, units=here)
        .filter(_prefixed(population_people(target=target), "person__"))
        .exclude(Exists(attained))
        .select_related("person", "unit")
        .order_by("unit__name", "person__full_name", "person_id")
    )


def targets_of_year(*, year: int) -> QuerySet[Target]:
    return Target.objects.filter(
        period_start__year__lte=year, period_end__year__gte=year
    ).select_related("scope")


def target_years() -> list[int]:
    years = set()
    for start, end in Target.objects.values_list("period_start", "period_end"):
        years.update(range(start.year, end.year + 1))
    return sorted(years, reverse=True)
