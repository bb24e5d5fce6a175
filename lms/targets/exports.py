"""Coverage tables and lists as downloads, in the formats the report-exporter plugins offer."""

from django.utils.translation import gettext as _

from plugins.manager import hooks


def report_exporters() -> dict[str, object]:
    """code → exporter, from every enabled plugin (the first to claim a code keeps it)."""
    found: dict[str, object] = {}
    for _plugin, exporters in hooks.register_report_exporters():
        for exporter in exporters or []:
            found.setdefault(str(exporter.code), exporter)
    return found


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def coverage_headers() -> list[str]:
    return [
        _("Unit"),
        _("Code"),
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
                _number(coverage.percentage),
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
        [point.day.isoformat(), point.trained, point.headcount, _number(point.percentage)]
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
    ]


def not_trained_rows(placements) -> list[list[object]]:
    return [
        [
            placement.person.full_name,
            placement.person.employee_code,
            placement.unit.name,
            placement.unit.code,
            placement.person.get_position_category_display(),
            _("Yes") if placement.person.is_it_officer else "",
            placement.person.date_of_birth.isoformat() if placement.person.date_of_birth else "",
        ]
        for placement in placements
    ]


def export_filename(*, kind: str, target, unit, day, extension: str) -> str:
    unit_code = unit.code if unit else "all"
    return f"{kind}-{target.code}-{unit_code}-{day.isoformat()}.{extension}"
