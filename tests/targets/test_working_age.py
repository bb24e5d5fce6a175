"""The Labour Code's working age: from 15 until the retirement age of the year, by sex."""

import datetime

import pytest

from lms.targets.working_age import is_working_age, months_before, retirement_age_months

END_2025 = datetime.date(2025, 12, 31)


@pytest.mark.parametrize(
    "sex, year, years_months",
    [
        ("male", 2020, (60, 0)),
        ("male", 2021, (60, 3)),
        ("male", 2025, (61, 3)),
        ("male", 2028, (62, 0)),
        ("male", 2040, (62, 0)),
        ("female", 2021, (55, 4)),
        ("female", 2025, (56, 8)),
        ("female", 2035, (60, 0)),
        ("female", 2050, (60, 0)),
        ("", 2025, (61, 3)),  # sex unknown: the higher limit, so nobody is left out
    ],
)
def test_retirement_age_follows_the_roadmap(sex, year, years_months):
    years, months = years_months
    assert retirement_age_months(sex=sex, year=year) == years * 12 + months


def test_months_before_clamps_to_the_end_of_the_month():
    assert months_before(datetime.date(2025, 3, 31), 1) == datetime.date(2025, 2, 28)
    assert months_before(datetime.date(2025, 12, 31), 180) == datetime.date(2010, 12, 31)


@pytest.mark.parametrize(
    "born, sex, expected",
    [
        (datetime.date(2010, 12, 31), "male", True),  # 15 that very day
        (datetime.date(2011, 1, 1), "male", False),  # 15 the next day
        (datetime.date(1964, 10, 1), "male", True),  # 61 y 3 m only on 1 January 2026
        (datetime.date(1964, 9, 30), "male", False),  # 61 y 3 m on 30 December 2025
        (datetime.date(1964, 9, 1), "male", False),  # reached 61 years 3 months in December
        (datetime.date(1968, 6, 1), "female", False),  # 57 and a half: past 56 y 8 m
        (datetime.date(1968, 6, 1), "male", True),  # the same age, a man: still working age
        (None, "female", False),
    ],
)
def test_working_age_on_the_periods_last_day(born, sex, expected):
    assert is_working_age(born=born, sex=sex, on=END_2025) is expected
