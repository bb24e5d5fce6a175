"""Coverage tables and lists as downloads, in the formats the report-exporter plugins offer."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plugins.manager import hooks

from .coverage.figures import round_percentage


def report_exporters() -> dict[str, object]:
    """code → exporter, from every enabled plugin (the first to claim a code keeps it)."""
    found: dict[str, object] = {}
    for _plugin, exporters in hooks.register_report_exporters():
        for exporter in exporters or []:
            found.setdefault(str(exporter.code), exporter)
    return found


def _percentage(value: float | None) -> float | None:
    """A percentage as the page shows it (round_percentage), as a number for spreadsheets."""
    rounded = round_percentage(value)
    return None if rounded is None else float(rounded)


def coverage_headers() -> list[str]:
    return [
        _("Unit"),
        pgettext("identifier", "Code"),
        _("Headcount"),
        _("Trained"),
        _("Percentage"),
        _("Required (%)"),
        _("Still to train"),
        _("Gap to target"),
        _("Status"),
        _("Projected date"),
    ]


def coverage_rows(coverages) -> list[list[object]]:
    rows = []
    for coverage in coverages:
        projection = coverage.projection
        rows.append(
            [
                coverage.unit.name if coverage.unit else _("Total"),
                coverage.unit.code if coverage.unit else "",
                coverage.headcount,
                coverage.trained,
                _percentage(coverage.percentage),
                float(coverage.target.required_percentage),
                coverage.to_train,
                coverage.gap,
                coverage.status_label,
                projection.projected_on.isoformat() if projection.projected_on else "",
            ]
        )
    return rows


def trend_headers() -> list[str]:
    return [_("Date"), _("Trained"), _("Headcount"), _("Percentage")]


def trend_rows(points) -> list[list[object]]:
    return [
        [point.day.isoformat(), point.trained, point.headcount, _percentage(point.percentage)]
        for point in points
    ]


def not_trained_headers() -> list[str]:
    return [
        _("Full name"),
        _("Employee code"),
        _("Unit"),
        _("Unit code"),
        _("Position category"),
        _("IT / digital-transformation officer"),
        _("Date of birth"),
        _("E-mail"),
        _("Phone number"),
    ]


def not_trained_rows(placements) -> list[list[object]]:
    """One row per person, with how to reach them where known (their login's e-mail address,
    the phone number on their record): the list is for following people up."""
    return [
        [
            placement.person.full_name,
            placement.person.employee_code,
            placement.unit.name,
            placement.unit.code,
            placement.person.get_position_category_display(),
            _("Yes") if placement.person.is_it_officer else "",
            placement.person.date_of_birth.isoformat() if placement.person.date_of_birth else "",
            placement.person.user.email if placement.person.user else "",
            placement.person.phone,
        ]
        for placement in placements
    ]


def export_filename(*, kind: str, target, unit, day, extension: str) -> str:
    unit_code = unit.code if unit else "all"
    return f"{kind}-{target.code}-{unit_code}-{day.isoformat()}.{extension}"
