"""Workbooks written byte by byte, for the tests that attack the XLSX reader: a minimal valid
package, parts of any size made without ever holding them in memory, and ZIP entries whose
declared sizes lie.

A part that repeats one block (a gigabyte of "A", a million identical rows) is compressed
once: after a full flush, deflate forgets what came before, so compressing the block again
gives the same bytes, and the part is those bytes repeated.
"""

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass
class Part:
    name: str
    payload: bytes  # as stored: deflated (raw) or stored
    crc: int
    size: int  # what it inflates to
    declared_size: int | None = None  # what the directory says, if it lies
    method: int = zipfile.ZIP_DEFLATED


def part(name: str, data: bytes) -> Part:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    payload = compressor.compress(data) + compressor.flush()
    return Part(name, payload, zlib.crc32(data), len(data))


def repeated_part(name: str, prefix: bytes, block: bytes, count: int, suffix: bytes) -> Part:
    """``prefix + block * count + suffix``, built in the time it takes to compress the block."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert body == again, "deflate did not restart after a full flush"
    tail = compressor.compress(suffix) + compressor.flush()
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(suffix, crc)
    payload = head + body * count + tail
    return Part(name, payload, crc, len(prefix) + len(block) * count + len(suffix))


def archive(parts: list[Part]) -> bytes:
    """A ZIP file of the parts, with the sizes each part declares."""
    out = bytearray()
    directory = bytearray()
    for item in parts:
        name = item.name.encode()
        size = item.size if item.declared_size is None else item.declared_size
        header = (item.method, 0, 0x21, item.crc, len(item.payload), size, len(name))
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, *header, 0) + name + item.payload
        directory += (
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, *header, 0, 0, 0, 0, 0, offset)
            + name
        )
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), len(out), 0
    )
    return bytes(out + directory + end)


def package_parts(*, sheet: Part, strings: Part | None = None) -> list[Part]:
    """The parts every workbook needs around one sheet (and its shared strings, if any)."""
    overrides = f'<Override PartName="/xl/workbook.xml" ContentType="{WORKBOOK_TYPE}"/>'
    overrides += f'<Override PartName="/{sheet.name}" ContentType="{SHEET_TYPE}"/>'
    relations = f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="/{sheet.name}"/>'
    if strings is not None:
        overrides += f'<Override PartName="/{strings.name}" ContentType="{STRINGS_TYPE}"/>'
        relations += (
            f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" '
            f'Target="/{strings.name}"/>'
        )
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    )
    root_relations = (
        f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    parts = [
        part("[Content_Types].xml", DECLARATION + types.encode()),
        part("_rels/.rels", DECLARATION + root_relations.encode()),
        part("xl/workbook.xml", DECLARATION + workbook.encode()),
        part(
            "xl/_rels/workbook.xml.rels",
            DECLARATION
            + f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{relations}'
            "</Relationships>".encode(),
        ),
        sheet,
    ]
    if strings is not None:
        parts.append(strings)
    return parts


def sheet_xml(rows_xml: str) -> bytes:
    return (
        DECLARATION
        + f'<worksheet xmlns="{MAIN}"><sheetData>{rows_xml}</sheetData></worksheet>'.encode()
    )


def inline_row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + index)}{number}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
        for index, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def workbook(rows: list[list[str]]) -> bytes:
    """A valid workbook of inline-string rows, written by hand."""
    body = "".join(inline_row(number, values) for number, values in enumerate(rows, start=1))
    return archive(package_parts(sheet=part("xl/worksheets/sheet1.xml", sheet_xml(body))))


def shared_strings_xml(*strings: str) -> bytes:
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    return DECLARATION + f'<sst xmlns="{MAIN}" count="{len(strings)}">{items}</sst>'.encode()


INLINE_CELL = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is>(<t(?: [^>]*)?>.*?</t>)</is></c>')


def to_shared_strings(data: bytes) -> bytes:
    """The same workbook with its inline strings moved to a shared strings table, as Excel
    writes every workbook (openpyxl here writes inline strings)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info.filename) for info in source.infolist()}
    strings: list[bytes] = []

    def shared(match: re.Match) -> bytes:
        strings.append(match.group(3))
        return b'<c %st="s"%s><v>%d</v></c>' % (match.group(1), match.group(2), len(strings) - 1)

    for name, content in members.items():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            members[name] = INLINE_CELL.sub(shared, content)
    if not strings or "xl/sharedStrings.xml" in members:
        return data
    items = b"".join(b"<si>%s</si>" % text for text in strings)
    members["xl/sharedStrings.xml"] = DECLARATION + b'<sst xmlns="%s" count="%d">%s</sst>' % (
        MAIN.encode(),
        len(strings),
        items,
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>'
        % STRINGS_TYPE.encode(),
    )
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>" % RELATIONSHIPS.encode(),
    )
    return archive([part(name, content) for name, content in members.items()])
