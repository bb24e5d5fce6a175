"""Write the sample roster files next to this script (or into the folder given as argument).

    .venv/bin/python tests/data/rosters/make_samples.py

Every file holds the same roster, written the way the program that usually produces that
encoding writes it. The output is byte-for-byte reproducible.
"""

import csv
import io
import re
import struct
import sys
import unicodedata
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

HERE = Path(__file__).resolve().parent

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
# Spreadsheet rows 2 to 10, columns in the order of the headers above. The units are those
# open since the 1 July 2025 reform (Bình Dương is part of Hồ Chí Minh City; see
# lms/demo/merger.py): the wards Tân Khánh and Tân Uyên, and a city department. Rows name
# their unit by code, by name, or both.
ROWS = [
    ["Nguyễn Văn An", "074190001111", "BDG-90001", "15/03/1985", "HCM-TK", "Phường Tân Khánh", "Công chức", "Không", ""],
    ["Trần Thị Bình", "074190002222", "BDG-90002", "1990-07-02", "", "Phường Tân Uyên", "Viên chức", "Có", "chuyển từ Sở Nội vụ"],
    ["Lê Hoàng Cường", "", "BDG-90003", "01/01/1979", "HCM-TU", "", "Lãnh đạo", "Không", ""],
    ["", "074190004444", "BDG-90004", "02/02/1992", "HCM-TK", "Phường Tân Khánh", "Công chức", "Không", ""],
    ["Phạm Thị Dung", "07419000555", "BDG-90005", "12/12/1991", "HCM-TK", "", "Người lao động", "Không", ""],
    ["Hồ Văn Em", "074190006666", "BDG-90006", "10/10/1988", "XX-KHONG-CO", "", "Công chức", "Không", ""],
    ["Võ Thị Giang", "074190001111", "BDG-90007", "03/04/1993", "HCM-TU", "Phường Tân Uyên", "Viên chức", "Không", ""],
    ["Đặng Văn Hải", "074190008888", "BDG-90008", "31/02/1987", "", "Phường Tân Khánh", "Công chức", "Không", ""],
    ["Bùi Thị Lan", "074190009999", "BDG-90009", "05/05/1995", "HCM-SKHCN", "Sở Khoa học và Công nghệ", "Công chức", "Có", ""],
]  # fmt: skip
DATE_COLUMN = 3
ID_COLUMN = 1

# The XLSX sheet puts the columns in another order, as a different HR system would.
XLSX_ORDER = [4, 2, 0, 1, 3, 6, 7, 5, 8]

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
FIXED_TIMESTAMP = (2025, 1, 1, 0, 0, 0)


def without_diacritics(text: str) -> str:
    """How a Western-European Windows user types Vietnamese: no marks, đ as d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def csv_text(headers: list[str], rows: list[list[str]], *, delimiter: str, newline: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def windows_1258(text: str) -> bytes:
    """Text as Vietnamese Windows writes it in code page 1258.

    Plain NFD cannot be encoded: cp1258 has ă, â, ê, ô, ơ, ư as letters of their own but no
    combining breve, circumflex or horn. So each letter is split into its base letter (with
    those marks kept on it) followed by its tone as a combining mark: "ễ" becomes "ê" + tilde.
    """
    pieces = []
    for character in unicodedata.normalize("NFC", text):
        marks = unicodedata.normalize("NFD", character)
        tones = "".join(mark for mark in marks if mark in TONE_MARKS)
        base = unicodedata.normalize(
            "NFC", "".join(mark for mark in marks if mark not in TONE_MARKS)
        )
        pieces.append(base + tones)
    encoded = "".join(pieces).encode("cp1258")
    if unicodedata.normalize("NFC", encoded.decode("cp1258")) != unicodedata.normalize("NFC", text):
        raise AssertionError("cp1258 round trip changed the text")
    return encoded


def tiny_png() -> bytes:
    """A valid 1x1 red PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00", 9)  # filter byte, then one red pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def as_date(text: str) -> date | None:
    for layout in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Staff"
    sheet.append([EN_HEADERS[index] for index in XLSX_ORDER])
    for row in ROWS:
        values: list[object] = [value or None for value in row]  # empty cells, not ""
        # 31/02/1987 stays the text the officer typed; real dates become date cells.
        values[DATE_COLUMN] = as_date(row[DATE_COLUMN]) or row[DATE_COLUMN]
        sheet.append([values[index] for index in XLSX_ORDER])
    date_letter = get_column_letter(XLSX_ORDER.index(DATE_COLUMN) + 1)
    id_letter = get_column_letter(XLSX_ORDER.index(ID_COLUMN) + 1)
    for cell in sheet[date_letter][1:]:
        if isinstance(cell.value, date):
            cell.number_format = "DD/MM/YYYY"
    for cell in sheet[id_letter][1:]:
        cell.number_format = "@"  # text: national IDs keep their leading zero
    buffer = io.BytesIO()
    workbook.save(buffer)
    return reproducible_zip(buffer.getvalue())


