"""Excel workbooks that print as offices expect, and cells that stay what they are.

Every sheet the product makes is a table with a title row merged across its
columns and one header row. Printed from Excel, WPS or LibreOffice Calc it must
come out on A4 landscape, all columns on one page wide (as many pages long as it
takes), the header row repeated on each page and frozen on screen.

User text is written as plain strings: openpyxl makes a formula of any string
starting with "=", and Excel or WPS would run it (a link that sends data away, a
DDE command), so `text_cell` forces the type after setting the value.
"""

from __future__ import annotations

import datetime

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = 'yyyy"年"m"月"d"日"'


def text_cell(sheet: Worksheet, value: str) -> Cell:
    """A cell holding exactly `value` as text, never a formula; control characters XML
    cannot carry are dropped."""
    cell = Cell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # after the value: assigning one that starts with "=" makes a formula
    return cell


def append_row(sheet: Worksheet, values: list) -> None:
    """Append a row: strings as text cells, dates as dates in Chinese format, the rest as they are."""
    cells = []
    for value in values:
        if isinstance(value, str):
            value = text_cell(sheet, value)
        elif isinstance(value, datetime.date):
            cell = Cell(sheet, value=value)
            cell.number_format = DATE_FORMAT
            value = cell
        cells.append(value)
    sheet.append(cells)


def title_row(sheet: Worksheet, title: str, columns: int, *, row: int = 1) -> None:
    """`title` in row `row`, bold and centred, merged across `columns` columns."""
    sheet.cell(row=row, column=1).value = ILLEGAL_CHARACTERS_RE.sub("", title)
    sheet.cell(row=row, column=1).data_type = "s"
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    sheet.cell(row=row, column=1).font = Font(bold=True, size=16)
    sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center", vertical="center")


def print_as_office_table(sheet: Worksheet, *, header_row: int, widths: dict[str, float]) -> None:
    """A4 landscape, one page wide, `header_row` repeated on every page and frozen,
    column `widths`, and the body wrapped at the top of its cells."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages long as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = f"A{header_row + 1}"
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = get_column_letter(max(sheet.max_column, 1))
    for row in sheet.iter_rows(min_row=header_row + 1, max_col=sheet.max_column):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row[0].row].height = row_height(row, sheet)
    sheet.print_area = f"A1:{last}{max(sheet.max_row, header_row)}"


LINE_HEIGHT = 15  # points, for the default 11 pt font


def _units(text: str) -> int:
    """The width of `text` in column-width units: two for a Chinese character, one otherwise."""
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def row_height(row, sheet: Worksheet) -> float:
    """A height that shows every wrapped line of the row's cells. Excel and WPS fit rows
    when they open a file; LibreOffice Calc keeps one line per row, and printed text
    would be cut off."""
    lines = 1
    for cell in row:
        if not isinstance(cell.value, str) or not cell.value:
            continue
        width = max((sheet.column_dimensions[cell.column_letter].width or 8.43) - 1, 1)
        count = sum(max(1, -(-_units(line) // int(width))) for line in cell.value.split("\n"))
        lines = max(lines, count)
    return lines * LINE_HEIGHT
