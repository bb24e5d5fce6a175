"""The bundled roster readers: every sample file, the encodings, and the failure cases."""

import codecs
import csv
import importlib.util
import io
import sys
import tracemalloc
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.utils.translation import override
from openpyxl import Workbook, load_workbook

from plugins.roster_formats import hooks
from plugins.roster_formats.formats import (
    PREFIX_SIZE,
    CsvRosterFormat,
    XlsxRosterFormat,
    cell_text,
    detect_delimiter,
    detect_encoding,
)

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "rosters"
CSV = CsvRosterFormat()
XLSX = XlsxRosterFormat()

VI_HEADERS = [
    "Họ và tên",
    "Số định danh cá nhân",
    "Mã cán bộ",
    "Ngày sinh",
    "Mã đơn vị",
    "Tên đơn vị",
    "Nhóm vị trí",
    "Chuyên trách CNTT",
    "Ghi chú",
]
EN_HEADERS = [
    "Full name",
    "National ID",
    "Employee code",
    "Date of birth",
    "Unit code",
    "Unit name",
    "Position",
    "IT officer",
    "Notes",
]
XLSX_HEADERS = [
    "Unit code",
    "Employee code",
    "Full name",
    "National ID",
    "Date of birth",
    "Position",
    "IT officer",
    "Unit name",
    "Notes",
]
# Written out by hand rather than imported from make_samples.py, so that a mistake there shows.
VI_ROWS = {
    2: ["Nguyễn Văn An", "074190001111", "BDG-90001", "15/03/1985", "HCM-TK", "Phường Tân Khánh", "Công chức", "Không", ""],
    3: ["Trần Thị Bình", "074190002222", "BDG-90002", "1990-07-02", "", "Phường Tân Uyên", "Viên chức", "Có", "chuyển từ Sở Nội vụ"],
    4: ["Lê Hoàng Cường", "", "BDG-90003", "01/01/1979", "HCM-TU", "", "Lãnh đạo", "Không", ""],
    5: ["", "074190004444", "BDG-90004", "02/02/1992", "HCM-TK", "Phường Tân Khánh", "Công chức", "Không", ""],
    6: ["Phạm Thị Dung", "07419000555", "BDG-90005", "12/12/1991", "HCM-TK", "", "Người lao động", "Không", ""],
    7: ["Hồ Văn Em", "074190006666", "BDG-90006", "10/10/1988", "XX-KHONG-CO", "", "Công chức", "Không", ""],
    8: ["Võ Thị Giang", "074190001111", "BDG-90007", "03/04/1993", "HCM-TU", "Phường Tân Uyên", "Viên chức", "Không", ""],
    9: ["Đặng Văn Hải", "074190008888", "BDG-90008", "31/02/1987", "", "Phường Tân Khánh", "Công chức", "Không", ""],
    10: ["Bùi Thị Lan", "074190009999", "BDG-90009", "05/05/1995", "HCM-SKHCN", "Sở Khoa học và Công nghệ", "Công chức", "Có", ""],
}  # fmt: skip
ASCII_ROWS = {
    2: ["Nguyen Van An", "074190001111", "BDG-90001", "15/03/1985", "HCM-TK", "Phuong Tan Khanh", "Cong chuc", "Khong", ""],
    3: ["Tran Thi Binh", "074190002222", "BDG-90002", "1990-07-02", "", "Phuong Tan Uyen", "Vien chuc", "Co", "chuyen tu So Noi vu"],
    4: ["Lê Hoàng Cuong", "", "BDG-90003", "01/01/1979", "HCM-TU", "", "Lanh dao", "Khong", ""],
    5: ["", "074190004444", "BDG-90004", "02/02/1992", "HCM-TK", "Phuong Tan Khanh", "Cong chuc", "Khong", ""],
    6: ["Pham Thi Dung", "07419000555", "BDG-90005", "12/12/1991", "HCM-TK", "", "Nguoi lao dong", "Khong", ""],
    7: ["Ho Van Em", "074190006666", "BDG-90006", "10/10/1988", "XX-KHONG-CO", "", "Cong chuc", "Khong", ""],
    8: ["Vo Thi Giang", "074190001111", "BDG-90007", "03/04/1993", "HCM-TU", "Phuong Tan Uyen", "Vien chuc", "Khong", ""],
    9: ["Dang Van Hai", "074190008888", "BDG-90008", "31/02/1987", "", "Phuong Tan Khanh", "Cong chuc", "Khong", ""],
    10: ["Bui Thi Lan", "074190009999", "BDG-90009", "05/05/1995", "HCM-SKHCN", "So Khoa hoc va Cong nghe", "Cong chuc", "Co", ""],
}  # fmt: skip
ISO_DATES = {
    2: "1985-03-15",
    3: "1990-07-02",
    4: "1979-01-01",
    5: "1992-02-02",
    6: "1991-12-12",
    7: "1988-10-10",
    8: "1993-04-03",
    9: "31/02/1987",  # no such day: the workbook holds it as text
    10: "1995-05-05",
}
XLSX_ROWS = {
    number: dict(zip(VI_HEADERS, [*cells[:3], ISO_DATES[number], *cells[4:]], strict=True))
    for number, cells in VI_ROWS.items()
}

