"""Checks an XLSX file before openpyxl reads it, so that a hostile or broken workbook is refused
before memory grows.

openpyxl inflates every part it reads and builds the whole tree of each XML part except the
worksheets, which it streams a row at a time. A 1 MB file can inflate to gigabytes (a zip
bomb), hold one gigantic string, or one row of millions of cells. So, before openpyxl sees
the file:

- the ZIP directory is read within bounds, and each part's declared size is checked;
- every part is inflated as a stream (zipfile never returns more than the declared size, and a
  part that holds more fails its CRC), and each XML part's structure is scanned with bounded
  memory: no text or tag longer than a cell can be, no DTD, comment, CDATA or processing
  instruction (entity bombs), no subtree that openpyxl would build whole beyond a bound;
- while openpyxl reads, a part read whole may not exceed ``MAX_PART_BYTES``.

Spreadsheet programs never come near these limits; README ("Import limits") lists them.
"""

import io
import logging
import re
import struct
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.parsers import expat

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.xml.constants import SHARED_STRINGS

logger = logging.getLogger("lms")

CHUNK_BYTES = 64 * 1024
MAX_DIRECTORY_BYTES = 1024 * 1024  # the ZIP central directory zipfile reads into memory
MAX_PARTS = 2_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # all parts together
MAX_PART_BYTES = 10 * 1024 * 1024  # any part but a worksheet (styles, workbook, images...)
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024  # openpyxl keeps every shared string in memory
# The longest text or tag: a cell of Excel's 32,767 characters, escaped, fits with room.
MAX_MARKUP_RUN = 512 * 1024
MAX_DEPTH = 64
MAX_CHILDREN = 1_048_576  # children of a part's root element (shared strings, say)
MAX_BLOCK_ELEMENTS = 50_000  # a subtree openpyxl builds whole (merged cells, validations...)
MAX_ROW_ELEMENTS = 250_000  # one worksheet row: 16,384 cells of rich text fit
MAX_CELLS_PER_ROW = 16_384  # Excel's own limits
MAX_SHEET_ROWS = 1_048_576
MAX_UNCACHED_FORMULAS = 200_000

ZIP_END = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP_END_SIZE = 22
XML_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
# "<!" followed by a capital: DOCTYPE, ENTITY, ELEMENT, ATTLIST, NOTATION.
DTD_MARKUP = re.compile(rb"<![A-Z]")


class _Refused(Exception):
    """Internal: the file crosses a limit; the detail goes to the log, never to the officer."""


class _Unusual(Exception):
    """Internal: a part's XML is not what spreadsheet programs write (or not well-formed)."""


class _TooMuch(Exception):
    """Internal: a limit the officer can act on; the message is for them."""


def not_a_workbook_message() -> str:
    return gettext("The file could not be read as an Excel workbook.")


def unusual_workbook_message() -> str:
    return gettext(
        "The workbook contains something no spreadsheet program writes, so it was not read. "
        "Open it in Excel or LibreOffice, save it again and upload it."
    )


def _too_large_message() -> str:
    return gettext(
        "The workbook unpacks to more than %(limit)s MB, more than any roster needs. "
        "Split it into smaller files."
    ) % {"limit": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}


def _row_limit() -> int:
    """The rows a roster file may hold, as the LMS sets it (Excel's own limit without)."""
    return getattr(settings, "LMS_IMPORT_MAX_ROWS", MAX_SHEET_ROWS)


def _too_many_rows_message() -> str:
    return gettext(
        "The file has more than %(limit)s rows. Split it into several files "
        "(by unit, for example) and import each."
    ) % {"limit": number_format(_row_limit(), force_grouping=True)}


def _too_many_formulas_message() -> str:
    return gettext(
        "More than %(count)s cells hold formulas whose values were not saved. Open the file "
        "in Excel or LibreOffice, save it again and upload it."
    ) % {"count": number_format(MAX_UNCACHED_FORMULAS, force_grouping=True)}