def reproducible_zip(data: bytes, edit: dict | None = None) -> bytes:
    """The same archive with fixed timestamps, so regenerating does not change the file
    (and with ``edit``, some parts rewritten by a function of their content)."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if edit and info.filename in edit:
                content = edit[info.filename](content)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2025-01-01T00:00:00Z",
                    content,
                )
            target.writestr(
                zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP),
                content,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return output.getvalue()


# A roster with formulas, written by a script with openpyxl (which never saves a formula's
# value); a spreadsheet program then saved the values of some cells (added to the XML below).
FORMULA_HEADERS = [*VI_HEADERS[:5], "Nhóm vị trí", "Chuyên trách CNTT"]
FORMULA_ROWS = [
    ["Nguyễn Văn Anh", "074190011111", "BDG-91001", "=DATE(1985,3,15)", "HCM-TK", "Công chức", "Không"],
    ["Trần Thị Bích", "074190012222", "BDG-91002", "=DATE(1990,7,2)", "HCM-TU", "Viên chức", "Có"],
    ["Lê Hoàng Cương", "", "BDG-91003", "01/01/1979", "HCM-TU", "Lãnh đạo", '=IF(1=1,"","Có")'],
    ['=CONCATENATE("Phạm Thị ","Duyên")', "074190014444", "BDG-91004", "02/02/1992", "HCM-TK", "Công chức", "Không"],
    ["Hồ Văn Ẩn", "074190015555", "BDG-91005", "=1/0", "HCM-TK", "Công chức", "Không"],
    ["Võ Thị Giao", "074190016666", "BDG-91006", "03/04/1993", '="HCM-"&"TU"', "Viên chức", "Không"],
]  # fmt: skip
# Cell -> (type attribute, saved value): what Excel or LibreOffice stores after calculating.
FORMULA_SAVED_VALUES = {
    "D2": (None, str(int(to_excel(date(1985, 3, 15))))),
    "G4": ("str", ""),  # a formula whose value is the empty string: a saved value all the same
    "D6": ("e", "#DIV/0!"),
    "E7": ("str", "HCM-TU"),
}


def formulas_xlsx_bytes() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(FORMULA_HEADERS)
    for row in FORMULA_ROWS:
        sheet.append(row)
    for cell in sheet["D"][1:]:
        cell.number_format = "DD/MM/YYYY"
    for cell in sheet["B"][1:]:
        cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return reproducible_zip(buffer.getvalue(), edit={"xl/worksheets/sheet1.xml": save_values})


def save_values(sheet_xml: bytes) -> bytes:
    """openpyxl writes each formula as <c r="D2"><f>...</f><v /></c>: give some their value."""
    for reference, (kind, value) in FORMULA_SAVED_VALUES.items():
        pattern = rb'<c r="%s"([^>]*)>(<f>.*?</f>)<v\s*/>' % reference.encode()
        kind_attribute = b' t="%s"' % kind.encode() if kind else b""

        def saved(match, reference=reference, kind_attribute=kind_attribute, value=value):
            attributes, formula = match.group(1), match.group(2)
            return b'<c r="%s"%s%s>%s<v>%s</v>' % (
                reference.encode(),
                attributes,
                kind_attribute,
                formula,
                value.encode(),
            )

        sheet_xml, count = re.subn(pattern, saved, sheet_xml)
        if count != 1:
            raise AssertionError(f"cell {reference} not found in the sheet")
    return sheet_xml


def chuc_vu_csv() -> bytes:
    """A roster whose position categories are in a "Chức vụ" column, typed every which way."""
    rows = [
        ["Nguyễn Văn Bảo", "BDG-92001", "Công chức"],
        ["Trần Thị Cúc", "BDG-92002", "VIÊN CHỨC"],
        ["Lê Hoàng Dũng", "BDG-92003", "lanh dao"],
        ["Phạm Thị Êm", "BDG-92004", "Nguoi Lao Dong"],
        ["Hồ Văn Phúc", "BDG-92005", "Trưởng phòng"],
    ]
    return csv_text(
        ["Họ và tên", "Mã cán bộ", "Chức vụ"], rows, delimiter=",", newline="\n"
    ).encode()


def don_vi_csv() -> bytes:
    """A roster of several units whose only unit column, "Đơn vị", names them the way people
    type them: abbreviated, without diacritics, in capitals, by code; one row names a unit
    outside the wards (Sở Khoa học và Công nghệ), one a ward closed by the reform (Khánh
    Bình), one no unit. Excel's "CSV UTF-8" with a Vietnamese regional setting."""
    rows = [
        ["Nguyễn Văn Tâm", "BDG-93001", "P. Tân Khánh"],
        ["Trần Thị Uyên", "BDG-93002", "phuong tan uyen"],
        ["Lê Văn Khánh", "BDG-93003", "TÂN KHÁNH"],
        ["Phạm Thị Hạnh", "BDG-93004", "hcm-tu"],
        ["Hồ Văn Sở", "BDG-93005", "Sở Khoa học và Công nghệ"],
        ["Võ Thị Mai", "BDG-93006", "Phường Khánh Bình"],
        ["Đặng Văn Nam", "BDG-93007", ""],
    ]
    text = csv_text(["Họ và tên", "Mã cán bộ", "Đơn vị"], rows, delimiter=";", newline="\r\n")
    return b"\xef\xbb\xbf" + text.encode()


