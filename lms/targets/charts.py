"""A trend line as SVG geometry: percentages over a period, with the required level."""

import datetime
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 32


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    day: datetime.date
    percentage: float


def trend_chart(*, points, start: datetime.date, end: datetime.date, required: float) -> dict:
    """Coordinates for a 0-100 % chart of ``points`` (TrendPoint) across the period."""
    span = max((end - start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day):
        return round(LEFT + plot_w * min(max((day - start).days, 0), span) / span, 1)

    def y(percentage):
        return round(TOP + plot_h * (1 - min(max(percentage, 0), 100) / 100), 1)

    plotted = [
        ChartPoint(x(point.day), y(point.percentage), point.day, point.percentage)
        for point in points
        if point.percentage is not None
    ]
    months = []
    day = start.replace(day=1)
    while day <= end:
        if day >= start:
            months.append({"x": x(day), "label": f"{day.month:02d}/{day.year % 100:02d}"})
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    # Markers on every point would crowd a daily series: at most about 24 of them.
    every = max(1, len(plotted) // 24)
    markers = [point for index, point in enumerate(plotted) if index % every == 0]
    if plotted and plotted[-1] not in markers:
        markers.append(plotted[-1])
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "gridlines": [{"y": y(level), "label": f"{level}%"} for level in (0, 25, 50, 75, 100)],
        "months": months,
        "line": " ".join(f"{point.x},{point.y}" for point in plotted),
        "markers": markers,
        "last": plotted[-1] if plotted else None,
        "required_y": y(required),
        "required": required,
    }
