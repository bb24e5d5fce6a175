"""The plan of a roster import: what it will do (the preview) or did (once applied)."""

from dataclasses import dataclass, field

from ..national_id import national_id_mask
from .files import MAX_PROBLEMS_KEPT
from .validation import RowProblem


@dataclass
class RosterPlan:
    rows: int = 0
    create: int = 0
    update: int = 0
    unchanged: int = 0
    rejected: list[RowProblem] = field(default_factory=list)  # the first MAX_PROBLEMS_KEPT
    rejected_count: int = 0
    leavers: list[int] = field(default_factory=list)  # person ids, complete rosters only
    extra_columns: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written
    format: str = ""

    def reject(self, problem: RowProblem) -> None:
        """Count every rejected row; keep the reasons of the first ones only (a file can
        have a hundred thousand bad rows, and they are stored and shown)."""
        self.rejected_count += 1
        if len(self.rejected) < MAX_PROBLEMS_KEPT:
            self.rejected.append(problem)

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "create": self.create,
            "update": self.update,
            "unchanged": self.unchanged,
            "rejected": self.rejected_count,
            "leavers": len(self.leavers),
            "extra_columns": [national_id_mask(name) for name in self.extra_columns[:100]],
            "columns": {name: national_id_mask(header) for name, header in self.columns.items()},
            "format": self.format,
        }
