"""The rejected rows of an import, as the officer wrote them plus the reason, to fix and
upload again."""

import csv
import io
import logging
from collections.abc import Iterator

from django.utils.translation import gettext as _

from lms.spreadsheets import spreadsheet_safe

from ..import_jobs import private_storage
from ..models import RosterImport
from ..national_id import national_id_mask
from .files import RosterFileError, roster_rows
from .imports import RosterImportError

logger = logging.getLogger("lms")
DOWNLOAD_CHUNK_CHARS = 64 * 1024


def rejected_rows_file(*, roster_import: RosterImport) -> Iterator[bytes]:
    """The rejected rows whose reasons were kept: rebuilt from the private upload while it
    is kept, as a stream of CSV chunks (a web request never holds the file or the rows in
    memory), and read only as far as the last rejected row."""
    if not roster_import.stored_name:
        raise RosterImportError(_("The uploaded file has expired: please upload it again."))
    reasons: dict[int, list[str]] = {}
    for problem in roster_import.problems:
        reason = f"{problem['column']}: {problem['reason']}"
        reasons.setdefault(problem["row"], []).append(national_id_mask(reason))
    return _rejected_rows_chunks(roster_import, reasons)


def _rejected_rows_chunks(roster_import: RosterImport, reasons: dict) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    last_row = max(reasons, default=0)

    def take() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    yield "\ufeff".encode()
    try:
        with (
            private_storage().open(roster_import.stored_name, "rb") as file,
            roster_rows(file=file, filename=roster_import.filename, size=roster_import.size) as (
                _format,
                rows,
            ),
        ):
            header_written = False
            for number, raw in rows:
                if not header_written:
                    writer.writerow(["Dòng / Row", *raw.keys(), "Lý do / Reason"])
                    header_written = True
                if number in reasons:
                    cells = [spreadsheet_safe(value) for value in raw.values()]
                    writer.writerow([number, *cells, "; ".join(reasons[number])])
                    if buffer.tell() >= DOWNLOAD_CHUNK_CHARS:
                        yield take()
                if number >= last_row:
                    break
    except (RosterFileError, OSError):
        # The file was read once already; if it has gone since, the download just ends.
        logger.warning("Roster import %s: rejected rows could not be re-read.", roster_import.pk)
    yield take()
