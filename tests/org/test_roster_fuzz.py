"""Hypothesis fuzzing of every import format: CSV in each supported encoding and separator,
XLSX written by openpyxl (typed cells, formulas with and without saved values, hidden and
extra sheets) and then damaged at the ZIP and XML level, random bytes, and the population
figures table.

The invariants, whatever the file:
- the import either refuses the file (``RosterFileError``, and nothing is written) or imports
  it; no other exception ever escapes;
- when it imports, the counts add up, and every row the test knows to be good is there, as
  written (a good row is never lost because of a bad one);
- memory stays bounded.

Examples per test: LMS_FUZZ_EXAMPLES (default 25); each test stays within seconds on SQLite
and PostgreSQL.
"""

import codecs
import csv
import datetime
import io
import os
import re
import tracemalloc
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from lms.demo.province import UNITS
from lms.org.models import Person, PopulationFigure
from lms.org.population import population_import
from lms.org.roster.columns import FOLDED_HEADERS, HEADER_ALIASES, POSITION_VALUES, fold
from lms.org.roster.files import RosterFileError
from lms.org.roster.planner import roster_import_run
from lms.org.selectors import org_units_in_scope
from tests.plugins.roster_formats import crafted

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # generated inputs (Hypothesis)
EXAMPLES = int(os.environ.get("LMS_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the units: built once, never changed
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
MEMORY_LIMIT = 64 * 1024 * 1024  # a small file never needs more
UNITS_OF_IMPORT = ["", "BDG-TU-KB", "BDG-TU-UH", "BDG-TU-UBND", "BDG-TU-TPK", "BDG-TU-THH"]
UNIT_NAMES = {spec.code: spec.name for spec in UNITS}
UNIT_COLUMNS = ("unit_code", "unit_name")
# How people shorten the kind of unit a name starts with ("P. Khánh Bình", "Khánh Bình").
KIND_SHORT = {"Phường ": ["P. ", "p.", ""], "Thành phố ": ["TP. ", ""]}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Võ", "Huỳnh"]
GIVEN = ["Văn An", "Thị Bình", "Hoàng Cường", "Thị Dung", "Minh Đức", "Ngọc Ánh"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1258", "cp1252"]
SEPARATORS = [",", ";", "\t"]
GOOD_CODE = "G-"
GOOD_ID = "079190"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def plain(text: str) -> str:
    """As typed on an English Windows: no diacritics, đ as d (what cp1252 can hold)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def windows_1258(text: str) -> bytes:
    """Vietnamese Windows' code page: base letters with tones as combining marks."""
    pieces = []
    for character in unicodedata.normalize("NFC", text):
        marks = unicodedata.normalize("NFD", character)
        tones = "".join(mark for mark in marks if mark in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in TONE_MARKS))
        pieces.append(base + tones)
    return "".join(pieces).encode("cp1258")


def encode(text: str, encoding: str) -> bytes:
    if encoding == "cp1258":
        return windows_1258(text)
    return text.encode(encoding)


def encodable(text: str, encoding: str) -> bool:
    try:
        encode(text, encoding)
    except UnicodeEncodeError:
        return False
    return True


# --- what a roster holds ---------------------------------------------------------------------


@dataclass
class GoodRow:
    name: str
    national_id: str
    code: str
    born: str
    unit: str
    position: str
    it_officer: str


FIELDS = ["full_name", "national_id", "employee_code", "date_of_birth", "unit_code", "position"]
FIELDS += ["it_officer", "unit_name"]


def spelled(draw, value: str, *, ascii_only: bool) -> str:
    """A value or header as people type it: any case, with or without diacritics."""
    if ascii_only or draw(st.booleans()):
        value = plain(value)
    return draw(st.sampled_from([value, value.upper(), value.lower(), value.title()]))


def unit_spelled(draw, code: str, *, ascii_only: bool) -> str:
    """A unit as people name it: its code in any case, or its name, maybe shortened, in any
    case, with or without diacritics."""
    if draw(st.booleans()):
        return draw(st.sampled_from([code, code.lower(), f" {code} ", code.replace("-", " - ")]))
    name = UNIT_NAMES[code]
    for kind, shorter in KIND_SHORT.items():
        if name.startswith(kind):
            name = draw(st.sampled_from([kind, *shorter])) + name.removeprefix(kind)
    return spelled(draw, name, ascii_only=ascii_only)


@st.composite
def unit_cells(draw, code: str, *, fields: list, ascii_only: bool) -> dict[str, str]:
    """The unit cells of a good row: its unit by code, by name or both, in whichever unit
    columns the file has (any column may hold either)."""
    columns = [name for name in UNIT_COLUMNS if name in fields]
    if not code or not columns:
        return {}
    chosen = draw(st.lists(st.sampled_from(columns), min_size=1, unique=True))
    return {column: unit_spelled(draw, code, ascii_only=ascii_only) for column in chosen}


@st.composite
def good_rows(draw, *, ascii_only: bool, multi: bool = False) -> list[GoodRow]:
    """Good rows; for a file naming its units (``multi``), each names one."""
    units_of_rows = [code for code in UNITS_OF_IMPORT if code] if multi else UNITS_OF_IMPORT
    rows = []
    for number in range(draw(st.integers(0, 6))):
        born = datetime.date(1970, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 12000)))
        position = draw(st.sampled_from(["", *[v[0] for v in POSITION_VALUES.values()]]))
        name = f"{draw(st.sampled_from(FAMILY))} {draw(st.sampled_from(GIVEN))}"
        rows.append(
            GoodRow(
                name=plain(name) if ascii_only else name,
                national_id=draw(st.sampled_from(["", f"{GOOD_ID}{number:06d}"])),
                code=f"{GOOD_CODE}{number:04d}",
                born=draw(st.sampled_from(["", born.strftime("%d/%m/%Y"), born.isoformat()])),
                unit=draw(st.sampled_from(units_of_rows)),
                position=spelled(draw, position, ascii_only=ascii_only) if position else "",
                it_officer=draw(st.sampled_from(["", "Có" if not ascii_only else "Co", "x", "0"])),
            )
        )
    return rows


