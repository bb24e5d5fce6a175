"""Hostile files against the readers: each is refused with a clear message, and reading it
never makes memory grow more than a legitimate roster does (measured in a fresh process).

The files are crafted the way the attacks were reported: a 1 MB workbook holding a 1 GB
string, a 5 MB workbook of a million rows, a CSV of one endless line, and their variants
(sizes that lie, one string just under the size limits, a row of a million cells, a DTD).
"""

import io
import json
import subprocess
import sys
import zipfile

import pytest
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.comments import Comment

from plugins.roster_formats import xlsx_guard
from plugins.roster_formats.formats import CsvRosterFormat, XlsxRosterFormat
from tests.conftest import PROJECT_ROOT
from tests.plugins.roster_formats import crafted

pytestmark = pytest.mark.slow  # hostile files of hundreds of megabytes, inflated on purpose

XLSX = XlsxRosterFormat()
CSV = CsvRosterFormat()
GROWTH_LIMIT_MB = 100  # reading a legitimate 50,000-row roster stays well under this
HEADER = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'


def measure(tmp_path, data: bytes, format_code: str = "xlsx") -> dict:
    path = tmp_path / f"file.{format_code}"
    path.write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-m", "tests.plugins.roster_formats.measure_reading", format_code, path],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def refusal(data: bytes) -> str:
    with override("en"), pytest.raises(ValueError) as error:
        list(XLSX.read(file=io.BytesIO(data)))
    return str(error.value)


def strings_part(prefix: str, block: bytes, count: int, suffix: str) -> crafted.Part:
    head = crafted.DECLARATION + f'<sst xmlns="{crafted.MAIN}"><si><t>{prefix}'.encode()
    return crafted.repeated_part(
        "xl/sharedStrings.xml", head, block, count, f"{suffix}</t></si></sst>".encode()
    )


def header_sheet(rows: str = "") -> crafted.Part:
    return crafted.part("xl/worksheets/sheet1.xml", crafted.sheet_xml(HEADER + rows))


@pytest.fixture(scope="module")
def gigabyte_string_bomb() -> bytes:
    """The reported file: about 1 MB, with a shared string of 1 GB."""
    strings = strings_part("", b"A" * (1 << 20), 1024, "</t></si><si><t>Mã cán bộ")
    data = crafted.archive(crafted.package_parts(sheet=header_sheet(), strings=strings))
    assert len(data) < 2 * 1024 * 1024 and strings.size > 1 << 30
    return data


def test_a_gigabyte_string_is_refused_before_it_is_inflated(gigabyte_string_bomb, tmp_path):
    assert "200 MB" in refusal(gigabyte_string_bomb)
    result = measure(tmp_path, gigabyte_string_bomb)
    assert result["outcome"].startswith("refused:")
    assert result["growth_mb"] < GROWTH_LIMIT_MB, result


def test_a_part_that_inflates_beyond_its_declared_size_is_refused(tmp_path):
    strings = strings_part("", b"A" * (1 << 20), 1024, "")
    strings.declared_size = 4096  # the directory lies: 4 KB
    data = crafted.archive(crafted.package_parts(sheet=header_sheet(), strings=strings))
    message = refusal(data)
    assert "Excel" in message
    result = measure(tmp_path, data)
    assert result["outcome"].startswith("refused:")
    assert result["growth_mb"] < GROWTH_LIMIT_MB, result


def test_one_string_under_the_size_limits_but_longer_than_any_cell_is_refused(tmp_path):
    # 30 MB: under the shared strings limit, far longer than a cell; openpyxl would build it.
    strings = strings_part("", b"A" * (1 << 20), 30, "")
    data = crafted.archive(crafted.package_parts(sheet=header_sheet(), strings=strings))
    assert "no spreadsheet program writes" in refusal(data)
    result = measure(tmp_path, data)
    assert result["outcome"].startswith("refused:")
    assert result["growth_mb"] < 40, result  # the string alone would be 30 MB, 4 times over


def test_a_million_row_workbook_stops_at_the_row_limit_in_bounded_memory(tmp_path):
    rows = "".join(
        '<row><c t="inlineStr"><is><t>Nguyễn Văn An</t></is></c>'
        '<c t="inlineStr"><is><t>BDG-1</t></is></c></row>'
        for _ in range(1000)
    ).encode()
    sheet = crafted.repeated_part(
        "xl/worksheets/sheet1.xml",
        crafted.DECLARATION
        + f'<worksheet xmlns="{crafted.MAIN}"><sheetData>'.encode()
        + HEADER.replace('t="s"><v>0</v>', 't="inlineStr"><is><t>Họ và tên</t></is>')
        .replace('t="s"><v>1</v>', 't="inlineStr"><is><t>Mã cán bộ</t></is>')
        .encode(),
        rows,
        1000,
        b"</sheetData></worksheet>",
    )
    data = crafted.archive(crafted.package_parts(sheet=sheet))
    assert len(data) < 5 * 1024 * 1024
    result = measure(tmp_path, data)
    assert result["outcome"].startswith("refused: ") and "100,000" in result["outcome"], result
    assert result["growth_mb"] < GROWTH_LIMIT_MB, result


