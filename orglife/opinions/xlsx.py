"""The 意见建议汇总表 as an Excel workbook (openpyxl)."""

from __future__ import annotations

from io import BytesIO

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from orglife.models import Campaign, Opinion
from orglife.selectors_opinion import opinion_counts, opinion_counts_sentence

from .summary import HEADERS, campaign_period, summary_rows

WIDTHS = {"A": 6, "B": 12, "C": 60, "D": 14, "E": 10, "F": 12, "G": 40}


def summary_workbook(*, campaign: Campaign, opinions: QuerySet[Opinion]) -> bytes:
    """Two sheets: 汇总表 (one row per opinion after merging) and 统计 (counts by source and category)."""
    counts = opinion_counts(opinions)
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总表"
    sheet.append(["意见建议汇总表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([f"{campaign.cycle.branch.name}　{campaign.title}　{campaign_period(campaign)}"])
    sheet.append([f"征求对{campaign.subject_text}的意见，{opinion_counts_sentence(counts)}。"])
    sheet.append(HEADERS)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in summary_rows(opinions):
        sheet.append(row.cells())
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

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
        stats.append(row)
    stats.column_dimensions["A"].width = 24

    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
