"""Read one file as the import does, in a fresh process, and print how far its memory grew.

    python -m tests.plugins.roster_formats.measure_reading csv|xlsx PATH

Prints JSON: ``outcome`` ("rows N" or "refused: message") and ``growth_mb``, the growth of
the process's peak resident memory while reading (ru_maxrss, so nothing is missed between
samples; tracemalloc would slow openpyxl down several times over).
"""

import json
import os
import resource
import sys
import time


def main(format_code: str, path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    import django

    django.setup()
    from django.utils import translation

    translation.activate("en")  # the tests read the messages in English
    from lms.org.roster.files import RosterFileError, _checked_rows
    from plugins.roster_formats.formats import CsvRosterFormat, XlsxRosterFormat

    roster_format = {"csv": CsvRosterFormat(), "xlsx": XlsxRosterFormat()}[format_code]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    try:
        with open(path, "rb") as file:
            count = sum(1 for _ in _checked_rows(roster_format.read(file=file), format_code="t"))
        outcome = f"rows {count}"
    except RosterFileError as error:
        outcome = f"refused: {error}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "outcome": outcome,
                "growth_mb": (peak - before) / 1024,
                "seconds": round(time.monotonic() - started, 2),
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
