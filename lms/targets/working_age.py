"""Who is of working age: the Labour Code 2019 and Decree 135/2020/NĐ-CP.

Working age runs from the 15th birthday until the statutory retirement age, which rises on a
roadmap: for men 60 years 3 months in 2021, three months more each year until 62 (2028); for
women 55 years 4 months in 2021, four months more each year until 60 (2035). The age that
applies is the one for the calendar year of the reference date (a target's period end).

When a person's sex is not recorded the men's (higher) limit is used, so that nobody who may be
of working age is left out.
"""

import calendar
import datetime

MIN_MONTHS = 15 * 12


def retirement_age_months(*, sex: str, year: int) -> int:
    steps = max(0, year - 2020)
    if sex == "female":
        return 55 * 12 + min(4 * steps, 60)
    return 60 * 12 + min(3 * steps, 24)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def working_age_births(*, sex: str, on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(born after, born on or before): the birth dates of people of working age on ``on``.

    Someone has reached an age of N months on ``on`` exactly when they were born on or before
    ``months_before(on, N)``.
    """
    return (
        months_before(on, retirement_age_months(sex=sex, year=on.year)),
        months_before(on, MIN_MONTHS),
    )


def is_working_age(*, born: datetime.date | None, sex: str, on: datetime.date) -> bool:
    if born is None:
        return False
    born_after, born_by = working_age_births(sex=sex, on=on)
    return born_after < born <= born_by
