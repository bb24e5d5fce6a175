"""A trend line as SVG geometry: percentages over a period, with the required level.

Every number that goes into the markup is a string written here with a decimal point: a
template would localise a float (Vietnamese writes 44,5), and "44,5" in an SVG attribute is
not a coordinate but two numbers. The chart never depends on the active language.
"""

import datetime
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 32
# Offsets of the labels from what they label, in SVG units.
AXIS_LABEL_GAP, MONTH_LABEL_DROP, REQUIRED_LABEL_RISE = 6, 18, 6
LAST_LABEL_LEFT, LAST_LABEL_RISE = 4, 8


def svg_number(value: float) -> str:
    """A coordinate for SVG markup: at most one decimal, always a point, never a comma."""
    text = f"{round(value, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class ChartPoint:
    x: str
    y: str
    day: datetime.date
    percentage: float
    label_x: str = ""
    label_y: str = ""


def trend_chart(*, points, start: datetime.date, end: datetime.date, required: float) -> dict:
    """Coordinates for a 0-100 % chart of ``points`` (TrendPoint) across the period."""
    span = max((end - start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day) -> float:
        return LEFT + plot_w * min(max((day - start).days, 0), span) / span

    def y(percentage) -> float:
        return TOP + plot_h * (1 - min(max(percentage, 0), 100) / 100)

    plotted = [
        ChartPoint(
            svg_number(x(point.day)),
            svg_number(y(point.percentage)),
            point.day,
            point.percentage,
            svg_number(x(point.day) - LAST_LABEL_LEFT),
            svg_number(y(point.percentage) - LAST_LABEL_RISE),
        )
        for point in points
        if point.percentage is not None
    ]
    months = []
    day = start.replace(day=1)
    while day <= end:
        if day >= start:
            months.append(
                {"x": svg_number(x(day)), "label": f"{day.month:02d}/{day.year % 100:02d}"}
            )
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    # Markers on every point would crowd a daily series: at most about 24 of them.
    every = max(1, len(plotted) // 24)
    markers = [point for index, point in enumerate(plotted) if index % every == 0]
    if plotted and plotted[-1] not in markers:
        markers.append(plotted[-1])
    return {
        "width": svg_number(WIDTH),
        "height": svg_number(HEIGHT),
        "left": svg_number(LEFT),
        "right": svg_number(WIDTH - RIGHT),
        "top": svg_number(TOP),
        "bottom": svg_number(HEIGHT - BOTTOM),
        "axis_label_x": svg_number(LEFT - AXIS_LABEL_GAP),
        "month_label_y": svg_number(HEIGHT - BOTTOM + MONTH_LABEL_DROP),
        "gridlines": [
            {"y": svg_number(y(level)), "label": f"{level}%"} for level in (0, 25, 50, 75, 100)
        ],
        "months": months,
        "line": " ".join(f"{point.x},{point.y}" for point in plotted),
        "markers": markers,
        "last": plotted[-1] if plotted else None,
        "required_y": svg_number(y(required)),
        "required_label_y": svg_number(y(required) - REQUIRED_LABEL_RISE),
        "required": required,
    }
