import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from orglife.opinions.summary import build_summary
from orglife.rectification.exports import ledger_workbook
from orglife.rectification.selectors import ledger_for
from tests.factories import make_campaign, make_ledger_item, make_problem, make_progress

TODAY = datetime.date(2023, 7, 1)


@pytest.fixture
def ledger(world):
    problem = make_problem(material=world.material, category=world.categories[1], text="理论学习不深入。")
    first = make_ledger_item(
        cycle=world.cycle,
        text='=HYPERLINK("http://x")每月集中学习一次。',
        owner=world.committee,
        deadline=datetime.date(2023, 3, 31),
        problems=[problem],
        status="closed",
        closed_by=world.secretary,
        closed_at=timezone.make_aware(datetime.datetime(2023, 4, 2, 10, 0)),
    )
    make_progress(item=first, author=world.committee, text="已开展6次。", on=datetime.date(2023, 1, 5))
    make_progress(item=first, author=world.committee, text="+全部完成", on=datetime.date(2023, 3, 30))
    make_ledger_item(
        cycle=world.cycle,
        text="开展调研。",
        problem_text="@联系群众不够。",
        status="long_term",
        closed_by=world.secretary,
        closed_at=timezone.now(),
    )
    make_ledger_item(cycle=world.cycle, text="每天读书。", member=world.member, owner=world.member)
    return ledger_for(world.cycle, today=TODAY)


def _cells(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_workbook_has_the_office_columns_with_exact_cells(world, ledger):
    book = load_workbook(BytesIO(ledger_workbook(cycle=world.cycle, ledger=ledger)))

    branch, personal = book.worksheets
    assert (branch.title, personal.title) == ("支部整改清单", "个人整改清单")
    assert _cells(branch) == [
        ["第一党支部2022年专题组织生活会整改台账", None, None, None, None, None, None],
        ["截至2023年7月1日", None, None, None, None, None, None],
        ["序号", "问题", "整改措施", "责任人", "完成时限", "进展情况", "是否销号"],
        [
            1,
            "理论学习不深入。",
            '=HYPERLINK("http://x")每月集中学习一次。',
            "李委员",
            datetime.datetime(2023, 3, 31),
            "已销号\n2023年1月5日：已开展6次。\n2023年3月30日：+全部完成",
            "是（2023年4月2日）",
        ],
        [2, "@联系群众不够。", "开展调研。", None, None, "长期坚持", "长期坚持"],
    ]
    assert _cells(personal)[3] == [1, None, "每天读书。", "王党员", None, "未开始", "否"]


def test_text_cells_are_text_and_dates_are_dates(world, ledger):
    sheet = load_workbook(BytesIO(ledger_workbook(cycle=world.cycle, ledger=ledger))).worksheets[0]

    assert [sheet[f"{c}4"].data_type for c in "ABCDEFG"] == ["n", "s", "s", "s", "d", "s", "s"]
    assert sheet["B5"].data_type == "s"
    assert sheet["E4"].number_format == 'yyyy"年"m"月"d"日"'


def test_the_workbook_prints_as_offices_expect(world, ledger):
    sheet = load_workbook(BytesIO(ledger_workbook(cycle=world.cycle, ledger=ledger))).worksheets[0]

    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.freeze_panes == "A4"
    assert sorted(str(r) for r in sheet.merged_cells.ranges) == ["A1:G1", "A2:G2"]
    # Tall enough for the three lines of 进展情况 (LibreOffice Calc does not fit rows itself).
    assert (sheet.row_dimensions[4].height, sheet.row_dimensions[5].height) == (45, 15)


def test_the_opinion_summary_prints_one_page_wide_too(world):
    from orglife.opinions.xlsx import summary_workbook

    campaign = make_campaign(cycle=world.cycle)
    data = summary_workbook(campaign=campaign, summary=build_summary(campaign.opinions.all()))
    sheet = load_workbook(BytesIO(data))["汇总表"]

    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.print_title_rows, sheet.freeze_panes) == ("$4:$4", "A5")


def test_the_printed_list_is_a_pdf_with_the_items(world, client_for, ledger):
    from pypdf import PdfReader

    response = client_for(world.member).get(reverse("ledger_pdf", args=[world.cycle.pk]))

    text = PdfReader(BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert response["Content-Type"] == "application/pdf"
    assert "每月集中学习一次" in text.replace(" ", "").replace("\n", "")
