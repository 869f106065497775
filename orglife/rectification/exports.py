"""The ledger exported: the Excel workbook in the columns offices use, and the printed list.

Both read `orglife.rectification.selectors.ledger_for`, as the 公示 page does, so
the three always show the same items in the same order.
"""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook

from orglife.common.ordinals import chinese_date
from orglife.cycles.models import Cycle
from orglife.printing import pdf
from orglife.printing.xlsx import append_row, print_as_office_table, title_row
from orglife.rectification.models import LedgerItem
from orglife.rectification.selectors import Ledger, closed_text, progress_text

HEADERS = ["序号", "问题", "整改措施", "责任人", "完成时限", "进展情况", "是否销号"]
WIDTHS = {"A": 6, "B": 40, "C": 40, "D": 10, "E": 14, "F": 40, "G": 16}
HEADER_ROW = 3
LEDGER = pdf.Document(
    name="ledger",
    stylesheets=(pdf.TABLES, pdf.ASSETS_DIR / "opinion-summary.css"),
    busy="正在生成其他PDF，请稍后再试（可以先下载Excel整改台账）。",
    too_long="整改台账太长，未能在{seconds:g}秒内生成PDF。请先下载Excel整改台账。",
    failed="未能生成整改台账PDF。请先下载Excel整改台账。",
)


def ledger_title(cycle: Cycle) -> str:
    return f"{cycle.branch.name}{cycle.title}整改台账"


def row_cells(number: int, item: LedgerItem) -> list:
    """One item in the office columns: 序号, 问题, 整改措施, 责任人, 完成时限, 进展情况, 是否销号."""
    progress = "\n".join(part for part in (item.get_status_display(), progress_text(item)) if part)
    return [
        number,
        "\n".join(item.problem_lines),
        item.text,
        item.owner.get_full_name() if item.owner else "",
        item.deadline,
        progress,
        closed_text(item),
    ]


def _sheet(sheet, *, title: str, items: list[LedgerItem], today) -> None:
    title_row(sheet, title, len(HEADERS))
    append_row(sheet, [f"截至{chinese_date(today)}"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    append_row(sheet, HEADERS)
    for number, item in enumerate(items, start=1):
        append_row(sheet, row_cells(number, item))
    print_as_office_table(sheet, header_row=HEADER_ROW, widths=WIDTHS)


def ledger_workbook(*, cycle: Cycle, ledger: Ledger) -> bytes:
    """支部整改清单 on the first sheet; 个人整改清单, when there are any, on the second,
    each member's items together."""
    book = Workbook()
    today = ledger.today
    _sheet(book.active, title=ledger_title(cycle), items=ledger.branch, today=today)
    book.active.title = "支部整改清单"
    if ledger.personal:
        personal = [item for _, items in ledger.personal for item in items]
        _sheet(book.create_sheet("个人整改清单"), title=f"{cycle.title}党员个人整改清单", items=personal, today=today)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ledger_job(*, cycle: Cycle, ledger: Ledger) -> pdf.PrintJob:
    """The printed list (landscape A4 table) as a print job."""
    rows = [(n, item, row_cells(n, item)) for n, item in enumerate(ledger.branch, start=1)]
    personal = [
        (member, [(n, item, row_cells(n, item)) for n, item in enumerate(items, 1)])
        for member, items in ledger.personal
    ]
    return pdf.prepare(
        document=LEDGER,
        template="rectification/ledger_pdf.html",
        context={
            "title": ledger_title(cycle),
            "cycle": cycle,
            "today": ledger.today,
            "rows": rows,
            "personal": personal,
            "printed_at": timezone.localdate(),
        },
    )