# file name, encoding detection should pick, separator, headers, rows
CSV_SAMPLES = [
    ("roster_utf8.csv", "utf-8", ",", VI_HEADERS, VI_ROWS),
    ("roster_utf8_bom.csv", "utf-8-sig", ";", VI_HEADERS, VI_ROWS),
    ("roster_utf16.txt", "utf-16", "\t", VI_HEADERS, VI_ROWS),
    ("roster_cp1258.csv", "cp1258", ";", VI_HEADERS, VI_ROWS),
    # Without the Vietnamese-only letters cp1252 cannot hold; "Lê Hoàng" keeps its cp1252 accents.
    ("roster_cp1252.csv", "cp1252", ",", EN_HEADERS, ASCII_ROWS),
]


def read_all(roster_format, path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open("rb") as file:
        return list(roster_format.read(file=file))


def read_bytes(roster_format, data: bytes) -> list[tuple[int, dict[str, str]]]:
    return list(roster_format.read(file=io.BytesIO(data)))


def head_of(path: Path) -> bytes:
    with path.open("rb") as file:
        return file.read(8 * 1024)


def error_message(excinfo: pytest.ExceptionInfo[ValueError]) -> str:
    return str(excinfo.value)


# --- The sample files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "headers", "rows"),
    CSV_SAMPLES,
    ids=[sample[0] for sample in CSV_SAMPLES],
)
def test_csv_samples_read_exactly(name, encoding, delimiter, headers, rows):
    path = SAMPLES / name
    assert CSV.accepts(filename=name, head=head_of(path))
    assert not XLSX.accepts(filename=name, head=head_of(path))

    result = read_all(CSV, path)

    assert [number for number, _ in result] == list(range(2, 11))
    for number, row in result:
        assert list(row) == headers
        assert row == dict(zip(headers, rows[number], strict=True)), f"row {number}"
        for value in (*row, *row.values()):
            assert unicodedata.is_normalized("NFC", value)


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [sample[:3] for sample in CSV_SAMPLES],
    ids=[sample[0] for sample in CSV_SAMPLES],
)
def test_detection_picks_the_intended_encoding_and_separator(name, encoding, delimiter):
    data = (SAMPLES / name).read_bytes()

    assert detect_encoding(data[:PREFIX_SIZE], complete=True) == encoding
    text = codecs.decode(data, encoding)
    assert detect_delimiter("".join(text.splitlines(keepends=True)[:5])) == delimiter


