"""Whether a target is met or on track: the pace of the last 90 days, carried forward."""

import datetime
import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import Target

PACE_DAYS = 90
MAX_PROJECTION_DAYS = 100 * 365  # beyond a century, "never" is the honest projection
AT_RISK_PACE_FACTOR = 2  # at risk: meeting the deadline needs at most twice the recent pace


class Status:
    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_MET = "not_met"  # the period is closed short of the target: no pace can change it
    UNKNOWN = "unknown"

    labels = {
        MET: _("Met"),
        ON_TRACK: _("On track"),
        AT_RISK: _("At risk"),
        OFF_TRACK: _("Off track"),
        NOT_MET: _("Not met"),
        UNKNOWN: _("No denominator"),
    }


@dataclass(frozen=True)
class Projection:
    status: str
    projected_on: datetime.date | None = None
    pace_per_day: float = 0.0


def is_closed(*, target: Target, reference: datetime.date) -> bool:
    """Whether the target is settled on the reference day: its deadline has come, or its
    period has ended (nobody trained after the period's end counts for it, so a pace
    carried beyond it means nothing)."""
    return reference >= min(target.deadline, target.period_end)


def project(
    *, gap: int | None, recent: int, reference: datetime.date, target: Target
) -> Projection:
    """At the pace of the last 90 days (or of the period so far, if shorter), when is the
    target met, and is that by the deadline? A closed period is met or not met, nothing
    else."""
    if gap is None:
        return Projection(Status.UNKNOWN)
    if gap == 0:
        return Projection(Status.MET)
    window = min(PACE_DAYS, (reference - target.period_start).days + 1)
    pace = recent / window if window > 0 else 0.0
    if is_closed(target=target, reference=reference):
        return Projection(Status.NOT_MET, None, pace)
    if pace == 0:
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
