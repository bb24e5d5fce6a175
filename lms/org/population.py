"""Working-age population figures: the denominators of citizen targets, with their source.
Imported from a CSV/XLSX table read by the same format plugins as rosters."""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .models import OrgUnit, PopulationFigure
from .roster import RosterFileError, fold, roster_rows

ALIASES = {
    "unit_code": ["mã đơn vị", "đơn vị", "unit code", "unit"],
    "year": ["năm", "year"],
    "working_age": [
        "dân số trong độ tuổi lao động",
        "số người trong độ tuổi lao động",
        "dân số độ tuổi lao động",
        "working-age population",
        "working age population",
        "working age",
    ],
    "source": ["nguồn", "nguồn số liệu", "source"],
}
FOLDED = {fold(alias): name for name, aliases in ALIASES.items() for alias in aliases}


@dataclass
class PopulationImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def _count(text: str) -> int:
    digits = re.sub(r"[\s.,]", "", text)
    if not digits.isdigit():
        raise ValueError(text)
    return int(digits)


def _unit_in_year(candidates: list[OrgUnit], year: int) -> OrgUnit | None:
    """Codes were reused after the 2025 reform: the unit that held the code at the end of the
    year (or, failing that, at its start)."""
    for day in (datetime.date(year, 12, 31), datetime.date(year, 1, 1)):
        for unit in candidates:
            if unit.is_open_on(day):
                return unit
    return candidates[0] if len(candidates) == 1 else None


@transaction.atomic
def population_import(*, file, filename: str, size: int) -> PopulationImportReport:
    """Upsert figures by (unit, year); bad rows are reported, the others imported."""
    report = PopulationImportReport()
    _format, rows = roster_rows(file=file, filename=filename, size=size)
    units_by_code: dict[str, list[OrgUnit]] = {}
    for unit in OrgUnit.objects.all():
        units_by_code.setdefault(unit.code, []).append(unit)
    columns = None
    try:
        for number, raw in rows:
            if columns is None:
                columns = {FOLDED[fold(header)]: header for header in raw if fold(header) in FOLDED}
                missing = [name for name in ALIASES if name not in columns]
                if missing:
                    raise RosterFileError(
                        _(
                            "The file needs the columns: Mã đơn vị, Năm, Dân số trong độ tuổi lao động, Nguồn."
                        )
                    )
            values = {name: str(raw.get(header, "")).strip() for name, header in columns.items()}
            try:
                year = int(values["year"])
                count = _count(values["working_age"])
            except ValueError:
                report.problems.append(
                    (number, _("The year and the population must be whole numbers."))
                )
                continue
            unit = _unit_in_year(units_by_code.get(values["unit_code"], []), year)
            if unit is None:
                report.problems.append(
                    (number, _("No unit has the code “%(code)s”.") % {"code": values["unit_code"]})
                )
                continue
            if not 2000 <= year <= 2100:
                report.problems.append(
                    (number, _("The year %(year)s is out of range.") % {"year": year})
                )
                continue
            if not values["source"]:
                report.problems.append((number, _("Say where the figure comes from (source).")))
                continue
            figure, created = PopulationFigure.objects.get_or_create(
                unit=unit,
                year=year,
                defaults={"working_age_count": count, "source": values["source"]},
            )
            if created:
                report.created += 1
            elif (figure.working_age_count, figure.source) != (count, values["source"]):
                figure.working_age_count, figure.source = count, values["source"]
                figure.save(update_fields=["working_age_count", "source"])
                report.updated += 1
            else:
                report.unchanged += 1
    except ValueError as error:
        raise RosterFileError(str(error)) from error
    if columns is None:
        raise RosterFileError(_("The file has no rows under its header."))
    return report