def test_cp1258_sample_really_holds_windows_1258_tone_marks():
    data = (SAMPLES / "roster_cp1258.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    # Tones are separate combining marks after the vowel (ê, then 0xDE: combining tilde), as
    # Vietnamese Windows writes them; ă is a letter of its own (0xE3).
    assert b"Nguy\xea\xden V\xe3n An" in data
    assert "Họ và tên" not in unicodedata.normalize("NFC", data.decode("cp1252"))

    rows = dict(read_all(CSV, SAMPLES / "roster_cp1258.csv"))

    assert list(rows[2]) == VI_HEADERS
    assert rows[2]["Họ và tên"] == "Nguyễn Văn An"
    assert rows[3]["Họ và tên"] == "Trần Thị Bình"
    assert rows[3]["Ghi chú"] == "chuyển từ Sở Nội vụ"
    assert rows[9]["Họ và tên"] == "Đặng Văn Hải"


def test_xlsx_sample_reads_dates_as_iso_and_ids_as_text():
    path = SAMPLES / "roster.xlsx"
    assert XLSX.accepts(filename="roster.xlsx", head=head_of(path))
    assert not CSV.accepts(filename="roster.xlsx", head=head_of(path))

    result = read_all(XLSX, path)

    assert [number for number, _ in result] == list(range(2, 11))
    for number, row in result:
        assert list(row) == XLSX_HEADERS
        expected = XLSX_ROWS[number]
        assert row == {
            english: expected[VI_HEADERS[EN_HEADERS.index(english)]] for english in XLSX_HEADERS
        }, f"row {number}"
    rows = dict(result)
    assert rows[2]["Date of birth"] == "1985-03-15"
    assert rows[2]["National ID"] == "074190001111"
    assert rows[6]["National ID"] == "07419000555"
    assert rows[9]["Date of birth"] == "31/02/1987"
    assert rows[5]["Full name"] == ""


def test_xlsx_sample_stores_real_dates_and_text_ids():
    # What the reader is tested against must be what Excel would hold, not strings everywhere.
    workbook = load_workbook(SAMPLES / "roster.xlsx")
    sheet = workbook.worksheets[0]
    assert sheet["E2"].is_date
    assert sheet["E9"].data_type == "s"
    assert sheet["D2"].data_type == "s"
    assert sheet["D6"].value == "07419000555"


@pytest.mark.parametrize("separator", [";", ",", "\t"])
@pytest.mark.parametrize("control", ["\x1c", "\x1d", "\x1e", "\x85", "\u2028"])
def test_a_header_cell_holding_a_unicode_line_separator_keeps_its_row_whole(control, separator):
    """Found by fuzzing: str.splitlines broke the header at U+001E, the separator was guessed
    from the first half, and the file was refused for lacking a name column."""
    text = f"0{control}{separator}Mã cán bộ{separator}Họ và tên\r\n{separator}G-1{separator}An\r\n"
    assert detect_delimiter(text) == separator
    [(number, row)] = list(CSV.read(file=io.BytesIO(text.encode("utf-8"))))
    assert (number, row["Mã cán bộ"], row["Họ và tên"]) == (2, "G-1", "An")


def test_png_is_accepted_by_neither_format():
    path = SAMPLES / "not_a_roster.png"
    head = head_of(path)
    assert head.startswith(b"\x89PNG\r\n\x1a\n")
    for roster_format in (CSV, XLSX):
        assert not roster_format.accepts(filename="roster.csv", head=head)
        assert not roster_format.accepts(filename="not_a_roster.png", head=head)


def test_png_sample_is_a_real_image():
    from PIL import Image

    with Image.open(SAMPLES / "not_a_roster.png") as image:
        image.load()
        assert image.size == (1, 1)


def test_empty_file_is_an_error():
    path = SAMPLES / "empty.csv"
    assert CSV.accepts(filename="empty.csv", head=head_of(path))  # so the officer hears why

    with override("en"), pytest.raises(ValueError) as excinfo:
        read_all(CSV, path)

    assert error_message(excinfo) == "The file is empty."


def test_header_only_file_has_no_rows_and_no_error():
    assert read_all(CSV, SAMPLES / "header_only.csv") == []


def test_committed_samples_match_the_script(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # no __pycache__ among the samples
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    make_samples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_samples)

    written = make_samples.write_samples(tmp_path)

    assert {path.name for path in written} == {
        path.name
        for path in SAMPLES.iterdir()
        if path.is_file() and path.suffix != ".py" and path.name != "README.md"
    }
    for path in written:
        if path.suffix == ".xlsx":
            # The bytes depend on the openpyxl version; the content must not.
            assert read_all(XLSX, path) == read_all(XLSX, SAMPLES / path.name)
        else:
            assert path.read_bytes() == (SAMPLES / path.name).read_bytes(), path.name


# --- accepts() -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"GIF89a\x01\x00\x01\x00",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
        b"MZ\x90\x00\x03\x00\x00\x00",  # no signature listed, but NUL bytes: not text
    ],
    ids=["png", "jpeg", "gif", "pdf", "zip", "xls", "exe"],
)
def test_csv_rejects_binary_files(head):
    assert not CSV.accepts(filename="roster.csv", head=head)


