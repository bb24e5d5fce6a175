"""English formats on this site: the pages are Vietnamese first and the dates are Vietnamese
dates, so English keeps dd/mm/yyyy (as British English does) rather than Django's month
first. Typing 03/04/2026 means 3 April in either language, and the admin's date pickers,
which write WAGTAIL_DATE_FORMAT, are read back the same way. Numbers keep the English decimal
point."""

from ..vi.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS", "TIME_INPUT_FORMATS"]

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1
