import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from plugins.api import spreadsheet_safe

Rows = Iterable[Sequence[object]]
MAX_SHEET_TITLE = 31  # Excel's limit
FORBIDDEN_IN_SHEET_TITLE = str.maketrans({character: " " for character in "[]:*?/\\"})


@dataclass(frozen=True)
class CsvExporter:
    code: str = "csv"
    label: str = _("CSV (Excel)")
    extension: str = "csv"
    content_type: str = "text/csv; charset=utf-8"

    def export(self, *, title: str, headers: Sequence[str], rows: Rows) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([str(header) for header in headers])
        for row in rows:
            writer.writerow(["" if cell is None else spreadsheet_safe(cell) for cell in row])
        # The byte-order mark makes Excel read the file as UTF-8, so Vietnamese shows right.
        return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class XlsxExporter:
    code: str = "xlsx"
    label: str = _("Excel workbook (XLSX)")
    extension: str = "xlsx"
    content_type: str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def export(self, *, title: str, headers: Sequence[str], rows: Rows) -> bytes:
        workbook = Workbook(write_only=False)
        sheet = workbook.active
        sheet.title = (str(title).translate(FORBIDDEN_IN_SHEET_TITLE).strip() or "Report")[
            :MAX_SHEET_TITLE
        ]
        sheet.append([str(header) for header in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(header)) for header in headers]
        for row in rows:
            values = [spreadsheet_safe(cell) for cell in row]
            sheet.append(values)
            for index, value in enumerate(values[: len(widths)]):
                widths[index] = max(widths[index], len(str(value)) if value is not None else 0)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