@dataclass
class WorkbookInspection:
    """What the scan learnt: the root element of each XML part that scanned clean, and per
    worksheet part the cells (row, column) holding a formula without a saved value."""

    roots: dict[str, str] = field(default_factory=dict)
    damaged: set[str] = field(default_factory=set)  # XML parts that are not well-formed
    uncached_formulas: dict[str, set[tuple[int, int]]] = field(default_factory=dict)


def inspect_workbook(file: BinaryIO) -> WorkbookInspection:
    """Refuse (``ValueError`` with a message for the officer) a workbook that crosses a limit."""
    try:
        return _inspect(file)
    except _TooMuch as error:
        raise ValueError(str(error)) from None
    except _Refused as refusal:
        logger.warning("XLSX refused before reading: %s", refusal)
        raise ValueError(unusual_workbook_message()) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise ValueError(not_a_workbook_message()) from None
    except (ValueError, struct.error, RuntimeError, KeyError):
        raise ValueError(not_a_workbook_message()) from None
    finally:
        file.seek(0)


def _inspect(file: BinaryIO) -> WorkbookInspection:
    _check_directory(file)
    file.seek(0)
    inspection = WorkbookInspection()
    formulas = 0
    with zipfile.ZipFile(file) as archive:
        parts = archive.infolist()
        names = [part.filename for part in parts]
        if len(parts) > MAX_PARTS or len(set(names)) != len(names):
            raise _Refused(f"{len(parts)} parts, or a name twice")
        if sum(part.file_size for part in parts) > MAX_UNCOMPRESSED_BYTES:
            raise _TooMuch(_too_large_message())
        for part in parts:
            if part.flag_bits & 0x1:
                raise _Refused(f"{part.filename} is encrypted")
            if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _Refused(f"{part.filename} uses compression {part.compress_type}")
        for part in parts:
            scan = _scan_part(archive, part)
            if scan is not None and scan.damaged:
                inspection.damaged.add(part.filename)
            if scan is None or scan.unusual:
                continue
            inspection.roots[part.filename] = scan.root
            if scan.uncached:
                inspection.uncached_formulas[part.filename] = scan.uncached
                formulas += len(scan.uncached)
                if formulas > MAX_UNCACHED_FORMULAS:
                    raise _TooMuch(_too_many_formulas_message())
    return inspection


def _check_directory(file: BinaryIO) -> None:
    """Bound the central directory before zipfile reads it whole (a million tiny entries in a
    50 MB file would take a gigabyte as ZipInfo objects). Found as zipfile finds it."""
    size = file.seek(0, io.SEEK_END)
    if size < ZIP_END_SIZE:
        raise zipfile.BadZipFile
    file.seek(size - ZIP_END_SIZE)
    end = file.read(ZIP_END_SIZE)
    start = size - ZIP_END_SIZE
    if not (end.startswith(ZIP_END) and end.endswith(b"\x00\x00")):
        tail_size = min(size, ZIP_END_SIZE + 0xFFFF)
        file.seek(size - tail_size)
        tail = file.read(tail_size)
        found = tail.rfind(ZIP_END)
        if found < 0 or found + ZIP_END_SIZE > len(tail):
            raise zipfile.BadZipFile
        end = tail[found : found + ZIP_END_SIZE]
        start = size - tail_size + found
    fields = struct.unpack("<4s4H2LH", end)
    entries, directory_size = fields[4], fields[5]
    if start >= 20:
        file.seek(start - 20)
        if file.read(4) == ZIP64_LOCATOR:  # zipfile would trust the ZIP64 record's sizes
            raise _Refused("ZIP64 archive")
    if entries > MAX_PARTS or directory_size > MAX_DIRECTORY_BYTES:
        raise _Refused(f"directory of {entries} entries, {directory_size} bytes")