def test_csv_accepts_utf16_despite_its_nul_bytes():
    head = codecs.BOM_UTF16_LE + "Họ và tên\tGhi chú\r\n".encode("utf-16-le")
    assert b"\x00" in head
    assert CSV.accepts(filename="roster.txt", head=head)
    head = codecs.BOM_UTF16_BE + "Họ và tên\tGhi chú\r\n".encode("utf-16-be")
    assert CSV.accepts(filename="roster.txt", head=head)


def test_xlsx_decides_by_content_not_by_name():
    zip_head = (SAMPLES / "roster.xlsx").read_bytes()[:8192]
    assert XLSX.accepts(filename="danh-sach.csv", head=zip_head)
    assert not XLSX.accepts(filename="danh-sach.xlsx", head=b"Full name,National ID\r\n")
    assert not XLSX.accepts(filename="danh-sach.xlsx", head=b"")


def test_codes_labels_and_hook():
    with override("en"):
        assert (CSV.code, str(CSV.label)) == ("csv", "CSV or text file")
        assert (XLSX.code, str(XLSX.label)) == ("xlsx", "Excel workbook (XLSX)")
    registered = hooks.register_roster_formats()
    # The workbook check must come first: the CSV reader is the catch-all for text.
    assert [roster_format.code for roster_format in registered] == ["xlsx", "csv"]


# --- Encoding detection ----------------------------------------------------------------------


def test_detect_encoding_boms_win():
    assert detect_encoding(codecs.BOM_UTF8 + b"a,b") == "utf-8-sig"
    assert detect_encoding(codecs.BOM_UTF16_LE + "a\tb".encode("utf-16-le")) == "utf-16"
    assert detect_encoding(codecs.BOM_UTF16_BE + "a\tb".encode("utf-16-be")) == "utf-16"


def test_detect_encoding_tolerates_a_prefix_cut_inside_a_character():
    data = ("Nguyễn Văn An;Đặng Văn Hải\r\n" * 50).encode()
    for cut in range(len(data) - 40, len(data)):
        assert detect_encoding(data[:cut]) == "utf-8", cut


def test_detect_encoding_does_not_excuse_a_broken_end_of_file():
    # "Hoá" in cp1258 ends in 0xE1, which starts a 3-byte UTF-8 sequence: inside the file it
    # may be a character the prefix cut in half, at the end of the file it cannot.
    data = b"Ho\xe1"
    assert detect_encoding(data) == "utf-8"
    assert detect_encoding(data, complete=True) != "utf-8"


def test_detect_encoding_ascii_is_utf8():
    assert detect_encoding(b"Full name,National ID\r\nNguyen Van An,074190001111\r\n") == "utf-8"
    assert detect_encoding(b"") == "utf-8"


@pytest.mark.parametrize(
    "text",
    [
        "Họ và tên;Ghi chú\r\nNguyễn Văn An;chuyển từ Sở Nội vụ\r\n",
        "Đặng Văn Hải\r\n",
        "Trần Thị Bình\r\n",
        "Lê Hoàng Cường, Phạm Thị Dung, Hồ Văn Em, Võ Thị Giang, Bùi Thị Lan\r\n",
    ],
)
def test_detect_encoding_recognises_windows_1258(text):
    data = _windows_1258(text)
    assert detect_encoding(data, complete=True) == "cp1258"
    assert unicodedata.normalize("NFC", data.decode("cp1258")) == text


def _windows_1258(text: str) -> bytes:
    tones = "\u0300\u0301\u0303\u0309\u0323"
    pieces = []
    for character in text:
        marks = unicodedata.normalize("NFD", character)
        base = unicodedata.normalize("NFC", "".join(mark for mark in marks if mark not in tones))
        pieces.append(base + "".join(mark for mark in marks if mark in tones))
    return "".join(pieces).encode("cp1258")


@pytest.mark.parametrize(
    "text",
    [
        "Name;City\r\nMüller;Zürich\r\nGarçon;Besançon\r\n",
        "Name,Notes\r\nJosé Peña,Señor\r\n",
        # Vietnamese typed on English Windows keeps the accents cp1252 has: decoded as cp1258,
        # "Hòa" would turn into "Ḥa" and "Bình" into "B́nh".
        "Ho và tên\r\nNgô Thi Hòa\r\nLê Bình\r\n",
        "Name,Amount\r\nAnn,€12\r\n",
    ],
)
def test_detect_encoding_recognises_windows_1252(text):
    data = text.encode("cp1252")
    assert detect_encoding(data, complete=True) == "cp1252"


