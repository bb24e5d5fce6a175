"""A target's report: the card of a whole (a unit, or the viewer's top units together) and a
row per part, from one count. The admin page, its export, the ``coverage_report`` command and
the tests all read coverage through here."""

from lms.org.models import OrgUnit

from ..models import Target
from .counting import computed_figures
from .figures import Coverage, Figures
from .readings import Reading, Source, snapshot_figures
from .regions import display_units, target_region


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
        figures = snapshot_figures(target=target, regions=distinct, day=reading.reference)
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
