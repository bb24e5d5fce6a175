"""Readers for HR roster files: CSV/text in the encodings Vietnamese offices produce, and XLSX.

Both readers stream: a 50,000-row roster is read row by row, never loaded whole, and no row,
line or workbook part may grow beyond the limits below (README, "Import limits"), so a
hostile file is refused before memory grows.
"""

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy

from .xlsx_guard import (
    as_value_error,
    inspect_workbook,
    load_guarded_workbook,
    not_a_workbook_message,
    sheet_refusal,
    worksheet_part,
)

Row = tuple[int, dict[str, str]]

# Enough text to tell the encoding and separator apart, small enough to decode twice.
PREFIX_SIZE = 64 * 1024
SNIFF_LINES = 20
DELIMITERS = ";,\t"
# A record (one CSV line, or several when a quoted cell holds line breaks) or a row of cells,
# in characters: far above any roster row, far below what would strain memory.
MAX_ROW_CHARS = 1_000_000
MAX_COLUMNS = 16_384  # Excel's own limit

ZIP_SIGNATURE = b"PK\x03\x04"
UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
BINARY_SIGNATURES = (
    ZIP_SIGNATURE,
    b"PK\x05\x06",  # empty ZIP archive
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # legacy Office (.xls): needs its own reader
)

# Grave, acute, tilde, hook above, dot below: Windows-1258 keeps them as separate characters.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", letter)
    for base in "aăâeêioôơuưy"
    for tone in ("", *TONE_MARKS)
    for letter in (base + tone, (base + tone).upper())
) | frozenset("đĐ")


def _encodable_in_cp1252(letter: str) -> bool:
    try:
        letter.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