def junk_text(alphabet) -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(""),
        st.text(alphabet, max_size=12),
        st.sampled_from(
            [
                "=SUM(A1:A3)",
                "#REF!",
                "074190001111",  # an ID in any column
                "31/02/1987",
                "BDG-TU-KB",
                "XX-KHONG-CO",
                "BDG-STTTT",  # a unit outside the officer's scope, by code and by name
                "Sở Thông tin và Truyền thông",
                "p. khanh binh",
                "Công chức",
                "Lãnh đạo",
                "  ",
                "x" * 40,
            ]
        ),
    )


def is_junk(cells: dict[str, str]) -> bool:
    """A junk row must not take a good row's ID or code (that would reject the good row)."""
    code = cells.get("employee_code", "").strip()
    digits = re.sub(r"[\s.\-]", "", cells.get("national_id", ""))
    return not code.upper().startswith(GOOD_CODE) and not digits.startswith(GOOD_ID)


@dataclass
class Table:
    headers: list[str]
    fields: list[str | None]  # the field under each header (None: an extra column)
    rows: list[tuple[GoodRow | None, list[str]]]  # good rows keep what they are
    multi: bool = False  # imported without a unit: each row names its own

    def names_units(self) -> bool:
        return any(name in self.fields for name in UNIT_COLUMNS)

    def good(self) -> list[GoodRow]:
        return [good for good, _cells in self.rows if good is not None]