def _scan_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> "_XmlScan | None":
    """Inflate the whole part as a stream (checking its CRC and size), scanning it if XML."""
    scan = None
    read = 0
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            if read == 0:
                start = chunk.lstrip(b"\xef\xbb\xbf \t\r\n")
                if start.startswith(UTF16_STARTS):  # expat would switch to UTF-16
                    raise _Refused(f"{part.filename} is UTF-16")
                if start.startswith(b"<"):
                    scan = _XmlScan(part.filename)
            read += len(chunk)
            if read > part.file_size:
                raise _Refused(f"{part.filename} holds more than it declares")
            if scan is not None:
                scan.feed(chunk)
    if scan is not None:
        scan.close()
    # A part openpyxl may read whole must be small; only a worksheet that scanned clean (which
    # openpyxl streams) may be large, and a clean string table a little larger.
    limit = MAX_PART_BYTES
    if scan is not None and not scan.unusual:
        limit = {"worksheet": MAX_UNCOMPRESSED_BYTES, "sst": MAX_SHARED_STRINGS_BYTES}.get(
            scan.root, MAX_PART_BYTES
        )
    if part.file_size > limit:
        detail = scan.unusual if scan is not None and scan.unusual else ""
        raise _Refused(f"{part.filename}: {part.file_size} bytes {detail}")
    return scan