def test_detect_encoding_rejects_bytes_no_supported_code_page_has():
    # 0x81 and 0x8D are undefined in both Windows-1252 and Windows-1258.
    with override("en"), pytest.raises(ValueError, match="could not be read"):
        detect_encoding(b"abc\x81\x8d", complete=True)


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ("a;b;c\r\n1;2;3\r\n", ";"),
        ("a,b,c\n1,2,3\n", ","),
        ("a\tb\tc\r\n1\t2\t3\r\n", "\t"),
        # Commas inside the data, semicolons between the columns.
        ("Họ và tên;Ghi chú\r\nAn;chuyển công tác, 2023\r\nBình;nghỉ, ốm\r\n", ";"),
        ('name,note\r\nAn,"a; b; c"\r\nBinh,"d; e"\r\n', ","),
        ("Họ và tên\r\nAn\r\n", ","),  # one column: any separator reads it
        ("Họ và tên;Mã cán bộ", ";"),  # a header alone
        ("", ","),
    ],
)
def test_detect_delimiter(sample, delimiter):
    assert detect_delimiter(sample) == delimiter


# --- CSV reading -----------------------------------------------------------------------------


def test_crlf_and_quoted_fields_holding_the_separator():
    data = (
        b"Full name;Notes;Unit code\r\n"
        b'"Nguyen; Van An";"says ""hi""; twice";BDG-TU-KB\r\n'
        b'Tran Thi Binh;"two\r\nlines";BDG-TU-UH\r\n'
        b"Le Hoang Cuong;;BDG-TU-UBND\r\n"
    )

    rows = read_bytes(CSV, data)

    assert rows == [
        (2, {"Full name": "Nguyen; Van An", "Notes": 'says "hi"; twice', "Unit code": "BDG-TU-KB"}),
        # A cell spanning two lines is still one spreadsheet row.
        (3, {"Full name": "Tran Thi Binh", "Notes": "two\r\nlines", "Unit code": "BDG-TU-UH"}),
        (4, {"Full name": "Le Hoang Cuong", "Notes": "", "Unit code": "BDG-TU-UBND"}),
    ]


def test_extra_cells_are_ignored_and_missing_cells_are_empty():
    data = "Họ và tên,Mã cán bộ,Ghi chú\nAn,BDG-1,x,EXTRA,MORE\nBình\nCường,BDG-3\n".encode()

    rows = read_bytes(CSV, data)

    assert rows == [
        (2, {"Họ và tên": "An", "Mã cán bộ": "BDG-1", "Ghi chú": "x"}),
        (3, {"Họ và tên": "Bình", "Mã cán bộ": "", "Ghi chú": ""}),
        (4, {"Họ và tên": "Cường", "Mã cán bộ": "BDG-3", "Ghi chú": ""}),
    ]


def test_empty_rows_are_skipped_but_counted():
    data = b"name,code\r\nAn,1\r\n\r\n ,\t\r\nBinh,2\r\n,,,,extra only\r\nCuong\r\n"

    rows = read_bytes(CSV, data)

    assert rows == [
        (2, {"name": "An", "code": "1"}),
        (5, {"name": "Binh", "code": "2"}),
        (7, {"name": "Cuong", "code": ""}),
    ]


def test_cells_and_headers_are_stripped_and_nfc():
    nfd = unicodedata.normalize("NFD", "Họ và tên,Ghi chú\n  Nguyễn Văn An\t ,\u00a0x\u00a0\n")
    assert nfd != unicodedata.normalize("NFC", nfd)

    rows = read_bytes(CSV, nfd.encode())

    assert rows == [(2, {"Họ và tên": "Nguyễn Văn An", "Ghi chú": "x"})]


def test_unnamed_columns_are_dropped():
    rows = read_bytes(CSV, b"name,,code,\r\nAn,?,1,?\r\n")
    assert rows == [(2, {"name": "An", "code": "1"})]


@pytest.mark.parametrize(
    "data",
    [b"\r\nname,code\r\nAn,1\r\n", b",,\r\nAn,1\r\n", b" ; ;\r\n", b"\xef\xbb\xbf\r\n"],
    ids=["blank-first-line", "empty-names", "blank-names", "bom-and-newline"],
)
def test_first_row_must_name_the_columns(data):
    with override("en"), pytest.raises(ValueError) as excinfo:
        read_bytes(CSV, data)
    assert error_message(excinfo) == "The first row must hold the column names."