@st.composite
def tables(draw, *, ascii_only: bool, alphabet) -> Table:
    multi = draw(st.booleans())
    optional = [f for f in FIELDS if f not in ("full_name", "employee_code")]
    fields = ["full_name", "employee_code", *draw(st.lists(st.sampled_from(optional), unique=True))]
    headers = [
        spelled(draw, draw(st.sampled_from(HEADER_ALIASES[f])), ascii_only=ascii_only)
        for f in fields
    ]
    # Extra columns: never a known name, never a separator (the header decides the separator).
    extra = draw(
        st.lists(
            st.text(alphabet, min_size=1, max_size=10).filter(
                lambda h: fold(h) not in FOLDED_HEADERS and not set(h) & set(',;\t"\r\n')
            ),
            max_size=2,
            unique_by=lambda h: unicodedata.normalize("NFC", h.strip()),  # as the reader sees it
        )
    )
    fields += [None] * len(extra)
    headers += extra
    order = draw(st.permutations(range(len(fields))))
    fields = [fields[i] for i in order]
    headers = [headers[i] for i in order]

    rows: list[tuple[GoodRow | None, list[str]]] = []
    for good in draw(good_rows(ascii_only=ascii_only, multi=multi)):
        values = {
            "full_name": good.name,
            "national_id": good.national_id,
            "employee_code": good.code,
            "date_of_birth": good.born,
            "position": good.position,
            "it_officer": good.it_officer,
            **draw(unit_cells(good.unit, fields=fields, ascii_only=ascii_only)),
        }
        if "national_id" not in fields:
            good.national_id = ""
        if not any(name in fields for name in UNIT_COLUMNS):
            good.unit = ""  # the unit the roster is imported for
        rows.append((good, [values.get(f, "") if f else "" for f in fields]))
    junk_cells = st.fixed_dictionaries({str(i): junk_text(alphabet) for i in range(len(fields))})
    for _ in range(draw(st.integers(0, 5))):
        cells = draw(
            junk_cells.filter(lambda c: is_junk({f: c[str(i)] for i, f in enumerate(fields) if f}))
        )
        rows.insert(
            draw(st.integers(0, len(rows))), (None, [cells[str(i)] for i in range(len(fields))])
        )
    return Table(headers, fields, rows, multi=multi)


# --- running an import and checking the invariants -------------------------------------------


