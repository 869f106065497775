"""Word's automatic list numbering: the reader puts the number Word shows before the text."""

import io
import re
import zipfile
from collections import Counter

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.numbering import CT_Numbering
from docx.oxml.styles import CT_Styles
from lxml import etree

from orglife.materials.importing import (
    MAX_BYTES,
    ImportWarning,
    UnreadableDocument,
    parse_material,
    read_document,
    read_upload,
    wordfile,
)
from orglife.materials.importing.decoding import TEXT_TOO_LARGE
from orglife.materials.importing.numbering import ListNumbering, format_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def lvl(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    """A w:lvl; `extra` goes between w:numFmt and w:lvlText (w:lvlRestart, w:pStyle, w:isLgl, w:suff)."""
    return (
        f"<w:lvl w:ilvl='{ilvl}'><w:start w:val='{start}'/><w:numFmt w:val='{fmt}'/>{extra}"
        f"<w:lvlText w:val='{text}'/></w:lvl>"
    )


def abstract_num(abstract_id: int, *levels: str) -> str:
    return f"<w:abstractNum w:abstractNumId='{abstract_id}'>{''.join(levels)}</w:abstractNum>"


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f"<w:num w:numId='{num_id}'><w:abstractNumId w:val='{abstract_id}'/>{overrides}</w:num>"


def start_override(ilvl: int, start: int) -> str:
    return f"<w:lvlOverride w:ilvl='{ilvl}'><w:startOverride w:val='{start}'/></w:lvlOverride>"


def add_lists(document, xml: str) -> None:
    """Add w:abstractNum and w:num elements to the document's numbering part, abstract lists first."""
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for element in etree.fromstring(f"<w:numbering xmlns:w='{W}' xmlns:mc='{MC}'>{xml}</w:numbering>"):
        if element.tag == qn("w:abstractNum"):
            first_num.addprevious(element)
        else:
            numbering.append(element)


def numbered(document, text: str, num_id: int, ilvl: int | None = 0, style: str | None = None) -> None:
    """A paragraph numbered by its own w:numPr; ilvl None leaves the level out, as Word does for level 0."""
    paragraph = document.add_paragraph(text, style=style)
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    if ilvl is not None:
        numbering.get_or_add_ilvl().val = ilvl
    numbering.get_or_add_numId().val = num_id


def style_numbered(document, name: str, num_id: int | None, ilvl: int | None = None, base: str | None = None) -> None:
    """A paragraph style that numbers its paragraphs (with w:numPr in its w:pPr)."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = document.styles[base]
    if num_id is None:
        return
    numbering = style.element.get_or_add_pPr().get_or_add_numPr()
    if ilvl is not None:
        numbering.get_or_add_ilvl().val = ilvl
    numbering.get_or_add_numId().val = num_id


@pytest.mark.parametrize(
    ("fmt", "numbers", "expected"),
    [
        ("decimal", [1, 9, 10, 123], ["1", "9", "10", "123"]),
        ("decimalZero", [1, 9, 10], ["01", "09", "10"]),
        ("decimalFullWidth", [3, 12], ["３", "１２"]),
        ("chineseCounting", [1, 10, 11, 20, 99, 105], ["一", "十", "十一", "二十", "九十九", "一〇五"]),
        ("chineseCountingThousand", [1, 10, 12, 105, 1000], ["一", "十", "十二", "一百零五", "一千"]),
        ("japaneseCounting", [1, 10, 11, 20, 105, 1000], ["一", "十", "十一", "二十", "百五", "千"]),
        ("chineseLegalSimplified", [2, 10, 12, 105], ["贰", "壹拾", "壹拾贰", "壹佰零伍"]),
        ("ideographLegalTraditional", [2, 13], ["貳", "壹拾參"]),
        ("ideographDigital", [1, 10, 105], ["一", "一〇", "一〇五"]),
        ("ideographTraditional", [1, 10, 11], ["甲", "癸", "11"]),
        ("ideographZodiac", [1, 12, 13], ["子", "亥", "13"]),
        ("ideographZodiacTraditional", [1, 11, 60], ["甲子", "甲戌", "癸亥"]),
        ("ideographEnclosedCircle", [1, 10, 11], ["㊀", "㊉", "11"]),
        ("decimalEnclosedCircle", [1, 20, 21], ["①", "⑳", "21"]),
        ("decimalEnclosedCircleChinese", [2], ["②"]),
        ("decimalEnclosedParen", [1, 20, 21], ["(1)", "(20)", "21"]),
        ("decimalEnclosedFullstop", [3], ["3."]),
        ("lowerLetter", [1, 26, 27, 53], ["a", "z", "aa", "aaa"]),
        ("upperLetter", [2, 28], ["B", "BB"]),
        ("lowerRoman", [4, 9, 14], ["iv", "ix", "xiv"]),
        ("upperRoman", [40, 1994], ["XL", "MCMXCIV"]),
        ("none", [1, 2], ["", ""]),
        ("ordinalText", [1], [None]),
        ("chineseCounting", [0], ["0"]),  # a list may start at 0
        ("chineseCountingThousand", [9999, 10000], ["九千九百九十九", "10000"]),
        ("lowerLetter", [10000], ["10000"]),  # a crafted start cannot make a huge label
    ],
)
def test_format_number_each_format(fmt, numbers, expected):
    assert [format_number(n, fmt) for n in numbers] == expected


# A material whose parts, sections and items are one three-level list, as a secretary sets it up in Word.
MATERIAL = [
    (None, "某党支部2023年度组织生活会对照检查材料"),
    (None, "根据上级党委通知要求，现对照检查如下。"),
    (0, "存在的问题"),
    (1, "思想方面。"),
    (2, "理论学习不够深入。集中学习多、个人自学少。"),
    (2, "党性修养有所放松。"),
    (1, "工作方面。"),
    (2, "服务群众不够主动。"),
    (0, "原因剖析"),
    (1, "理想信念有所淡化。平时学习不够。"),
    (1, "宗旨意识有所弱化。"),
    (0, "整改措施"),
    (1, "加强理论学习。"),
    (2, "每月集中学习两次。"),
    (2, "每季度开展一次研讨。"),
    (1, "改进工作作风。"),
    (2, "每月走访群众。"),
    (None, "以上对照检查，请大家批评指正。"),
]
TYPED_MATERIAL = [
    "某党支部2023年度组织生活会对照检查材料",
    "根据上级党委通知要求，现对照检查如下。",
    "一、存在的问题",
    "（一）思想方面。",
    "一是理论学习不够深入。集中学习多、个人自学少。",
    "二是党性修养有所放松。",
    "（二）工作方面。",
    "一是服务群众不够主动。",
    "二、原因剖析",
    "（一）理想信念有所淡化。平时学习不够。",
    "（二）宗旨意识有所弱化。",
    "三、整改措施",
    "（一）加强理论学习。",
    "一是每月集中学习两次。",
    "二是每季度开展一次研讨。",
    "（二）改进工作作风。",
    "一是每月走访群众。",
    "以上对照检查，请大家批评指正。",
]
CHINESE_LIST = abstract_num(
    101,
    lvl(0, "chineseCounting", "%1、", extra="<w:suff w:val='nothing'/>"),
    lvl(1, "chineseCountingThousand", "（%2）", extra="<w:suff w:val='nothing'/>"),
    lvl(2, "chineseCounting", "%3是"),  # Word's default suffix, a tab: the parser strips the space it becomes
) + num(101, 101)


def auto_numbered_material(document) -> None:
    add_lists(document, CHINESE_LIST)
    for ilvl, text in MATERIAL:
        if ilvl is None:
            document.add_paragraph(text)
        else:
            numbered(document, text, 101, ilvl)


def typed_material(document) -> None:
    for line in TYPED_MATERIAL:
        document.add_paragraph(line)


def test_read_docx_auto_numbered_material_shows_the_numbers():
    reading = read_upload(docx_bytes(auto_numbered_material), "材料.docx")

    assert reading.text.splitlines() == [
        "某党支部2023年度组织生活会对照检查材料",
        "根据上级党委通知要求，现对照检查如下。",
        "一、存在的问题",
        "（一）思想方面。",
        "一是 理论学习不够深入。集中学习多、个人自学少。",
        "二是 党性修养有所放松。",
        "（二）工作方面。",
        "一是 服务群众不够主动。",
        "二、原因剖析",
        "（一）理想信念有所淡化。平时学习不够。",
        "（二）宗旨意识有所弱化。",
        "三、整改措施",
        "（一）加强理论学习。",
        "一是 每月集中学习两次。",
        "二是 每季度开展一次研讨。",
        "（二）改进工作作风。",
        "一是 每月走访群众。",
        "以上对照检查，请大家批评指正。",
    ]
    assert reading.warnings == []


def test_auto_numbered_material_imports_like_the_typed_one():
    auto = parse_material(read_document(docx_bytes(auto_numbered_material), "材料.docx"))
    typed = parse_material(read_document(docx_bytes(typed_material), "材料.docx"))

    assert auto.data == typed.data
    assert auto.warnings == typed.warnings == []
    assert [(c["name"], [i["text"] for i in c["items"]]) for c in auto.data["categories"]] == [
        ("思想", ["理论学习不够深入。集中学习多、个人自学少。", "党性修养有所放松。"]),
        ("工作", ["服务群众不够主动。"]),
    ]
    assert auto.data["causes"] == [
        {"heading": "理想信念有所淡化", "text": "平时学习不够。"},
        {"heading": "宗旨意识有所弱化", "text": ""},
    ]
    assert [(d["heading"], [m["text"] for m in d["measures"]]) for d in auto.data["directions"]] == [
        ("加强理论学习", ["每月集中学习两次。", "每季度开展一次研讨。"]),
        ("改进工作作风", ["每月走访群众。"]),
    ]
    assert (auto.data["closing"], auto.data["layout"]) == ("以上对照检查，请大家批评指正。", "paragraphs")


def test_auto_numbered_sample_reads_as_the_typed_sample(sample_text):
    lines = sample_text.splitlines()

    def build(document) -> None:
        add_lists(document, abstract_num(101, lvl(0, "chineseCounting", "%1、"), lvl(1, "chineseCounting", "(%2)")))
        add_lists(document, num(101, 101))
        for line in lines:
            if re.match(r"[一二三]、", line):
                numbered(document, line[2:], 101, None)
            elif re.match(r"\([一二三四]\)", line):
                numbered(document, line[3:], 101, 1)
            else:
                document.add_paragraph(line)

    text = read_document(docx_bytes(build), "材料.docx")

    assert text == "\n".join(lines)
    data = parse_material(text).data
    assert data == parse_material(sample_text).data
    assert [c["name"] for c in data["categories"]] == ["思想", "学习", "工作", "生活"]
    assert [c["heading"] for c in data["causes"]] == ["党性修养锤炼不够", "初心使命意识不强", "监督管理约束不严"]
    assert [len(d["measures"]) for d in data["directions"]] == [4, 3, 3]


def test_read_docx_numbering_restarts_deeper_levels_unless_lvl_restart_says_otherwise():
    def build(document) -> None:
        add_lists(
            document,
            abstract_num(
                101,
                lvl(0, "decimal", "%1."),
                lvl(1, "decimal", "%1.%2."),
                lvl(2, "lowerLetter", "%3)", extra="<w:lvlRestart w:val='0'/>"),  # never restarts
            )
            + num(101, 101),
        )
        for ilvl, text in [(0, "甲"), (1, "乙"), (2, "丙"), (1, "丁"), (2, "戊"), (0, "己"), (1, "庚"), (2, "辛")]:
            numbered(document, text, 101, ilvl)

    assert read_document(docx_bytes(build), "a.docx").splitlines() == [
        "1.甲",
        "1.1.乙",
        "a)丙",
        "1.2.丁",
        "b)戊",
        "2.己",
        "2.1.庚",
        "c)辛",
    ]


def test_read_docx_lvl_restart_restarts_only_after_the_levels_it_names():
    def build(document) -> None:
        add_lists(
            document,
            abstract_num(
                101,
                lvl(0, "chineseCounting", "%1、"),
                lvl(1, "chineseCounting", "（%2）"),
                lvl(2, "decimal", "%3.", extra="<w:lvlRestart w:val='1'/>"),  # restarts after level 1 only
            )
            + num(101, 101),
        )
        for ilvl, text in [(0, "甲"), (1, "乙"), (2, "丙"), (1, "丁"), (2, "戊"), (0, "己"), (2, "庚")]:
            numbered(document, text, 101, ilvl)

    assert read_document(docx_bytes(build), "a.docx").splitlines() == [
        "一、甲",
        "（一）乙",
        "1.丙",
        "（二）丁",
        "2.戊",
        "二、己",
        "1.庚",
    ]


def test_read_docx_numbering_start_and_start_override():
    def build(document) -> None:
        add_lists(
            document,
            abstract_num(101, lvl(0, "decimal", "%1.", start=3))
            + abstract_num(102, lvl(0, "decimalEnclosedCircle", "%1"))
            + num(101, 101)
            + num(102, 101, start_override(0, 1))  # Word's "restart numbering": another instance of the list
            + num(103, 101)  # "continue numbering": an instance without override
            + num(104, 102, start_override(0, 5)),
        )
        for num_id, text in [(101, "甲"), (101, "乙"), (102, "丙"), (102, "丁"), (101, "戊")]:
            numbered(document, text, num_id)
        for num_id, text in [(104, "己"), (103, "庚"), (104, "辛")]:
            numbered(document, text, num_id)

    assert read_document(docx_bytes(build), "a.docx").splitlines() == [
        "3.甲",
        "4.乙",
        "1.丙",
        "2.丁",
        "3.戊",  # the instances share the list's count, as in Word
        "⑤ 己",
        "4.庚",
        "⑥ 辛",
    ]


def test_read_docx_numbering_from_paragraph_styles():
    def build(document) -> None:
        add_lists(
            document,
            abstract_num(
                101,
                lvl(0, "chineseCounting", "%1、", extra="<w:pStyle w:val='PartHeading'/>"),
                lvl(1, "chineseCounting", "（%2）", extra="<w:pStyle w:val='SectionHeading'/>"),
            )
            + num(101, 101),
        )
        style_numbered(document, "PartHeading", 101)  # the level comes from the list's w:pStyle
        style_numbered(document, "SectionHeading", 101)
        style_numbered(document, "QuietSection", None, base="SectionHeading")  # inherits the numbering
        document.add_paragraph("存在的问题", style="PartHeading")
        document.add_paragraph("思想方面", style="SectionHeading")
        document.add_paragraph("工作方面", style="QuietSection")
        document.add_paragraph("原因剖析", style="PartHeading")
        document.add_paragraph("党性修养不够", style="SectionHeading")
        document.add_paragraph("每月学习", style="List Number")  # python-docx's template: List Number is numId 5
        document.add_paragraph("每周走访", style="List Number")

    assert read_document(docx_bytes(build), "a.docx").splitlines() == [
        "一、存在的问题",
        "（一）思想方面",
        "（二）工作方面",
        "二、原因剖析",
        "（一）党性修养不够",
        "1.每月学习",
        "2.每周走访",
    ]


def test_read_docx_style_numbering_with_its_own_level():
    def build(document) -> None:
        add_lists(document, abstract_num(101, lvl(0, "decimal", "%1."), lvl(1, "decimal", "（%2）")) + num(101, 101))
        style_numbered(document, "ItemStyle", 101, ilvl=1)
        numbered(document, "第一条", 101, 0)
        document.add_paragraph("甲", style="ItemStyle")
        document.add_paragraph("乙", style="ItemStyle")
        numbered(document, "丙", 101, 0, style="ItemStyle")  # the paragraph's own level wins

    assert read_document(docx_bytes(build), "a.docx").splitlines() == ["1.第一条", "（1）甲", "（2）乙", "2.丙"]


def test_read_docx_numbering_through_a_numbering_style():
    def build(document) -> None:
        add_lists(
            document,
            abstract_num(101, lvl(0, "chineseCounting", "%1、"), lvl(1, "decimal", "%2."))
            + "<w:abstractNum w:abstractNumId='102'><w:numStyleLink w:val='OutlineList'/></w:abstractNum>"
            + num(101, 101)
            + num(102, 102),
        )
        style = document.styles.add_style("OutlineList", WD_STYLE_TYPE.LIST)  # Word's 列表样式
        style.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 101
        numbered(document, "存在的问题", 102, 0)
        numbered(document, "学习不够", 102, 1)
        numbered(document, "原因剖析", 101, 0)  # the same list, so the count goes on

    assert read_document(docx_bytes(build), "a.docx").splitlines() == ["一、存在的问题", "1.学习不够", "二、原因剖析"]


def test_read_docx_num_id_zero_switches_numbering_off():
    def build(document) -> None:
        document.add_paragraph("甲", style="List Number")
        numbered(document, "乙", 0, None, style="List Number")  # numId 0 overrides the style's list
        document.add_paragraph("丙", style="List Number")
        numbered(document, "丁", 999)  # a list that does not exist numbers nothing

    assert read_document(docx_bytes(build), "a.docx").splitlines() == ["1.甲", "乙", "2.丙", "丁"]


def test_read_docx_legal_numbering_and_suffixes():
    def build(document) -> None:
        add_lists(
            document,
            abstract_num(
                101,
                lvl(0, "chineseCounting", "第%1章", extra="<w:suff w:val='space'/>"),
                lvl(1, "upperRoman", "%1.%2", extra="<w:isLgl/>"),  # legal: every number in decimal
                lvl(2, "decimal", "%3", extra="<w:suff w:val='nothing'/>"),
            )
            + num(101, 101),
        )
        for ilvl, text in [(0, "总则"), (1, "目的"), (2, "2022年"), (1, "范围")]:
            numbered(document, text, 101, ilvl)

    assert read_document(docx_bytes(build), "a.docx").splitlines() == [
        "第一章 总则",
        "1.1 目的",
        "12022年",
        "1.2 范围",
    ]


def test_read_docx_bullets_and_hidden_numbers_add_no_text():
    def build(document) -> None:
        add_lists(
            document,
            abstract_num(101, lvl(0, "bullet", "\uf0b7"), lvl(1, "decimal", "%2."))
            + abstract_num(102, lvl(0, "none", ""))
            + num(101, 101)
            + num(102, 102),
        )
        numbered(document, "要点一", 101, 0)
        numbered(document, "细节", 101, 1)
        numbered(document, "要点二", 101, 0)
        numbered(document, "细节", 101, 1)
        numbered(document, "不显示序号", 102, 0)

    assert read_document(docx_bytes(build), "a.docx").splitlines() == [
        "要点一",
        "1.细节",
        "要点二",
        "1.细节",
        "不显示序号",
    ]


def test_read_docx_unknown_numbering_format_reads_as_decimal_with_a_warning():
    custom = (
        "<w:lvl w:ilvl='0'><w:start w:val='1'/><mc:AlternateContent><mc:Choice Requires='w14'>"
        "<w:numFmt w:val='custom' w:format='001, 002, 003, ...'/></mc:Choice>"
        "<mc:Fallback><w:numFmt w:val='decimal'/></mc:Fallback></mc:AlternateContent>"
        "<w:lvlText w:val='%1、'/></w:lvl>"
    )

    def build(document) -> None:
        add_lists(
            document,
            abstract_num(101, lvl(0, "ordinalText", "%1、"))
            + abstract_num(102, custom)
            + abstract_num(103, lvl(0, "decimal", "%1."))
            + num(101, 101)
            + num(102, 102)
            + num(103, 103),
        )
        numbered(document, "加强学习。", 101)
        numbered(document, "改进作风。", 101)
        numbered(document, "走访群众。", 102)
        numbered(document, "按时完成。", 103)

    reading = read_upload(docx_bytes(build), "a.docx")

    assert reading.text.splitlines() == ["1、加强学习。", "2、改进作风。", "1、走访群众。", "1.按时完成。"]
    assert reading.warnings == [
        ImportWarning(
            "numbering_format",
            "文档的自动编号用了无法识别的编号格式（ordinalText、custom），"
            "这些序号已按阿拉伯数字 1、2、3……导入，请核对。",
            "加强学习。",
        )
    ]


def test_read_docx_numbering_counts_through_tables_in_reading_order():
    def build(document) -> None:
        add_lists(document, abstract_num(101, lvl(0, "decimal", "%1.")) + num(101, 101))
        numbered(document, "甲", 101)
        table = document.add_table(rows=1, cols=2)
        for cell, text in zip(table.rows[0].cells, ["乙", "丙"], strict=True):
            cell.paragraphs[0].text = text
            numbering = cell.paragraphs[0]._p.get_or_add_pPr().get_or_add_numPr()
            numbering.get_or_add_numId().val = 101
        numbered(document, "丁", 101)

    assert read_document(docx_bytes(build), "a.docx").splitlines() == ["1.甲", "2.乙\t3.丙", "4.丁"]


SKIPPED_WARNING = "文档的自动编号设置异常（编号文字过长或数值过大），有些段落的自动序号没有导入，请核对这些段落的序号。"
UNREADABLE_WARNING = ImportWarning(
    "numbering_unreadable",
    "文档的自动编号无法读取，自动编号的序号（如“一、”“（一）”“1.”）都没有导入，请核对各标题和条目的序号，必要时手动补上。",
)


def add_styles(document, xml: str) -> None:
    """Append raw w:style elements, ids python-docx would not write included."""
    for element in etree.fromstring(f"<w:styles xmlns:w='{W}'>{xml}</w:styles>"):
        document.styles.element.append(element)


def styled(document, text: str, style_id: str) -> None:
    """A paragraph whose w:pStyle is `style_id` as it stands (python-docx looks a style up by name)."""
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(etree.fromstring(f"<w:pStyle xmlns:w='{W}' w:val='{style_id}'/>"))


@pytest.fixture
def work(monkeypatch) -> Counter:
    """Counts how often the numbering parses a list, a level and a style's numbering, and forbids
    python-docx's lookups, which scan every list or style and build an XPath from the document's ids."""
    calls: Counter = Counter()

    def counting(name: str):
        original = getattr(ListNumbering, name)

        def counted(self, *args):
            calls[name] += 1
            return original(self, *args)

        return counted

    for name in ("_read_list", "_read_level", "_read_style_numbering"):
        monkeypatch.setattr(ListNumbering, name, counting(name))

    def forbidden(*args, **kwargs):
        raise AssertionError("python-docx lookup used")

    for cls, name in [(CT_Styles, "get_by_id"), (CT_Styles, "default_for"), (CT_Numbering, "num_having_numId")]:
        monkeypatch.setattr(cls, name, forbidden)
    return calls


def test_read_docx_level_text_with_a_thousand_placeholders_is_parsed_once_and_left_out(work):
    """The 37 KB upload that took minutes: each of 2,000 paragraphs wrote 1,000 numbers, each re-reading the XML."""

    def build(document) -> None:
        add_lists(document, abstract_num(900, lvl(0, "decimal", "%1" * 1000)) + num(900, 900))
        for _ in range(2000):
            numbered(document, "甲", 900)

    reading = read_upload(docx_bytes(build), "a.docx")

    assert reading.text.splitlines() == ["甲"] * 2000
    assert reading.warnings == [ImportWarning("numbering_skipped", SKIPPED_WARNING, "甲")]
    assert work == Counter({"_read_list": 1, "_read_level": 1})


def test_read_docx_numbering_work_is_linear_in_lists_and_styles(work):
    """Each list, level and style is read once, however many paragraphs use it (2,000 lists cost 12 s before)."""

    def build(document) -> None:
        add_lists(
            document,
            "".join(abstract_num(1000 + i, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2")) for i in range(200))
            + "".join(num(1000 + i, 1000 + i) for i in range(200)),
        )
        # A chain of 20 styles, each based on the one before, the first numbering with list 1000.
        add_styles(
            document,
            "<w:style w:type='paragraph' w:styleId='S0'><w:name w:val='S0'/>"
            "<w:pPr><w:numPr><w:ilvl w:val='1'/><w:numId w:val='1000'/></w:numPr></w:pPr></w:style>"
            + "".join(
                f"<w:style w:type='paragraph' w:styleId='S{i}'><w:name w:val='S{i}'/><w:basedOn w:val='S{i - 1}'/>"
                "</w:style>"
                for i in range(1, 20)
            ),
        )
        for i in range(1000):
            numbered(document, "甲", 1000 + i % 200)
        for i in range(100):
            styled(document, "乙", f"S{19 - i % 10}")

    lines = read_document(docx_bytes(build), "a.docx").splitlines()

    assert lines[:1000] == [f"{i // 200 + 1}.甲" for i in range(1000)]
    assert lines[1000:] == [f"5.{i + 1} 乙" for i in range(100)]
    # 200 lists with their level 0, level 1 of list 1000, and the ten styles used.
    assert work == Counter({"_read_list": 200, "_read_level": 201, "_read_style_numbering": 10})


@pytest.mark.parametrize(
    "level",
    [
        lvl(0, "decimal", "第%1章" + "。" * 62),  # a level text longer than 64 characters
        lvl(0, "decimal", "%1" * 10),  # more numbers than a list has levels
        lvl(0, "lowerLetter", "%1.", start=9000),  # 347 z's, then 347 a's
        lvl(0, "decimal", "%1.", start=10**30),
    ],
    ids=["long-text", "placeholders", "long-label", "huge-start"],
)
def test_read_docx_level_no_real_list_has_is_left_out_with_a_warning(level):
    def build(document) -> None:
        add_lists(document, abstract_num(101, level) + abstract_num(102, lvl(0, "decimal", "%1、")))
        add_lists(document, num(101, 101) + num(102, 102))
        numbered(document, "加强学习。", 102)
        numbered(document, "改进作风。", 101)
        numbered(document, "走访群众。", 101)
        numbered(document, "按时完成。", 102)

    reading = read_upload(docx_bytes(build), "a.docx")

    assert reading.text.splitlines() == ["1、加强学习。", "改进作风。", "走访群众。", "2、按时完成。"]
    assert reading.warnings == [ImportWarning("numbering_skipped", SKIPPED_WARNING, "改进作风。")]


def test_read_docx_quote_in_a_style_id():
    """python-docx puts the id in an XPath, which a quote breaks (XPathEvalError, an HTTP 500 on upload)."""

    def build(document) -> None:
        add_lists(document, abstract_num(101, lvl(0, "chineseCounting", "%1、")) + num(101, 101))
        add_styles(
            document,
            "<w:style w:type='paragraph' w:styleId='x\"y'><w:name w:val='Quoted'/>"
            "<w:pPr><w:numPr><w:numId w:val='101'/></w:numPr></w:pPr></w:style>",
        )
        styled(document, "存在的问题", 'x"y')
        styled(document, "正文", 'a"b')  # a style the document lacks: the default style, which numbers nothing
        styled(document, "原因剖析", 'x"y')
        document.add_paragraph("结尾")

    reading = read_upload(docx_bytes(build), "a.docx")

    assert reading.text.splitlines() == ["一、存在的问题", "正文", "二、原因剖析", "结尾"]
    assert reading.warnings == []


def test_read_docx_style_attributes_python_docx_cannot_parse():
    """w:default='yes' and an unknown w:type make python-docx's default_for raise; they are simply not defaults."""

    def build(document) -> None:
        document.add_paragraph("甲")
        document.add_paragraph("乙", style="List Number")
        add_styles(  # after the paragraphs: python-docx could not look their styles up
            document,
            "<w:style w:type='paragraph' w:default='yes' w:styleId='Odd'><w:name w:val='Odd'/>"
            "<w:pPr><w:numPr><w:numId w:val='5'/></w:numPr></w:pPr></w:style>"
            "<w:style w:type='bogus' w:default='1' w:styleId='Bogus'><w:name w:val='Bogus'/></w:style>",
        )

    reading = read_upload(docx_bytes(build), "a.docx")

    assert reading.text.splitlines() == ["甲", "1.乙"]
    assert reading.warnings == []


def without_numbering_content_type(data: bytes) -> bytes:
    """The file with numbering.xml declared as plain XML, so python-docx gives a part with no XML tree."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = re.sub(rb'<Override PartName="/word/numbering.xml"[^>]*/>', b"", content)
            target.writestr(info, content)
    return out.getvalue()


def test_read_docx_unreadable_numbering_part_reads_without_numbers():
    data = without_numbering_content_type(docx_bytes(auto_numbered_material))

    reading = read_upload(data, "材料.docx")

    assert reading.text.splitlines() == [text for _, text in MATERIAL]
    assert reading.warnings == [UNREADABLE_WARNING]


def test_read_docx_numbering_failing_midway_leaves_every_number_out(monkeypatch):
    original = ListNumbering._read_level
    levels_read = []

    def failing(self, num_id, ilvl):
        levels_read.append(ilvl)
        if ilvl == 2:
            raise KeyError("a case nobody foresaw")
        return original(self, num_id, ilvl)

    monkeypatch.setattr(ListNumbering, "_read_level", failing)

    reading = read_upload(docx_bytes(auto_numbered_material), "材料.docx")

    assert levels_read == [0, 1, 2]  # the first two paragraphs were numbered before the failure
    assert reading.text.splitlines() == [text for _, text in MATERIAL]
    assert reading.warnings == [UNREADABLE_WARNING]


def test_read_docx_errors_outside_the_numbering_are_not_swallowed(monkeypatch):
    def broken(self, paragraph):
        raise RuntimeError("a bug in the reader")

    monkeypatch.setattr(wordfile._BodyReader, "_paragraph_end", broken)

    with pytest.raises(RuntimeError):
        read_upload(docx_bytes(auto_numbered_material), "材料.docx")


def test_read_docx_text_past_10_mb_is_refused_as_it_is_read(monkeypatch):
    labelled = Counter()
    original = ListNumbering.label

    def counted(self, paragraph):
        labelled["paragraphs"] += 1
        return original(self, paragraph)

    monkeypatch.setattr(ListNumbering, "label", counted)

    def build(document) -> None:
        for _ in range(6):
            document.add_paragraph("a" * (MAX_BYTES // 3))  # the fourth passes 10 MB

    with pytest.raises(UnreadableDocument) as refusal:
        read_upload(docx_bytes(build), "a.docx")

    assert str(refusal.value) == TEXT_TOO_LARGE
    assert labelled["paragraphs"] == 4  # the last two are not read


def test_read_docx_labels_count_toward_the_text_limit(monkeypatch):
    """Numbers in a tiny file can make a large text: they count toward the limit as they are written."""
    monkeypatch.setattr(wordfile, "MAX_BYTES", 1000)

    def build(document) -> None:
        add_lists(document, abstract_num(101, lvl(0, "chineseCountingThousand", "第%1章")) + num(101, 101))
        for _ in range(300):
            numbered(document, "", 101)

    with pytest.raises(UnreadableDocument) as refusal:
        read_upload(docx_bytes(build), "a.docx")

    assert str(refusal.value) == TEXT_TOO_LARGE


def test_read_docx_unknown_format_warning_names_a_few_formats_briefly():
    def build(document) -> None:
        formats = ["x" * 1000] + [f"format{i}" for i in range(6)]
        add_lists(document, "".join(abstract_num(101 + i, lvl(0, fmt, "%1.")) for i, fmt in enumerate(formats)))
        add_lists(document, "".join(num(101 + i, 101 + i) for i in range(len(formats))))
        for i in range(len(formats)):
            numbered(document, "甲", 101 + i)

    (warning,) = read_upload(docx_bytes(build), "a.docx").warnings

    assert warning.message == (
        f"文档的自动编号用了无法识别的编号格式（{'x' * 20}……、format0、format1、format2、format3等），"
        "这些序号已按阿拉伯数字 1、2、3……导入，请核对。"
    )