class _XmlScan:
    """Streams one XML part through expat with element handlers only (no text is kept).

    A part that is not what spreadsheet programs write is only marked ``unusual``: it may
    still be a part openpyxl never parses (legacy VML drawings are not always well-formed),
    so it is refused only if large, or if it is one openpyxl must stream. A DTD is refused
    outright: its entities are how XML bombs expand.
    """

    def __init__(self, name: str):
        self.name = name
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.unusual = ""
        self.damaged = False
        self.started = False
        self.carry = b""
        self.run = 0  # bytes since the last "<"
        self.depth = 0
        self.root = ""
        self.children = 0
        self.block = 0
        self.in_sheet_data = False
        self.rows = 0
        self.row_number = 0
        self.row_elements = 0
        self.cells = 0
        self.column_ref: str | None = None  # the last cell reference seen in this row
        self.columns_since_ref = 0
        self.in_cell = False
        self.cell_formula = False
        self.cell_value = False
        self.cell_type = "n"
        self.row_has_value = False
        self.data_rows = 0
        self.row_limit = _row_limit() + 1  # and the header
        self.uncached: set[tuple[int, int]] = set()

    def feed(self, chunk: bytes) -> None:
        window = self.carry + chunk
        if DTD_MARKUP.search(window):
            raise _Refused(f"{self.name}: a DTD")
        self.carry = window[-2:]
        if self.unusual:
            return
        try:
            self._check_markup(chunk)
            self.parser.Parse(chunk, False)
        except (_Unusual, expat.ExpatError) as error:
            self._give_up(error)

    def close(self) -> None:
        if self.unusual:
            return
        try:
            self.parser.Parse(b"", True)
            if not self.root:
                raise _Unusual("no root element")
        except (_Unusual, expat.ExpatError) as error:
            self._give_up(error)

    def _give_up(self, error: Exception) -> None:
        self.unusual = f"({self.name}: {error})"
        self.damaged = isinstance(error, expat.ExpatError)
        self.uncached = set()
        self.parser = None  # frees whatever expat buffered

    def _check_markup(self, chunk: bytes) -> None:
        """Runs between two "<" bound every text and tag; "<!" and "<?" (comments, CDATA,
        processing instructions) are not written by spreadsheet programs. Both checks are
        C-level bytes operations, not a Python loop per character."""
        checked = chunk
        continuing = self.started
        if not self.started:
            self.started = True
            start = chunk.lstrip(b"\xef\xbb\xbf \t\r\n")
            if start.startswith(b"<?xml"):
                end = start.find(b"?>")
                if end < 0:
                    raise _Unusual("XML declaration")
                encoding = XML_ENCODING.search(start[:end])
                if encoding and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
                    raise _Unusual(f"encoding {encoding.group(1)!r}")
                checked = start[end + 2 :]
        # run == 0: the previous chunk ended with "<", so this one continues its markup.
        split_markup = continuing and self.run == 0 and checked[:1] in (b"!", b"?")
        if split_markup or b"<!" in checked or b"<?" in checked:
            raise _Unusual("comment, CDATA or processing instruction")
        pieces = checked.split(b"<")
        longest = self.run + len(pieces[0])
        if len(pieces) > 1:
            longest = max(longest, max(map(len, pieces[1:-1]), default=0), len(pieces[-1]))
            self.run = len(pieces[-1])
        else:
            self.run = longest
        if longest > MAX_MARKUP_RUN:
            raise _Unusual(f"a text or tag of more than {MAX_MARKUP_RUN} bytes")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        depth = self.depth
        if self.in_sheet_data and depth > 2:  # the hot path: rows and cells
            if depth == 3:
                self._start_row(attributes)
                return
            self.row_elements += 1
            if self.row_elements > MAX_ROW_ELEMENTS:
                raise _Unusual(f"row {self.row_number} has too many elements")
            if depth == 4:
                self._start_cell(name, attributes)
            elif depth == 5 and self.in_cell:
                local = name[name.rfind(":") + 1 :]
                if local == "f":
                    self.cell_formula = True
                elif local == "v" or local == "is":
                    self.row_has_value = True
                    if local == "v" and self.cell_formula:
                        # Only a formula's <v> is read: openpyxl writes an empty one.
                        self.parser.CharacterDataHandler = self._value_text
            elif depth > MAX_DEPTH:
                raise _Unusual(f"nested more than {MAX_DEPTH} deep")
            return
        if depth > MAX_DEPTH:
            raise _Unusual(f"nested more than {MAX_DEPTH} deep")
        local = name[name.rfind(":") + 1 :]
        if depth == 1:
            self.root = local
        elif depth == 2:
            self.children += 1
            if self.children > MAX_CHILDREN:
                raise _Unusual(f"more than {MAX_CHILDREN} elements under the root")
            self.block = 0
            self.in_sheet_data = local == "sheetData" and self.root == "worksheet"
        else:
            self.block += 1
            if self.block > MAX_BLOCK_ELEMENTS:
                raise _Unusual(f"a block of more than {MAX_BLOCK_ELEMENTS} elements")

    def _start_row(self, attributes: dict[str, str]) -> None:
        """A row, numbered as openpyxl numbers it."""
        self.rows += 1
        reference = attributes.get("r")
        try:
            self.row_number = int(float(reference)) if reference else self.row_number + 1
        except (ValueError, OverflowError):
            raise _Unusual("a row number that is no number") from None
        if self.rows > MAX_SHEET_ROWS or not 0 < self.row_number <= MAX_SHEET_ROWS:
            # openpyxl fills a gap in the numbering with empty rows, one by one.
            raise _Unusual(f"row {self.row_number} beyond Excel's rows")
        self.row_elements = self.cells = self.columns_since_ref = 0
        self.column_ref = None
        self.row_has_value = False

    def _start_cell(self, name: str, attributes: dict[str, str]) -> None:
        self.in_cell = name[name.rfind(":") + 1 :] == "c"
        if not self.in_cell:
            return
        self.cells += 1
        if self.cells > MAX_CELLS_PER_ROW:
            raise _Unusual(f"row {self.row_number} has too many cells")
        self.cell_formula = self.cell_value = False
        self.cell_type = attributes.get("t", "n")
        reference = attributes.get("r")
        if reference:
            self.column_ref, self.columns_since_ref = reference, 0
        else:
            self.columns_since_ref += 1

    def _value_text(self, text: str) -> None:
        if text:
            self.cell_value = True

    def _end(self, name: str) -> None:
        depth = self.depth
        self.depth -= 1
        if not self.in_sheet_data:
            return
        if depth == 5 and self.parser.CharacterDataHandler is not None:
            self.parser.CharacterDataHandler = None
            # An empty value is a saved value only for a formula that gives text ("").
            self.cell_value = self.cell_value or self.cell_type == "str"
        elif depth == 4 and self.in_cell:
            self.in_cell = False
            if self.cell_formula and not self.cell_value:
                self._note_uncached_formula()
        elif depth == 3 and self.row_has_value:
            # Counted while scanning, so that a million-row sheet is refused after the first
            # rows over the limit, not after openpyxl has parsed it all (twice).
            self.data_rows += 1
            if self.data_rows > self.row_limit:
                raise _TooMuch(_too_many_rows_message())
        elif depth == 2:
            self.in_sheet_data = False

    def _note_uncached_formula(self) -> None:
        """Where openpyxl places the cell: the row's number, and the column of the cell's own
        reference or, without one, one after the previous cell's."""
        column = self.columns_since_ref
        if self.column_ref:
            try:
                column += coordinate_to_tuple(self.column_ref)[1]
            except (ValueError, IndexError, KeyError):
                return  # openpyxl will refuse the reference itself
        self.uncached.add((self.row_number, column))
        if len(self.uncached) > MAX_UNCACHED_FORMULAS:
            raise _TooMuch(_too_many_formulas_message())