@contextmanager
def rolled_back():
    """Each example on a clean slate, in one test's database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@contextmanager
def bounded_memory():
    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_LIMIT, f"peak {peak / 2**20:.1f} MiB"


def import_roster(data: bytes, filename: str, units, officer, *, multi: bool = False):
    """The import's outcome: its plan, or None when the file was refused (nothing written).
    ``multi``: no unit chosen, each row names its own."""
    with bounded_memory():
        try:
            plan = roster_import_run(
                file=io.BytesIO(data),
                filename=filename,
                size=len(data),
                unit=None if multi else units["BDG-TU"],
                allowed_units=org_units_in_scope(user=officer),
                complete=False,
            )
        except RosterFileError as error:
            note(f"refused: {error}")
            assert str(error)
            assert not Person.objects.exists()
            return None
    note(f"plan: {plan.summary()}; rejected: {plan.rejected[:5]}")
    assert plan.rows == plan.create + plan.update + plan.unchanged + plan.rejected_count
    assert Person.objects.count() == plan.create
    assert len(plan.rejected) == min(plan.rejected_count, 1000)
    # Whatever a row names, nobody goes outside the officer's units (here: Tân Uyên's), and
    # the counts per unit add up to the whole.
    assert not Person.objects.exclude(unit__path__startswith=units["BDG-TU"].path).exists()
    by_unit = plan.summary()["units"]
    assert sum(item["create"] for item in by_unit) == plan.create
    assert sum(item["create"] + item["update"] + item["unchanged"] for item in by_unit) == (
        plan.valid_rows
    )
    return plan


def assert_outcome(plan, table: Table, units, *, compare_names: bool) -> None:
    """A file naming its units without a unit column is refused; otherwise a refused file
    had no good row, and an imported one has every good row."""
    if table.multi and not table.names_units():
        assert plan is None
    elif plan is None:
        # Only a file whose every row is empty under its header may be refused here.
        assert not table.good()
    else:
        assert_good_rows_imported(table, units, compare_names=compare_names)


def assert_good_rows_imported(table: Table, units, *, compare_names: bool) -> None:
    people = {person.employee_code: person for person in Person.objects.select_related("unit")}
    for good in table.good():
        person = people.get(good.code)
        assert person is not None, f"good row {good} was not imported"
        assert person.unit.code == (good.unit or "BDG-TU")
        if compare_names:
            assert person.full_name == good.name
        if good.national_id:
            assert person.national_id_last4 == good.national_id[-4:]


def csv_bytes(table: Table, *, encoding: str, separator: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows(cells for _good, cells in table.rows)
    return encode(buffer.getvalue(), encoding)


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
VIETNAMESE += "ùúủũụừứửữựỳýỷỹỵ ĐÂ0123456789-_/.,;:'()#=@+\"\t\r\n"


@FUZZ
@given(data=st.data(), encoding=st.sampled_from(ENCODINGS), separator=st.sampled_from(SEPARATORS))
def test_csv_in_every_encoding_and_separator(units, tanuyen_officer, data, encoding, separator):
    ascii_only = encoding == "cp1252"
    alphabet = (
        st.characters(
            codec="ascii" if ascii_only else None,
            blacklist_categories=("Cs",),
            blacklist_characters="\x00",
        )
        if data.draw(st.booleans())
        else st.sampled_from(plain(VIETNAMESE) if ascii_only else VIETNAMESE)
    )
    table = data.draw(
        tables(ascii_only=ascii_only, alphabet=alphabet).filter(
            lambda t: encodable(
                "".join(t.headers) + "".join(cell for _g, cells in t.rows for cell in cells),
                encoding,
            )
        )
    )
    content = csv_bytes(table, encoding=encoding, separator=separator)
    note(f"{encoding} {separator!r}: {content[:300]!r}")
    with rolled_back():
        plan = import_roster(content, "roster.csv", units, tanuyen_officer, multi=table.multi)
        # A byte-level guess between Windows code pages may misread letters, never codes.
        assert_outcome(plan, table, units, compare_names=encoding.startswith("utf"))


# --- XLSX ------------------------------------------------------------------------------------

XLSX_TEXT = st.characters(blacklist_categories=("Cs", "Cc"))  # openpyxl refuses control chars


@st.composite
def workbooks(draw) -> tuple[Table, bytes]:
    table = draw(tables(ascii_only=False, alphabet=XLSX_TEXT))
    book = Workbook()
    sheet = book.active
    if draw(st.booleans()):  # a hidden first sheet of drop-down lists
        sheet.title = "Lists"
        sheet.append(["Công chức", "Viên chức"])
        sheet.sheet_state = "hidden"
        sheet = book.create_sheet("Roster")
    sheet.append(table.headers)
    saved_formulas: dict[str, str] = {}
    for row_number, (good, cells) in enumerate(table.rows, start=2):
        values: list[object] = []
        for column, (field, cell) in enumerate(zip(table.fields, cells, strict=True), start=1):
            reference = f"{get_column_letter(column)}{row_number}"
            as_formula = good is not None and cell and field in ("full_name", *UNIT_COLUMNS)
            if as_formula and draw(st.booleans()):
                # A formula whose value a spreadsheet program saved: the value counts.
                saved_formulas[reference] = cell
                values.append('="' + cell.replace('"', '""') + '"')
                continue
            if good is not None and field == "date_of_birth" and cell and draw(st.booleans()):
                values.append(parse_any_date(cell))  # a real date cell
                continue
            if good is None:
                values.append(draw(st.one_of(st.just(cell or None), junk_cell_values())))
                continue
            values.append(cell or None)
        sheet.append(values)
    if draw(st.booleans()):
        sheet.merge_cells(
            start_row=1,
            start_column=len(table.headers) + 2,
            end_row=2,
            end_column=len(table.headers) + 3,
        )
    if draw(st.booleans()):
        book.create_sheet("Ghi chú").append(["Không phải danh sách"])
    buffer = io.BytesIO()
    book.save(buffer)
    content = save_formula_values(buffer.getvalue(), saved_formulas)
    if draw(st.booleans()):  # as Excel writes it: text in a shared strings table
        content = crafted.to_shared_strings(content)
    return table, Content(content)


def junk_cell_values() -> st.SearchStrategy[object]:
    return st.one_of(
        st.integers(-(10**15), 10**15),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.dates(datetime.date(1900, 3, 1), datetime.date(2100, 1, 1)),
        st.sampled_from(["=A1+1", "=1/0", '=CONCATENATE("a","b")', "=NOW()"]),  # no saved value
        st.text(XLSX_TEXT, max_size=15),
    )


def parse_any_date(text: str) -> datetime.date:
    for layout in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise AssertionError(text)


def save_formula_values(data: bytes, values: dict[str, str]) -> bytes:
    """What Excel adds on saving: each formula's value (openpyxl writes an empty <v/>)."""
    if not values:
        return data
    from xml.sax.saxutils import escape

    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                for reference, value in values.items():
                    pattern = rb'<c r="%s"([^>]*)>(<f>.*?</f>)<v\s*/>' % reference.encode()

                    def saved(match, reference=reference, value=value) -> bytes:
                        return b'<c r="%s"%s t="str">%s<v>%s</v>' % (
                            reference.encode(),
                            match.group(1),
                            match.group(2),
                            escape(value).encode(),
                        )

                    content = re.sub(pattern, saved, content)
            target.writestr(info, content)
    return Content(output.getvalue())