def test_bom_alone_counts_as_empty():
    with override("en"), pytest.raises(ValueError, match=r"^The file is empty\.$"):
        read_bytes(CSV, codecs.BOM_UTF8)


def test_repeated_column_name_is_an_error():
    with override("en"), pytest.raises(ValueError) as excinfo:
        read_bytes(CSV, "Họ và tên,Ghi chú,Ghi chú \nAn,a,b\n".encode())
    assert error_message(excinfo) == "The column “Ghi chú” appears more than once in the first row."


def test_message_is_translated_when_the_language_is_vietnamese():
    # Not asserting the wording: only that the error reaches the officer as a non-empty text.
    with override("vi"), pytest.raises(ValueError) as excinfo:
        read_bytes(CSV, b"")
    assert error_message(excinfo).strip()


def test_undecodable_bytes_after_the_detection_prefix_are_a_clear_error():
    # The first 64 KiB are ASCII, so the file is read as UTF-8; then a cp1258 "ơ" shows up.
    data = b"name,code\r\n" + b"Nguyen Van An,BDG-1\r\n" * 4000 + b"Nguy\xf5n,BDG-2\r\n"
    assert len(data) > PREFIX_SIZE

    with override("en"), pytest.raises(ValueError) as excinfo:
        read_bytes(CSV, data)

    assert error_message(excinfo).startswith("The file contains characters that could not")
    assert not isinstance(excinfo.value, UnicodeDecodeError)


def test_unbalanced_quote_is_a_clear_error():
    # The open quote swallows the rest of the file until the cell passes the csv size limit.
    data = b'name,note\r\nAn,"open quote\r\n' + b"Binh,text\r\n" * 20_000
    assert len(data) > csv.field_size_limit()

    with override("en"), pytest.raises(ValueError, match=r"^Row 2 could not be read"):
        read_bytes(CSV, data)


def test_reading_starts_from_the_beginning_and_leaves_the_file_open():
    data = (SAMPLES / "roster_utf8_bom.csv").read_bytes()
    file = io.BytesIO(data)
    head = file.read(8192)  # what the core does before choosing a format
    assert CSV.accepts(filename="roster.csv", head=head)

    rows = list(CSV.read(file=file))

    assert [number for number, _ in rows] == list(range(2, 11))
    assert not file.closed
    file.seek(0)
    assert file.read() == data


def test_a_reader_left_half_way_does_not_close_the_file():
    file = io.BytesIO((SAMPLES / "roster_utf16.txt").read_bytes())
    rows = CSV.read(file=file)
    assert next(rows)[0] == 2
    rows.close()
    assert not file.closed


@pytest.mark.parametrize(
    ("name", "roster_format"),
    [("roster_cp1258.csv", CSV), ("roster_utf16.txt", CSV), ("roster.xlsx", XLSX)],
)
def test_reads_the_file_objects_django_hands_over(name, roster_format):
    # Uploads and storage files are proxies, not io objects: the readers must cope with them.
    from django.core.files import File
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, (SAMPLES / name).read_bytes())
    assert len(list(roster_format.read(file=upload))) == 9
    assert not upload.closed
    with (SAMPLES / name).open("rb") as handle:
        stored = File(handle, name=name)
        assert len(list(roster_format.read(file=stored))) == 9
        assert not stored.closed


def test_streams_a_large_file_in_bounded_memory(tmp_path):
    path = tmp_path / "large.csv"
    note = "chuyển công tác từ Sở Nội vụ tỉnh Bình Dương về Ủy ban nhân dân thành phố " * 5
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(VI_HEADERS)
        for index in range(50_000):
            writer.writerow(
                [
                    f"Nguyễn Văn {index}",
                    f"0741{index:08d}",
                    f"BDG-{index:06d}",
                    "15/03/1985",
                    "BDG-TU-KB",
                    "Công chức",
                    "Không",
                    note,
                ]
            )
    # Big enough that holding even just the file's bytes in memory would break the limit below.
    limit = 20 * 1024 * 1024
    assert path.stat().st_size > limit

    count = 0
    last = None
    tracemalloc.start()
    try:
        with path.open("rb") as file:
            for number, row in CSV.read(file=file):
                count += 1
                last = number, row["Mã cán bộ"]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 50_000
    assert last == (50_001, "BDG-049999")
    assert peak < limit, f"peak {peak / 1024 / 1024:.1f} MiB"