def test_a_row_of_a_million_cells_is_refused(tmp_path):
    sheet = crafted.repeated_part(
        "xl/worksheets/sheet1.xml",
        crafted.DECLARATION + f'<worksheet xmlns="{crafted.MAIN}"><sheetData><row>'.encode(),
        b'<c t="inlineStr"><is><t>x</t></is></c>' * 1000,
        1000,
        b"</row></sheetData></worksheet>",
    )
    data = crafted.archive(crafted.package_parts(sheet=sheet))
    assert "no spreadsheet program writes" in refusal(data)
    result = measure(tmp_path, data)
    assert result["outcome"].startswith("refused:")
    assert result["growth_mb"] < GROWTH_LIMIT_MB, result


def test_a_row_numbered_beyond_excel_is_refused():
    # openpyxl would yield a billion empty rows to fill the gap, one by one.
    data = crafted.workbook([["Họ và tên", "Mã cán bộ"]])
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml").replace(
            b"</sheetData>",
            b'<row r="999999999"><c t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        )
    parts = crafted.package_parts(sheet=crafted.part("xl/worksheets/sheet1.xml", sheet))
    assert "no spreadsheet program writes" in refusal(crafted.archive(parts))


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        b'<!DOCTYPE sst SYSTEM "file:///etc/passwd">',
    ],
    ids=["entities", "external"],
)
def test_a_dtd_is_refused(doctype):
    strings = crafted.part(
        "xl/sharedStrings.xml",
        crafted.DECLARATION
        + doctype
        + f'<sst xmlns="{crafted.MAIN}"><si><t>Họ và tên</t></si></sst>'.encode(),
    )
    data = crafted.archive(crafted.package_parts(sheet=header_sheet(), strings=strings))
    assert "no spreadsheet program writes" in refusal(data)


def test_a_directory_of_too_many_entries_is_refused_before_zipfile_reads_it():
    parts = crafted.package_parts(sheet=header_sheet())
    parts += [crafted.part(f"junk/{index}", b"") for index in range(xlsx_guard.MAX_PARTS)]
    assert "no spreadsheet program writes" in refusal(crafted.archive(parts))


def test_rows_where_the_shared_strings_should_be_are_refused():
    # openpyxl keeps only <si> elements of the strings part: rows there would pile up.
    rows = crafted.sheet_xml(crafted.inline_row(1, ["Họ và tên"]))
    strings = crafted.part("xl/sharedStrings.xml", rows)
    data = crafted.archive(crafted.package_parts(sheet=header_sheet(), strings=strings))
    assert "no spreadsheet program writes" in refusal(data)


def test_a_huge_csv_line_is_refused_in_bounded_memory(tmp_path):
    # 40 MB on one line: twenty million cells if the reader took the line whole.
    data = "Họ và tên,Mã cán bộ\n".encode() + b"a," * (20 * 1024 * 1024)
    result = measure(tmp_path, data, "csv")
    assert result["outcome"].startswith("refused: Row 2"), result
    assert result["growth_mb"] < GROWTH_LIMIT_MB, result


def test_a_csv_record_of_endless_quoted_lines_is_refused():
    # Line breaks inside quotes keep one record going: it is bounded as a whole.
    data = "Họ và tên,Ghi chú\n".encode() + b"An," + b'"x\n",' * 400_000 + b"\n"
    with override("en"), pytest.raises(ValueError, match="Row 2 holds more than"):
        list(CSV.read(file=io.BytesIO(data)))


def test_a_legitimate_workbook_with_notes_and_styles_still_reads():
    """Cell notes add VML and comment parts: nothing that looks unusual to the scan."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Mã cán bộ", "Ngày sinh"])
    sheet.append(["Nguyễn Văn An", "BDG-1", "15/03/1985"])
    sheet["A2"].comment = Comment("Chuyển từ Sở Nội vụ", "HR")
    sheet.merge_cells("D1:E1")
    buffer = io.BytesIO()
    book.save(buffer)
    assert list(XLSX.read(file=buffer)) == [
        (2, {"Họ và tên": "Nguyễn Văn An", "Mã cán bộ": "BDG-1", "Ngày sinh": "15/03/1985"})
    ]