class Content(bytes):
    """A file's bytes, shown by their size in Hypothesis' reports."""

    def __repr__(self) -> str:
        return f"<{len(self)} bytes>"


@FUZZ
@given(case=workbooks())
def test_xlsx_with_typed_cells_and_formulas(units, tanuyen_officer, case):
    table, content = case
    with rolled_back():
        plan = import_roster(content, "roster.xlsx", units, tanuyen_officer, multi=table.multi)
        assert_outcome(plan, table, units, compare_names=True)


MUTATIONS = st.sampled_from(
    ["drop", "garble", "insert", "lie", "store", "truncate", "duplicate", "extra"]
)
INSERTS = [
    b"<!-- note -->",
    b"<![CDATA[x]]>",
    b'<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    b"<?pi x?>",
    b"&undefined;",
    b"<unclosed>",
    b"</row>",
    "\u00a0\ufeff".encode(),
]


@FUZZ
@given(
    case=workbooks(),
    mutations=st.lists(st.tuples(MUTATIONS, st.integers(0, 10**6)), min_size=1, max_size=3),
)
def test_damaged_xlsx_is_refused_or_read_consistently(units, tanuyen_officer, case, mutations):
    table, content = case
    for mutation, seed in mutations:
        content = damage(content, mutation, seed)
    note(f"{mutations}")
    with rolled_back():
        import_roster(content, "roster.xlsx", units, tanuyen_officer, multi=table.multi)


def damage(content: bytes, mutation: str, seed: int) -> bytes:
    """One kind of damage at the ZIP or XML level, placed by ``seed``."""
    if mutation == "truncate":
        return content[: seed % max(len(content), 1)]
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as source:
            members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        return content[::-1] if mutation == "garble" else content
    index = seed % len(members)
    name, data = members[index]
    parts = [crafted.part(n, d) for n, d in members]
    if mutation == "drop":
        del parts[index]
    elif mutation == "garble" and data:
        at = seed % len(data)
        parts[index] = crafted.part(
            name, data[:at] + bytes([(data[at] + 1 + seed) % 256]) + data[at + 1 :]
        )
    elif mutation == "insert":
        at = data.find(b">", seed % max(len(data), 1)) + 1
        parts[index] = crafted.part(name, data[:at] + INSERTS[seed % len(INSERTS)] + data[at:])
    elif mutation == "lie":
        parts[index].declared_size = seed % (parts[index].size + 2)
    elif mutation == "store":
        parts[index] = crafted.Part(
            name, data, parts[index].crc, len(data), method=zipfile.ZIP_STORED
        )
    elif mutation == "duplicate":
        parts.append(crafted.part(name, data))
    elif mutation == "extra":
        parts.append(crafted.part(f"xl/media/image{seed}.png", bytes(seed % 500)))
    return crafted.archive(parts)