# --- XLSX reading ----------------------------------------------------------------------------


def workbook_bytes(*sheets: list[list[object]], hidden_first: bool = False) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, rows in enumerate(sheets):
        sheet = workbook.create_sheet(f"Sheet{index + 1}")
        for row in rows:
            sheet.append(row)
    if hidden_first:
        workbook.worksheets[0].sheet_state = "hidden"
        workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_cell_types():
    from datetime import date, datetime, time

    data = workbook_bytes(
        [
            ["Text", "Int", "Float", "Whole float", "Date", "Datetime", "Time", "Bool", "None"],
            [
                "  Nguyễn  ",
                74190001111,
                1.5,
                12.0,
                date(1985, 3, 15),
                datetime(1990, 7, 2, 8, 30),
                time(8, 30),
                True,
                None,
            ],
        ]
    )

    rows = read_bytes(XLSX, data)

    assert rows == [
        (
            2,
            {
                "Text": "Nguyễn",
                "Int": "74190001111",
                "Float": "1.5",
                "Whole float": "12",
                "Date": "1985-03-15",
                "Datetime": "1990-07-02",
                "Time": "08:30:00",
                "Bool": "TRUE",
                "None": "",
            },
        )
    ]


def test_xlsx_gaps_keep_the_row_numbers_a_spreadsheet_shows():
    data = workbook_bytes(
        [["Name", "Code"], ["An", "1"], [None, None], [], ["Binh"], [None, None, "extra"]]
    )

    assert read_bytes(XLSX, data) == [
        (2, {"Name": "An", "Code": "1"}),
        (5, {"Name": "Binh", "Code": ""}),
    ]


def test_xlsx_reads_the_first_visible_sheet():
    data = workbook_bytes([["Lists"], ["Công chức"]], [["Name"], ["An"]], hidden_first=True)
    assert read_bytes(XLSX, data) == [(2, {"Name": "An"})]


def test_xlsx_header_only_and_empty_sheet():
    assert read_bytes(XLSX, workbook_bytes([["Name", "Code"]])) == []
    with override("en"), pytest.raises(ValueError, match=r"^The first worksheet is empty\.$"):
        read_bytes(XLSX, workbook_bytes([]))
    with override("en"), pytest.raises(ValueError, match="column names"):
        read_bytes(XLSX, workbook_bytes([[None, None], ["An", "1"]]))


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + bytes(range(256)) * 20,
        b"PK\x03\x04",
        b"not a zip at all",
    ],
    ids=["garbage-after-signature", "signature-only", "text"],
)
def test_corrupt_xlsx_is_a_clear_error(tmp_path, data):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(data)

    with override("en"), pytest.raises(ValueError) as excinfo:
        read_all(XLSX, path)

    assert error_message(excinfo) == "The file could not be read as an Excel workbook."


def test_zip_that_is_not_a_workbook_is_a_clear_error(tmp_path):
    path = tmp_path / "document.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert XLSX.accepts(filename=path.name, head=head_of(path))

    with override("en"), pytest.raises(ValueError, match="Excel workbook"):
        read_all(XLSX, path)


def test_damaged_sheet_inside_a_valid_workbook_is_a_clear_error(tmp_path):
    source = io.BytesIO(workbook_bytes([["Name"], *[[f"An {index}"] for index in range(50)]]))
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as damaged:
        for info in original.infolist():
            content = original.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]  # cut off mid-XML
            damaged.writestr(info, content)

    with override("en"), pytest.raises(ValueError, match="Excel workbook"):
        read_all(XLSX, path)


def test_xlsx_leaves_the_file_open():
    file = io.BytesIO((SAMPLES / "roster.xlsx").read_bytes())
    file.read(8192)
    assert len(list(XLSX.read(file=file))) == 9
    assert not file.closed


# --- cell_text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  a\u00a0", "a"),
        (7, "7"),
        (7.0, "7"),
        (7.25, "7.25"),
        (False, "FALSE"),
        (unicodedata.normalize("NFD", "Đặng"), "Đặng"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text
