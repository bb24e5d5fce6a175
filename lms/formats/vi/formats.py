"""Vietnamese formats: what Django's own "vi" formats leave out or write otherwise.

Dates are written dd/mm/yyyy (as on every administrative document), and typed the same way.
Django's "vi" gives d-m-Y and no input formats at all, so 03/04/2026 would be read as the
English 4 March; it gives the decimal comma and thousands dot, but no grouping size, so
numbers were never grouped.
"""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday, in the admin's date pickers too

# Parsing, in order. ISO first: browsers' own date pickers (<input type="date">) exchange ISO
# dates, and a Django date widget without a format of its own writes its value in the first
# of these. Then the ways people type a date here; never month first.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-04-03
    "%d/%m/%Y",  # 03/04/2026
    "%d/%m/%y",  # 03/04/26
    "%d-%m-%Y",  # 03-04-2026
    "%d.%m.%Y",  # 03.04.2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",  # <input type="datetime-local">
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
    "%d-%m-%Y %H:%M",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
