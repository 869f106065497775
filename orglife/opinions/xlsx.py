"""The 意见建议汇总表 as an Excel workbook (openpyxl).

Opinion texts come from the public form, so no cell may become a formula: openpyxl
makes one of any string starting with "=", and Excel or WPS would run it (a link
that sends data away, a DDE command). Every text cell is written through `_append`,
which keeps the exact text and forces the cell's type to a plain string.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from orglife.opinions.models import Campaign
from orglife.opinions.summary import HEADERS, Summary, campaign_period
from orglife.printing.xlsx import print_as_office_table

WIDTHS = {"A": 6, "B": 12, "C": 60, "D": 14, "E": 10, "F": 12, "G": 40}


def _append(sheet: Worksheet, values: list) -> None:
    """Append a row whose strings stay strings: never a formula, whatever they start
    with. Control characters that XML cannot carry (a form accepts them) are dropped."""
    cells = []
    for value in values:
        if isinstance(value, str):
            value = Cell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            value.data_type = "s"  # after the value: assigning one that starts with "=" makes a formula
        cells.append(value)
    sheet.append(cells)


def summary_workbook(*, campaign: Campaign, summary: Summary) -> bytes:
    """Two sheets: 汇总表 (one row per opinion after merging, the merged texts listed
    in its cell) and 统计 (counts by source and category)."""
    counts = summary.counts
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总表"
    _append(sheet, ["意见建议汇总表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    _append(sheet, [f"{campaign.cycle.branch.name}　{campaign.title}　{campaign_period(campaign)}"])
    _append(sheet, [f"征求对{campaign.subject_text}的意见，{summary.sentence}。"])
    _append(sheet, HEADERS)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in summary.rows:
        _append(sheet, row.cells())
    # Printed: A4 landscape, one page wide, the header row on every page (issue 19).
    print_as_office_table(sheet, header_row=4, widths=WIDTHS)

    stats = book.create_sheet("统计")
    rows = [
        ["来源", "条数"],
        *([label, n] for label, n in counts["by_source"].items()),
        [],
        ["方面", "条数"],
        *([name, n] for name, n in counts["by_category"].items()),
        [],
        ["合计", counts["total"]],
        ["合并相同意见后", counts["distinct"]],
    ]
    for row in rows:
        _append(stats, row)
    stats.column_dimensions["A"].width = 24

    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
