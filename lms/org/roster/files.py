"""Reading import files (rosters, population figures) through the roster formats plugins
contribute, within limits that keep a hostile or mistaken file from exhausting memory.

The limits (README, "Import limits") are checked as the file is read, before memory grows:
the file's size here; rows and cell lengths on every row a format yields; the formats
themselves bound what they inflate and parse (see plugins/roster_formats).
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from plugins.manager import hooks

from ..national_id import national_id_mask

logger = logging.getLogger("lms")

HEAD_BYTES = 8192
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CELL_CHARS = 32_767  # Excel's own limit: no spreadsheet cell is longer
MAX_PROBLEMS_KEPT = 1_000  # rejected rows kept with their reasons; all of them are counted

Row = tuple[int, dict[str, str]]


def max_rows() -> int:
    """Rows a file may hold (settings.LMS_IMPORT_MAX_ROWS, read when a file is read)."""
    return settings.LMS_IMPORT_MAX_ROWS


def too_many_rows_message() -> str:
    return _(
        "The file has more than %(limit)s rows. Split it into several files "
        "(by unit, for example) and import each."
    ) % {"limit": number_text(max_rows())}


def number_text(number: int) -> str:
    """Thousands grouped as the reader's language writes them (100.000 in Vietnamese)."""
    return number_format(number, force_grouping=True)


class RosterFileError(Exception):
    """The file as a whole cannot be imported; nothing was written. The message is for the
    person importing, and never holds an ID number (it may quote a header or a cell)."""

    def __init__(self, message: object):
        super().__init__(national_id_mask(str(message)))


def file_too_large_message() -> str:
    return _("The file is larger than %(limit)s MB. Split it into several files.") % {
        "limit": MAX_FILE_BYTES // (1024 * 1024)
    }


def roster_format_for(*, filename: str, head: bytes):
    for plugin, formats in hooks.register_roster_formats():
        for roster_format in formats:
            try:
                if roster_format.accepts(filename=filename, head=head):
                    return roster_format
            except Exception:  # a plugin's bug must not stop the import: try the next format
                logger.exception("Roster format of plugin %r failed in accepts().", plugin)
    return None


@contextmanager
def roster_rows(*, file, filename: str, size: int) -> Iterator[tuple[object, Iterator[Row]]]:
    """The format that reads the file, and its rows (read as they are consumed); a file that
    is no roster, or crosses a limit, raises ``RosterFileError``. On leaving the block the
    reader lets go of the file at once, even half-way, never later when garbage-collected
    (by then the caller may have closed the file)."""
    if size == 0:
        raise RosterFileError(_("The file is empty."))
    if size > MAX_FILE_BYTES:
        raise RosterFileError(file_too_large_message())
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    roster_format = roster_format_for(filename=filename, head=head)
    if roster_format is None:
        raise RosterFileError(_("This file is not a roster: upload a CSV, text or XLSX file."))
    reader = roster_format.read(file=file)
    rows = _checked_rows(reader, format_code=str(getattr(roster_format, "code", "?")))
    try:
        yield roster_format, rows
    finally:
        rows.close()
        close = getattr(reader, "close", None)
        if close is not None:
            close()


def _checked_rows(reader, *, format_code: str) -> Iterator[Row]:
    """The format's rows, at most ``max_rows()``; what goes wrong while reading becomes one
    clear ``RosterFileError``."""
    rows = iter(reader)
    count = 0
    limit = max_rows()
    while True:
        try:
            number, raw = next(rows)
        except StopIteration:
            return
        except RosterFileError:
            raise
        except MemoryError:
            raise  # the task's memory guard reports it
        except ValueError as error:  # the format's own message for the officer
            raise RosterFileError(str(error)) from error
        except Exception as error:  # a format plugin's bug: one clear message, nothing kept
            logger.exception("Roster format %r failed while reading a file.", format_code)
            raise RosterFileError(_("The file could not be read. Nothing was imported.")) from error
        count += 1
        if count > limit:
            raise RosterFileError(too_many_rows_message())
        yield number, raw


def cell_too_long(raw: dict[str, str]) -> str | None:
    """The first column whose cell is longer than a spreadsheet cell can be, if any."""
    for column, value in raw.items():
        if len(str(value)) > MAX_CELL_CHARS:
            return column
    return None


def too_long_cell_reason() -> str:
    return _("The cell holds more than %(limit)s characters, more than a spreadsheet allows.") % {
        "limit": number_text(MAX_CELL_CHARS)
    }


def shown(value: str, *, limit: int = 60) -> str:
    """A cell quoted in a reason: short, so that a reason never carries a whole cell."""
    value = str(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"