def samples() -> dict[str, bytes]:
    plain_rows = [[without_diacritics(value) for value in row] for row in ROWS]
    # Typed on an English Windows: the accents cp1252 has survive, the Vietnamese-only ones not.
    plain_rows[2][0] = "Lê Hoàng Cuong"
    return {
        # Unix tools and Google Sheets: no BOM, LF line endings.
        "roster_utf8.csv": csv_text(VI_HEADERS, ROWS, delimiter=",", newline="\n").encode(),
        # Excel's "CSV UTF-8" with a Vietnamese regional setting (list separator ";").
        "roster_utf8_bom.csv": b"\xef\xbb\xbf"
        + csv_text(VI_HEADERS, ROWS, delimiter=";", newline="\r\n").encode(),
        # Excel's "Unicode text".
        "roster_utf16.txt": b"\xff\xfe"
        + csv_text(VI_HEADERS, ROWS, delimiter="\t", newline="\r\n").encode("utf-16-le"),
        # Excel's plain "CSV" on Vietnamese Windows.
        "roster_cp1258.csv": windows_1258(
            csv_text(VI_HEADERS, ROWS, delimiter=";", newline="\r\n")
        ),
        # Excel's plain "CSV" on English Windows: only ASCII survives, so none is lost here.
        "roster_cp1252.csv": csv_text(EN_HEADERS, plain_rows, delimiter=",", newline="\r\n").encode(
            "cp1252"
        ),
        "roster.xlsx": xlsx_bytes(),
        "roster_formulas.xlsx": formulas_xlsx_bytes(),
        "roster_chuc_vu.csv": chuc_vu_csv(),
        "roster_don_vi.csv": don_vi_csv(),
        "not_a_roster.png": tiny_png(),
        "empty.csv": b"",
        "header_only.csv": csv_text(VI_HEADERS, [], delimiter=",", newline="\n").encode(),
    }


def write_samples(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in samples().items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
