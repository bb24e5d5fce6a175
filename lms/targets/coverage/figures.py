"""The numbers of a unit (or several together) for a target, and what follows from them."""

import datetime
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from lms.org.models import OrgUnit

from ..models import Target
from .projection import Projection, Status, project

PERCENT_STEP = Decimal("0.1")  # percentages are shown and exported with one decimal


def round_percentage(value: float | Decimal | None) -> Decimal | None:
    """A percentage as the report gives it everywhere (its page, the dashboard, every
    download and the command): one decimal, halves rounded up. One function, because the
    obvious ways disagree: Django's number_format cuts 66.67 to 66.6, and round() rounds
    halves to even on a float's binary value. A float is read through its shortest decimal
    form, so binary error cannot tip a half (57.15 gives 57.2)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)


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
    def projection(self) -> Projection:
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