class _PartStream(io.RawIOBase):
    """A part opened by openpyxl: streamed in chunks freely, read whole only if small."""

    def __init__(self, stream, size: int):
        self._stream = stream
        self._size = size

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if (size is None or size < 0 or size > MAX_PART_BYTES) and self._size > MAX_PART_BYTES:
            raise _Refused(f"a part of {self._size} bytes read whole")
        return self._stream.read(size)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


class _GuardedArchive(zipfile.ZipFile):
    """The archive openpyxl reads from: only worksheets, which it streams, may be large."""

    def open(self, name, mode="r", pwd=None, **kwargs):
        stream = super().open(name, mode, pwd, **kwargs)
        if mode != "r":
            return stream
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        return _PartStream(stream, info.file_size)

    def read(self, name, pwd=None) -> bytes:
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise _Refused(f"{info.filename} ({info.file_size} bytes) read whole")
        return super().read(name, pwd)


def load_guarded_workbook(file: BinaryIO, *, inspection: WorkbookInspection, data_only: bool):
    """openpyxl's read-only workbook over the guarded archive (after ``inspect_workbook``).
    Raises ``ValueError`` with a message for the officer."""
    file.seek(0)
    archive = None
    try:
        reader = ExcelReader(file, read_only=True, data_only=data_only, keep_links=False)
        reader.archive.close()  # closing a ZipFile leaves a file it was handed open
        archive = reader.archive = _GuardedArchive(file)
        reader.valid_files = archive.namelist()
        reader.read_manifest()
        strings = reader.package.find(SHARED_STRINGS)
        # openpyxl keeps only the <si> elements of the shared strings part: anything else
        # there (a worksheet's rows, say) would pile up in memory.
        if strings is not None and inspection.roots.get(strings.PartName[1:]) != "sst":
            raise _Refused(f"shared strings part {strings.PartName!r} is not a string table")
        reader.read()
    except Exception as error:
        if archive is not None:
            archive.close()
        raise as_value_error(error) from None
    return reader.wb


def sheet_refusal(inspection: WorkbookInspection, part: str) -> ValueError | None:
    """openpyxl streams the sheet that is read: it must have scanned clean."""
    if part in inspection.damaged:
        return ValueError(not_a_workbook_message())
    if inspection.roots.get(part) != "worksheet":
        return ValueError(unusual_workbook_message())
    return None


def worksheet_part(sheet) -> str:
    """The archive name of a read-only worksheet (openpyxl keeps it as a private attribute)."""
    return str(getattr(sheet, "_worksheet_path", "")).lstrip("/")


def as_value_error(error: Exception) -> ValueError:
    """Any failure while openpyxl reads, as the message for the officer."""
    if isinstance(error, _Refused):
        logger.warning("XLSX refused while reading: %s", error)
        return ValueError(unusual_workbook_message())
    # openpyxl reports a damaged or foreign ZIP with many unrelated exception types.
    return ValueError(not_a_workbook_message())