# --- random bytes, named as any format -------------------------------------------------------


@FUZZ
@given(
    content=st.one_of(
        st.binary(min_size=1, max_size=2000),
        st.binary(max_size=400).map(lambda b: b"PK\x03\x04" + b),  # looks like a ZIP
        st.binary(max_size=400).map(lambda b: codecs.BOM_UTF16_LE + b),
        st.binary(max_size=400).map(lambda b: "Họ và tên,Mã cán bộ\n".encode() + b),
    ),
    filename=st.sampled_from(["roster.csv", "roster.xlsx", "roster.txt", "roster"]),
)
def test_random_bytes_never_escape_as_an_exception(units, tanuyen_officer, content, filename):
    with rolled_back():
        import_roster(content, filename, units, tanuyen_officer)


# --- population figures ----------------------------------------------------------------------

POPULATION_ALIASES = {
    "unit_code": ["Mã đơn vị", "Unit code"],
    "year": ["Năm", "Year"],
    "working_age": ["Dân số trong độ tuổi lao động", "Working-age population"],
    "source": ["Nguồn", "Source"],
}
POPULATION_UNITS = ["BDG", "BDG-TU", "BDG-TU-KB", "BDG-TU-UH", "BDG-STTTT"]


@st.composite
def population_tables(draw):
    names = list(POPULATION_ALIASES)
    order = draw(st.permutations(names))
    headers = [draw(st.sampled_from(POPULATION_ALIASES[n])) for n in order]
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(POPULATION_UNITS), st.integers(2000, 2100)),
            unique=True,
            max_size=6,
        )
    )
    good = {
        key: (draw(st.integers(0, 2**31 - 1)), draw(st.sampled_from(["Cục Thống kê", "A"])))
        for key in keys
    }
    rows: list[list[str]] = []
    for (unit, year), (count, source) in good.items():
        values = {
            "unit_code": unit,
            "year": str(year),
            "working_age": f"{count:,}".replace(",", "."),
            "source": source,
        }
        rows.append([values[n] for n in order])
    junk = st.lists(
        st.one_of(
            st.text(VIETNAMESE, max_size=10),
            st.sampled_from(["2024", "0", "10000", "-5", "1e9", "", "99999999999999999999", "=A1"]),
        ),
        min_size=len(order),
        max_size=len(order),
    ).filter(lambda cells: cells[order.index("unit_code")].strip() not in POPULATION_UNITS)
    for _ in range(draw(st.integers(0, 4))):
        rows.insert(draw(st.integers(0, len(rows))), draw(junk))
    return headers, rows, good


@FUZZ
@given(
    case=population_tables(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    separator=st.sampled_from(SEPARATORS),
)
def test_population_figures(units, case, encoding, separator):
    headers, rows, good = case
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator).writerows([headers, *rows])
    content = buffer.getvalue().encode(encoding)
    with rolled_back(), bounded_memory():
        try:
            report = population_import(
                file=io.BytesIO(content), filename="p.csv", size=len(content)
            )
        except RosterFileError:
            assert not PopulationFigure.objects.exists()
            assert not good
            return
        assert report.rows == report.created + report.updated + report.unchanged + report.rejected
        figures = {
            (f.unit.code, f.year): (f.working_age_count, f.source)
            for f in PopulationFigure.objects.select_related("unit")
        }
        for key, value in good.items():
            assert figures.get(key) == value, key