# Only these prove Windows-1258: a Windows-1252 file can never decode to them.
VIETNAMESE_ONLY_LETTERS = frozenset(
    letter for letter in VIETNAMESE_LETTERS if not _encodable_in_cp1252(letter)
)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def cell_text(value: object) -> str:
    """A cell as the text a spreadsheet shows for it (dates in ISO form, ``YYYY-MM-DD``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, bool):  # before int: bool is an int subclass, and str(int(True)) is "1"
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        # Excel stores every number as a float; 12.0 typed as 12 must not come back as "12.0".
        return str(int(value))
    return _clean(str(value))


def detect_encoding(prefix: bytes, *, complete: bool = False) -> str:
    """The codec name to read a text file whose first bytes are ``prefix``.

    ``complete`` says ``prefix`` is the whole file; otherwise it may end inside a multi-byte
    UTF-8 character, which must not count against UTF-8. Raises ``ValueError`` when the bytes
    are text in none of the supported encodings.
    """
    if prefix.startswith(UTF8_BOM):
        return "utf-8-sig"
    if prefix.startswith(UTF16_BOMS):
        return "utf-16"
    try:
        # The incremental decoder holds back an incomplete trailing character (at most 3
        # bytes) instead of failing on it, unless this is the end of the file.
        codecs.getincrementaldecoder("utf-8")("strict").decode(prefix, final=complete)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    as_cp1258 = _decode_or_none(prefix, "cp1258")
    as_cp1252 = _decode_or_none(prefix, "cp1252")
    if as_cp1258 is not None and (as_cp1252 is None or _looks_vietnamese(as_cp1258)):
        return "cp1258"
    if as_cp1252 is not None:
        return "cp1252"
    raise ValueError(_unreadable_text_message())


def _decode_or_none(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_vietnamese(decoded: str) -> bool:
    """Whether text decoded as Windows-1258 reads as Vietnamese rather than as noise.

    Windows-1252 text decoded as Windows-1258 also gains combining marks (its ì, ò, Ì, Ò, Þ
    bytes), but they land on consonants or compose into non-Vietnamese letters ("Hòa" becomes
    "Ḥa"); and letters like ü, ç or ñ, the same byte in both code pages, point to a Western
    European language. Vietnamese-only letters must outnumber both.
    """
    text = unicodedata.normalize("NFC", decoded)
    vietnamese = foreign = 0
    for character in text:
        if character in VIETNAMESE_ONLY_LETTERS:
            vietnamese += 1
        elif unicodedata.combining(character):
            foreign += 1  # a mark NFC could not compose: not on a Vietnamese vowel
        elif (
            not character.isascii() and character.isalpha() and character not in VIETNAMESE_LETTERS
        ):
            foreign += 1
    return vietnamese > foreign


# A CSV line ends with \r\n, \r or \n. str.splitlines also breaks at characters a cell may
# hold (\x1c-\x1e, \x85, \u2028, \u2029), which would cut a header row in two.
CSV_LINE_END = re.compile(r"\r\n|\r|\n")


def csv_lines(text: str) -> list[str]:
    """The lines of CSV text, each with its line end."""
    return [line for line in re.split(r"(?<=\r\n)|(?<=\n)|(?<=\r)(?!\n)", text) if line]


def detect_delimiter(sample: str) -> str:
    """The separator (``;``, ``,`` or tab) of CSV text whose first lines are ``sample``."""
    lines = [line for line in CSV_LINE_END.split(sample) if line.strip()]
    header = lines[0] if lines else ""
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = ""
    # The sniffer can settle on a character that merely recurs in the data; column names
    # are always separated by the real separator.
    if delimiter and delimiter in header:
        return delimiter
    counts = {candidate: header.count(candidate) for candidate in DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _sniff_sample(prefix: bytes, encoding: str, *, complete: bool) -> str:
    text = codecs.getincrementaldecoder(encoding)("replace").decode(prefix, final=complete)
    lines = csv_lines(text)
    if not complete and len(lines) > 1:
        lines.pop()  # cut off by the prefix
    return "".join(lines[:SNIFF_LINES])


def _empty_file_message() -> str:
    return gettext("The file is empty.")


def _unreadable_text_message() -> str:
    return gettext(
        "The file contains characters that could not be read. "
        "Save it as “CSV UTF-8” and upload it again."
    )


def _row_too_long_message(row: int) -> str:
    return gettext(
        "Row %(row)s holds more than %(limit)s characters: this is not a roster. "
        "Nothing was imported."
    ) % {"row": row, "limit": number_format(MAX_ROW_CHARS, force_grouping=True)}


def _table_rows(
    records: Iterator[Sequence[object]], *, empty_message: Callable[[], str]
) -> Iterator[Row]:
    """Rows under the first record's column names, numbered as a spreadsheet numbers them.

    Cells under an unnamed column are dropped: nothing could say what they hold. A row with
    nothing under any named column counts as empty and is skipped.
    """
    first = next(records, None)
    if first is None:
        raise ValueError(empty_message())
    _check_row_size(first, 1)
    headers = [cell_text(value) for value in first]
    if not any(headers):
        raise ValueError(gettext("The first row must hold the column names."))
    seen: set[str] = set()
    for name in headers:
        if name in seen:
            # Two columns with one name would silently lose one column's data.
            raise ValueError(
                gettext("The column “%(name)s” appears more than once in the first row.")
                % {"name": name[:100]}
            )
        if name:
            seen.add(name)
    columns = [(index, name) for index, name in enumerate(headers) if name]
    if len(columns) > MAX_COLUMNS:
        raise ValueError(
            gettext("The first row names more than %(limit)s columns: this is not a roster.")
            % {"limit": number_format(MAX_COLUMNS, force_grouping=True)}
        )
    for number, record in enumerate(records, start=2):
        _check_row_size(record, number)
        cells = {name: cell_text(record[index]) for index, name in columns if index < len(record)}
        if not any(cells.values()):
            continue
        yield number, {name: cells.get(name, "") for _, name in columns}


def _check_row_size(record: Sequence[object], number: int) -> None:
    """A workbook row can repeat one long shared string in thousands of cells: bounded
    here, before each cell is copied into text."""
    if sum(len(value) for value in record if isinstance(value, str)) > MAX_ROW_CHARS:
        raise ValueError(_row_too_long_message(number))


class _RecordTooLong(Exception):
    pass


class _BoundedLines:
    """The text's lines for csv.reader, each read with a bound (a file without line breaks
    is never read whole) and counted towards the record being read."""

    def __init__(self, text: io.TextIOBase):
        self.text = text
        self.record_chars = 0

    def __iter__(self) -> Iterator[str]:
        while line := self.text.readline(MAX_ROW_CHARS + 1):
            self.record_chars += len(line)
            if self.record_chars > MAX_ROW_CHARS:
                raise _RecordTooLong
            yield line


def _csv_records(text: io.TextIOBase, *, delimiter: str) -> Iterator[list[str]]:
    """The file's records, its failures turned into messages an officer can act on."""
    lines = _BoundedLines(text)
    records = csv.reader(lines, delimiter=delimiter)
    row = 1
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except _RecordTooLong:
            raise ValueError(_row_too_long_message(row)) from None
        except UnicodeDecodeError as error:
            # Detection only saw the first bytes; a different encoding can show up later.
            raise ValueError(_unreadable_text_message()) from error
        except csv.Error as error:
            raise ValueError(
                gettext(
                    "Row %(row)s could not be read: a cell is too long "
                    "or its quotation marks do not match."
                )
                % {"row": row}
            ) from error
        lines.record_chars = 0
        yield record
        row += 1


