"""The coverage commands with bad input: a clear error and a non-zero exit, never a
traceback; and each unit printed once."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import org_unit

from .conftest import complete, make_target, staff

BAD_ARGUMENTS = [
    ("coverage_report", "--as-of", "2025-13-01"),
    ("coverage_report", "--as-of", "yesterday"),
    ("coverage_report", "--year", "abc"),
    ("coverage_report", "--year", "0"),
    ("coverage_report", "--year", "99999"),
    ("snapshot_coverage", "--date", "2025-02-30"),
    ("snapshot_coverage", "--date", "x"),
]


@pytest.mark.parametrize("arguments", BAD_ARGUMENTS, ids=" ".join)
def test_a_bad_argument_is_a_command_error_naming_it(arguments):
    command, option, value = arguments
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command(command, option, value)
    assert option in str(raised.value) and repr(value) in str(raised.value)


@pytest.mark.parametrize("arguments", BAD_ARGUMENTS, ids=" ".join)
def test_a_bad_argument_exits_non_zero_without_a_traceback(run_manage, arguments):
    result = run_manage(*arguments)
    assert result.returncode == 2  # argparse's usage error
    assert "Traceback" not in result.stderr
    assert arguments[1] in result.stderr and arguments[2] in result.stderr
    assert result.stdout == ""


def _printed_csv(capsys) -> list[list[str]]:
    return list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))


@pytest.mark.django_db
def test_without_unit_each_top_unit_is_printed_once(units, course, capsys):
    make_target(courses=[course])
    complete(staff(units["BDG-TU-KB"]), course, on=datetime.date(2025, 5, 1))
    call_command("coverage_report", "--year", "2025")
    _header, *rows = _printed_csv(capsys)
    assert [row[3] for row in rows] == ["BDG"]
    assert rows[0][4:6] == ["1", "1"]


@pytest.mark.django_db
def test_without_unit_several_top_units_come_with_their_total(units, course, capsys):
    make_target(courses=[course])
    other = org_unit(code="DNG", name="Tỉnh Đồng Nai", kind="province")
    staff(units["BDG-TU-KB"])
    staff(other)
    call_command("coverage_report", "--year", "2025")
    _header, *rows = _printed_csv(capsys)
    assert [(row[3], row[4]) for row in rows] == [("", "2"), ("BDG", "1"), ("DNG", "1")]


@pytest.mark.django_db
def test_an_unwritable_output_is_a_clear_error(units, course, tmp_path):
    make_target(courses=[course])
    with translation.override("en"), pytest.raises(CommandError, match="Cannot write"):
        call_command("coverage_report", "--output", str(tmp_path / "missing" / "report.csv"))
