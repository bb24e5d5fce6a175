"""Numbers in markup and files never depend on the language: in Vietnamese (the default) a
decimal comma inside an SVG coordinate garbled the trend chart."""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from lms.targets.charts import svg_number, trend_chart
from lms.targets.coverage.figures import round_percentage
from lms.targets.coverage.readings import Source
from lms.targets.coverage.trend import TrendPoint
from lms.targets.snapshots import snapshot_take
from lms.targets.templatetags.coverage_tags import percent
from tests.factories import UserFactory

from .conftest import complete, make_target, staff

pytestmark = pytest.mark.django_db
D = datetime.date
NUMBER = re.compile(r"-?\d+(\.\d+)?")
COORDINATES = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height"}


def svg_of(html: str) -> ET.Element:
    """The chart, parsed as the XML it must be."""
    start = html.index('<svg class="coverage-chart"')
    end = html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314 (our own page, under test)


def numbers_in(svg: ET.Element) -> list[float]:
    """Every coordinate of the chart; each must be one plain number (no comma anywhere)."""
    found = []
    for element in svg.iter():
        for name, value in element.attrib.items():
            if name in COORDINATES:
                assert NUMBER.fullmatch(value), f"{element.tag} {name}={value!r}"
                found.append(float(value))
            elif name == "viewBox":
                parts = value.split(" ")
                assert len(parts) == 4 and all(NUMBER.fullmatch(part) for part in parts), value
            elif name == "points":
                for pair in value.split(" "):
                    x, y = pair.split(",")
                    assert NUMBER.fullmatch(x) and NUMBER.fullmatch(y), value
                    found += [float(x), float(y)]
    return found


@pytest.fixture
def chart_page(client, units, course):
    """4 of 7 trained (57.14 %) on 1 June 2025, a snapshot, and a superuser's page."""
    target = make_target(courses=[course])
    people = [staff(units["BDG-TU-KB"]) for _ in range(7)]
    for person in people[:4]:
        complete(person, course, on=D(2025, 5, 1))
    snapshot_take(target=target, day=D(2025, 6, 1), source=Source.RECONSTRUCTED)
    client.force_login(UserFactory(is_superuser=True))
    return target


def test_the_trend_chart_parses_in_vietnamese(client, chart_page):
    with translation.override("vi"):
        html = client.get("/admin/coverage/?year=2025", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'lang="vi"' in html
    svg = svg_of(html)
    numbers = numbers_in(svg)
    assert any(not number.is_integer() for number in numbers)  # decimals were written
    assert all(0 <= number <= 640 for number in numbers)  # inside the viewBox
    [line] = svg.iter("polyline")
    points = [tuple(map(float, pair.split(","))) for pair in line.attrib["points"].split()]
    # The snapshot of 1 June and today's live figure at the period's end, 57.14 % each.
    assert len(points) == 2 and points[0][1] == points[1][1]
    expected_y = 16 + 192 * (1 - 4 / 7)
    assert points[0][1] == pytest.approx(expected_y, abs=0.05)
    assert "57,1 %" in html  # text for people stays Vietnamese


def test_the_trend_chart_is_the_same_in_every_language(client, chart_page):
    def svg_numbers(language):
        client.cookies["django_language"] = language
        html = client.get("/admin/coverage/?year=2025").content.decode()
        return numbers_in(svg_of(html))

    assert svg_numbers("vi") == svg_numbers("en")


def test_chart_numbers_are_strings_with_a_point():
    points = [TrendPoint(D(2025, 6, 1), 4, 7)]
    chart = trend_chart(points=points, start=D(2025, 1, 1), end=D(2025, 12, 31), required=70.5)
    with translation.override("vi"):
        assert chart["line"] == f"{chart['last'].x},{chart['last'].y}"
        assert "," not in chart["last"].x and "." in chart["last"].x
    assert svg_number(44.0) == "44" and svg_number(101.26) == "101.3"


def test_downloads_write_numbers_with_a_point_in_vietnamese(client, chart_page, tmp_path):
    with translation.override("vi"):
        response = client.get("/admin/coverage/?year=2025&export=csv")
        trend = client.get("/admin/coverage/?year=2025&export=csv&table=trend")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][4] == "57.1"  # the percentage column, rounded as the page shows it
    trend_rows = list(csv.reader(io.StringIO(trend.content.decode("utf-8-sig"))))
    assert trend_rows[1] == ["2025-06-01", "4", "7", "57.1"]
    out = tmp_path / "coverage.json"
    with translation.override("vi"):
        call_command("coverage_report", "--year", "2025", "--format", "json", "--output", out)
    [total, *_] = json.loads(out.read_text())
    assert total["percentage"] == 57.1


@pytest.mark.parametrize(
    "value, rounded",
    [
        (200 / 3, "66.7"),  # number_format alone cut this to 66,6
        (57.15, "57.2"),  # a half goes up, whatever the float's binary value
        (12.25, "12.3"),  # round() gives 12.2 (halves to even)
        (0.04, "0.0"),
        (100, "100.0"),
        (Decimal("33.35"), "33.4"),
    ],
)
def test_one_rounding_for_every_percentage(value, rounded):
    assert round_percentage(value) == Decimal(rounded)
    with translation.override("vi"):
        assert percent(value) == rounded.replace(".", ",") + " %"
    with translation.override("en"):
        assert percent(value) == rounded + " %"
    assert round_percentage(None) is None and percent(None) == "—"


def test_the_page_and_every_download_round_a_percentage_alike(client, units, course):
    """2 of 3 trained: 66,7 % on the page (in Vietnamese), 66.7 in each file and the command."""
    target = make_target(courses=[course])
    people = [staff(units["BDG-TU-KB"]) for _ in range(3)]
    for person in people[:2]:
        complete(person, course, on=D(2025, 5, 1))
    snapshot_take(target=target, day=D(2025, 6, 1), source=Source.RECONSTRUCTED)
    client.force_login(UserFactory(is_superuser=True))
    with translation.override("vi"):
        html = client.get("/admin/coverage/?year=2025").content.decode()
        dashboard = client.get("/admin/").content.decode()
        files = {
            code: client.get(f"/admin/coverage/?year=2025&export={code}").content
            for code in ("csv", "xlsx")
        }
        trend = client.get("/admin/coverage/?year=2025&export=csv&table=trend").content
    assert "66,7 %" in html and "66,6 %" not in html
    assert "66,7 %" in dashboard
    assert list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig"))))[1][4] == "66.7"
    sheet = load_workbook(io.BytesIO(files["xlsx"])).active
    assert sheet.cell(row=2, column=5).value == 66.7
    assert list(csv.reader(io.StringIO(trend.decode("utf-8-sig"))))[1][3] == "66.7"