@dataclass(frozen=True)
class CsvRosterFormat:
    code: str = "csv"
    label: str = gettext_lazy("CSV or text file")

    def accepts(self, *, filename: str, head: bytes) -> bool:
        # UTF-16 text ("Unicode text" from Excel) is full of NUL bytes, so its BOM comes first.
        if head.startswith(UTF16_BOMS):
            return True
        if head.startswith(BINARY_SIGNATURES):
            return False
        return b"\x00" not in head

    def read(self, *, file: BinaryIO) -> Iterator[Row]:
        file.seek(0)  # the core has already read the head
        prefix = file.read(PREFIX_SIZE)
        if not prefix:
            raise ValueError(_empty_file_message())
        complete = not file.read(1)
        encoding = detect_encoding(prefix, complete=complete)
        delimiter = detect_delimiter(_sniff_sample(prefix, encoding, complete=complete))
        file.seek(0)
        text = io.TextIOWrapper(file, encoding=encoding, newline="")
        try:
            records = _csv_records(text, delimiter=delimiter)
            yield from _table_rows(records, empty_message=_empty_file_message)
        finally:
            # Closing (or garbage-collecting) the wrapper would close the caller's file. If the
            # caller has closed it already, detaching would fail flushing into it: let go only.
            if not file.closed:
                text.detach()


def _empty_sheet_message() -> str:
    return gettext("The first worksheet is empty.")


def _workbook_records(rows: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
    records = iter(rows)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except Exception as error:
            # A damaged sheet surfaces as whatever the XML or ZIP layer raises.
            raise as_value_error(error) from error
        yield record


def _with_formulas(
    values: Iterator[Sequence[object]],
    formulas: Iterator[Sequence[object]],
    uncached: set[tuple[int, int]],
) -> Iterator[Sequence[object]]:
    """The values, except that a formula whose value the file does not hold is given as its
    text (``=...``), the way the hook contract says, instead of as an empty cell."""
    columns_by_row: dict[int, list[int]] = {}
    for row, column in uncached:
        columns_by_row.setdefault(row, []).append(column)
    # Two passes over the same XML yield the same rows; strict would only turn a surprise
    # into a message no officer could act on.
    pairs = zip(values, formulas, strict=False)
    for number, (row, formula_row) in enumerate(pairs, start=1):
        columns = columns_by_row.get(number)
        if columns:
            row = list(row)
            for column in columns:
                if column <= min(len(row), len(formula_row)) and row[column - 1] is None:
                    formula = formula_row[column - 1]
                    text = getattr(formula, "text", formula)  # array formulas are objects
                    if isinstance(text, str) and text.startswith("="):
                        row[column - 1] = text
        yield row


@dataclass(frozen=True)
class XlsxRosterFormat:
    code: str = "xlsx"
    label: str = gettext_lazy("Excel workbook (XLSX)")

    def accepts(self, *, filename: str, head: bytes) -> bool:
        # The content decides: a workbook renamed .csv is still a workbook, and the reverse.
        return head.startswith(ZIP_SIGNATURE)

    def read(self, *, file: BinaryIO) -> Iterator[Row]:
        file.seek(0)
        inspection = inspect_workbook(file)
        workbook = load_guarded_workbook(file, inspection=inspection, data_only=True)
        formula_book = None
        try:
            sheets = workbook.worksheets
            if not sheets:
                raise ValueError(not_a_workbook_message())
            # A hidden first sheet (lists for drop-downs, say) is not what the officer sees.
            visible = [sheet for sheet in sheets if sheet.sheet_state == "visible"]
            sheet = (visible or sheets)[0]
            part = worksheet_part(sheet)
            if refusal := sheet_refusal(inspection, part):
                raise refusal
            # Some programs write a wrong <dimension>, which would cut rows or columns off.
            sheet.reset_dimensions()
            records = _workbook_records(sheet.iter_rows(values_only=True))
            if uncached := inspection.uncached_formulas.get(part):
                # Values and formulas come from two read-only passes over the same file, row
                # by row: openpyxl gives either the saved values or the formulas, not both.
                formula_book = load_guarded_workbook(file, inspection=inspection, data_only=False)
                formula_sheet = formula_book.worksheets[sheets.index(sheet)]
                formula_sheet.reset_dimensions()
                formulas = _workbook_records(formula_sheet.iter_rows(values_only=True))
                records = _with_formulas(records, formulas, uncached)
            yield from _table_rows(records, empty_message=_empty_sheet_message)
        finally:
            workbook.close()
            if formula_book is not None:
                formula_book.close()
