"""Working-age population figures: the denominators of citizen targets, with their source.

Imported from a CSV/XLSX table read by the same format plugins, within the same limits, as
rosters; the import runs as a background task (an upload is stored privately, the task reads
it, records a report, and deletes the file). The administrator's side of it (upload, reports)
is in ``population_imports``."""

import datetime
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .import_jobs import (
    given_up_message,
    out_of_memory_message,
    private_storage,
    task_attempt_allowed,
)
from .models import OrgUnit, PopulationFigure, PopulationImport
from .national_id import national_id_mask
from .roster.columns import fold
from .roster.files import (
    MAX_PROBLEMS_KEPT,
    RosterFileError,
    cell_too_long,
    roster_rows,
    shown,
    too_long_cell_reason,
)

logger = logging.getLogger("lms")
PROGRESS_EVERY = 1000

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
# Columns stored as read, checked against their model field (ranges, max_length).
FIGURE_FIELDS = {"year": "year", "working_age": "working_age_count", "source": "source"}


@dataclass
class PopulationImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)  # the first ones
    rejected: int = 0

    def reject(self, row: int, reason: str) -> None:
        self.rejected += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append((row, national_id_mask(reason)))

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


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


def _field_problem(name: str, value) -> str | None:
    try:
        PopulationFigure._meta.get_field(FIGURE_FIELDS[name]).clean(value, None)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


@transaction.atomic
def population_import(
    *, file, filename: str, size: int, on_progress: Callable[[int], None] | None = None
) -> PopulationImportReport:
    """Upsert figures by (unit, year); bad rows are reported, the others imported."""
    report = PopulationImportReport()
    units_by_code: dict[str, list[OrgUnit]] = {}
    for unit in OrgUnit.objects.all():
        units_by_code.setdefault(unit.code, []).append(unit)
    columns = None
    with roster_rows(file=file, filename=filename, size=size) as (_format, rows):
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
            report.rows += 1
            if on_progress and report.rows % PROGRESS_EVERY == 0:
                on_progress(report.rows)
            if reason := _row_problem(raw, columns, units_by_code):
                report.reject(number, reason)
                continue
            _upsert(report, raw, columns, units_by_code)
    if columns is None:
        raise RosterFileError(_("The file has no rows under its header."))
    return report


def _values(raw: dict, columns: dict) -> dict[str, str]:
    return {name: str(raw.get(header, "")).strip() for name, header in columns.items()}


def _row_problem(raw: dict, columns: dict, units_by_code: dict) -> str | None:
    if cell_too_long(raw):
        return too_long_cell_reason()
    values = _values(raw, columns)
    try:
        year = int(values["year"])
        count = _count(values["working_age"])
    except ValueError:
        return _("The year and the population must be whole numbers.")
    if not 2000 <= year <= 2100:  # first: a date in year 0 or 10000 cannot even be made
        return _("The year %(year)s is out of range.") % {"year": year}
    if _unit_in_year(units_by_code.get(values["unit_code"], []), year) is None:
        return _("No unit has the code “%(code)s”.") % {"code": shown(values["unit_code"])}
    if not values["source"]:
        return _("Say where the figure comes from (source).")
    for name, value in (("working_age", count), ("source", values["source"])):
        if problem := _field_problem(name, value):
            return problem
    return None


def _upsert(report: PopulationImportReport, raw: dict, columns: dict, units_by_code) -> None:
    values = _values(raw, columns)
    year, count, source = int(values["year"]), _count(values["working_age"]), values["source"]
    unit = _unit_in_year(units_by_code[values["unit_code"]], year)
    figure, created = PopulationFigure.objects.get_or_create(
        unit=unit, year=year, defaults={"working_age_count": count, "source": source}
    )
    if created:
        report.created += 1
    elif (figure.working_age_count, figure.source) != (count, source):
        figure.working_age_count, figure.source = count, source
        figure.save(update_fields=["working_age_count", "source"])
        report.updated += 1
    else:
        report.unchanged += 1


# --- the import as a background step (requested in population_imports) ----------------------


def population_progress_key(import_id: int) -> str:
    return f"population-import-progress:{import_id}"


def population_import_run(*, import_id: int) -> PopulationImport:
    """Run an uploaded import once: a redelivered task finds it finished and does nothing."""
    job = PopulationImport.objects.get(pk=import_id)
    if not job.running or not job.stored_name:
        return job
    if not task_attempt_allowed(job):
        return _finish(job, status=PopulationImport.Status.FAILED, message=given_up_message())
    job.status = PopulationImport.Status.RUNNING
    job.save(update_fields=["status"])

    def on_progress(rows: int) -> None:
        cache.set(population_progress_key(job.pk), rows, timeout=3600)

    try:
        with private_storage().open(job.stored_name, "rb") as file:
            report = population_import(
                file=file, filename=job.filename, size=job.size, on_progress=on_progress
            )
    except RosterFileError as error:
        return _finish(job, status=PopulationImport.Status.FAILED, message=str(error))
    except MemoryError:
        return _finish(job, status=PopulationImport.Status.FAILED, message=out_of_memory_message())
    except Exception:
        logger.exception("Population import %s failed and was rolled back.", job.pk)
        message = _("The import failed and was rolled back. Nothing was imported.")
        return _finish(job, status=PopulationImport.Status.FAILED, message=message)
    job.summary = report.summary()
    job.problems = [{"row": row, "reason": reason} for row, reason in report.problems]
    return _finish(job, status=PopulationImport.Status.DONE, message="")


def _finish(job: PopulationImport, *, status, message: str) -> PopulationImport:
    if job.stored_name:
        private_storage().delete(job.stored_name)
    job.stored_name = ""
    job.status = status
    job.message = national_id_mask(message)
    job.finished_at = timezone.now()
    job.save(
        update_fields=["stored_name", "status", "message", "summary", "problems", "finished_at"]
    )
    return job
