"""The plan of a roster import: what it will do (the preview) or did (once applied)."""

from collections import Counter
from dataclasses import dataclass, field

from ..models import OrgUnit
from ..national_id import national_id_mask
from .files import MAX_PROBLEMS_KEPT
from .validation import RowProblem

COUNTS = ("create", "update", "unchanged", "leavers")


@dataclass
class RosterPlan:
    rows: int = 0
    create: int = 0
    update: int = 0
    unchanged: int = 0
    rejected: list[RowProblem] = field(default_factory=list)  # the first MAX_PROBLEMS_KEPT
    rejected_count: int = 0
    leavers: list[int] = field(default_factory=list)  # person ids, complete rosters only
    named: list[int] = field(default_factory=list)  # person ids the applied rows wrote or kept
    extra_columns: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written
    format: str = ""
    # What the import does in each unit, by unit id: a file may name several units.
    unit_counts: dict[int, Counter] = field(default_factory=dict)
    units: dict[int, OrgUnit] = field(default_factory=dict)

    @property
    def valid_rows(self) -> int:
        """Rows that can be imported (whether or not they change anything): without one,
        an import cannot be confirmed."""
        return self.create + self.update + self.unchanged

    def reject(self, problem: RowProblem) -> None:
        """Count every rejected row; keep the reasons of the first ones only (a file can
        have a hundred thousand bad rows, and they are stored and shown)."""
        self.rejected_count += 1
        if len(self.rejected) < MAX_PROBLEMS_KEPT:
            self.rejected.append(problem)

    def count(self, unit: OrgUnit, what: str) -> None:
        """One more row (or leaver) of ``unit`` that is created, updated, unchanged or left."""
        if what != "leavers":
            setattr(self, what, getattr(self, what) + 1)
        self.units.setdefault(unit.pk, unit)
        self.unit_counts.setdefault(unit.pk, Counter())[what] += 1

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "create": self.create,
            "update": self.update,
            "unchanged": self.unchanged,
            "valid": self.valid_rows,
            "rejected": self.rejected_count,
            "leavers": len(self.leavers),
            "units": self.units_summary(),
            "extra_columns": [national_id_mask(name) for name in self.extra_columns[:100]],
            "columns": {name: national_id_mask(header) for name, header in self.columns.items()},
            "format": self.format,
        }

    def units_summary(self) -> list[dict]:
        """Counts per unit, in the order of the unit tree (names and codes as they were on
        the day of the import: they are shown later, after any renaming)."""
        return [
            {
                "code": unit.code,
                "name": unit.name,
                **{what: self.unit_counts[unit.pk][what] for what in COUNTS},
            }
            for unit in sorted(self.units.values(), key=lambda unit: unit.path)
        ]
