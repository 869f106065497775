"""The dashboard as an Excel workbook (openpyxl): one row per branch, a column per step.

Branch names and step states are text: every string cell is forced to a plain
string (never a formula, whatever it starts with), as orglife.opinions.xlsx does.
The sheet prints on A4 landscape, fitted to the page width, the header row repeated.
"""

from __future__ import annotations

import datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from orglife.common.ordinals import chinese_date
from orglife.cycles.steps import STEPS
from orglife.dashboard.selectors import Row, state_labels


def _append(sheet: Worksheet, values: list) -> None:
    cells = []
    for value in values:
        if isinstance(value, str):
            value = Cell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            value.data_type = "s"  # after the value: assigning one that starts with "=" makes a formula
        cells.append(value)
    sheet.append(cells)


def headers() -> list[str]:
    return ["序号", "党支部", "组织生活会", "计划召开日期", "当前环节", "逾期", *(str(step.name) for step in STEPS)]


def dashboard_workbook(*, title: str, rows: list[Row], today: datetime.date) -> bytes:
    labels = state_labels()
    book = Workbook()
    sheet = book.active
    sheet.title = "总览"
    _append(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=14)
    _append(sheet, [f"导出日期：{chinese_date(today)}　共{len(rows)}个党支部"])
    _append(sheet, headers())
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        late = row.overdue_cells(today)
        _append(
            sheet,
            [
                number,
                row.branch_name,
                row.title,
                chinese_date(row.planned_date) if row.planned_date else "",
                labels.get(row.state, row.state),
                "、".join(cell.name for cell in late) if late else "",
                *("未开放" if cell.progress.state == "功能尚未开放" else cell.progress.state for cell in row.cells),
            ],
        )
    widths = [6, 30, 20, 16, 14, 16] + [18] * len(STEPS)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = width
    for line in sheet.iter_rows(min_row=4):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
