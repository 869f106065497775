import datetime
import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from orglife.materials.document.assembly import assemble
from orglife.models import Material
from orglife.printing.docx import docx_bytes, official_document
from orglife.printing.material import material_docx
from tests.factories import make_cause, make_material, make_problem

THEME = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def read(material: Material) -> docx.document.Document:
    return docx.Document(io.BytesIO(material_docx(material)))


def east_asian_font(element) -> str | None:
    fonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_docx_paragraphs_equal_assembled_paragraphs(demo_material):
    document = read(demo_material)

    # The title's balanced lines are joined by line breaks (w:br), read back as "\n".
    texts = [p.text.replace("\n", "") for p in document.paragraphs]
    assert texts == [p.text for p in assemble(demo_material)]
    assert document.paragraphs[0].text.split("\n") == [
        '党支部班子2022年"迎盛会、',
        '铸忠诚、强担当、创业绩"主题教育',
        "专题组织生活会对照检查材料",
    ]


def test_docx_sets_east_asian_fonts_on_normal_style_and_every_run(demo_material):
    document = read(demo_material)

    normal = document.styles["Normal"].element
    assert east_asian_font(normal) == "仿宋_GB2312"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:rFonts')}")
    assert not [a for a in THEME if defaults.get(qn(a)) is not None]
    runs = [run for p in document.paragraphs for run in p.runs]
    assert all(east_asian_font(run._r) for run in runs)
    assert not [run for run in runs for a in THEME if run._r.find(f".//{qn('w:rFonts')}").get(qn(a))]
    fonts = {p.text.replace("\n", "")[:7]: east_asian_font(p.runs[0]._r) for p in document.paragraphs}
    assert fonts["党支部班子20"] == "方正小标宋简体"
    assert fonts["一、存在的问题"] == "黑体"
    assert fonts["(一)思想方面"] == "楷体_GB2312"
    assert fonts["根据区委组织部"] == "仿宋_GB2312"


def test_docx_page_set_up_and_grid(demo_material):
    document = read(demo_material)

    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]
    normal = document.styles["Normal"]
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    assert normal.font.size == Pt(16)
    spacing = normal.element.find(f"{qn('w:rPr')}/{qn('w:spacing')}")
    assert spacing.get(qn("w:val")) == "-5"
    indent = normal.element.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    assert indent.get(qn("w:firstLineChars")) == "200"


def test_docx_page_numbers_in_odd_and_even_footers(demo_material):
    document = read(demo_material)

    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer is True
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    for footer in (odd, even):
        assert footer.text == "— 1 —"
        assert [i.text for i in footer._p.iter(qn("w:instrText"))] == [" PAGE "]
        kinds = [f.get(qn("w:fldCharType")) for f in footer._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]


def test_docx_heading2_run_on_is_set_in_kaiti(world):
    material = make_material(
        cycle=world.cycle, kind="personal", author=world.member, title="王党员个人对照检查材料", layout="run_on"
    )
    make_cause(material=material, position=1, heading="党性修养锤炼不够", body="无论是学习还是工作。")

    paragraph = read(material).paragraphs[-1]

    assert [(r.text, east_asian_font(r._r)) for r in paragraph.runs] == [
        ("（一）党性修养锤炼不够。", "楷体_GB2312"),
        ("无论是学习还是工作。", "仿宋_GB2312"),
    ]


@pytest.mark.parametrize(
    ("signature", "right_chars"),
    [("中共临江区发展和改革局机关党支部", ["200", "950"]), ("第一党支部", ["600", "200"])],
)
def test_docx_signature_and_date_at_the_right(world, signature, right_chars):
    world.material.signature = signature
    world.material.signed_on = datetime.date(2022, 11, 15 if len(signature) < 10 else 5)
    world.material.save()

    paragraphs = read(world.material).paragraphs[-2:]

    assert [p.alignment for p in paragraphs] == [WD_ALIGN_PARAGRAPH.RIGHT] * 2
    assert [p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) for p in paragraphs] == right_chars
    assert paragraphs[0].paragraph_format.space_before == Pt(28.95)


def test_control_characters_in_user_text_do_not_break_the_word_file(world):
    text = "带\x1b控制\x07字符。"
    make_problem(material=world.material, category=world.categories[0], position=1, text=text)

    document = docx.Document(io.BytesIO(material_docx(world.material)))

    assert [p.text for p in document.paragraphs][-1] == "一是带控制字符。"


def children(element) -> list[tuple[str, str | None]]:
    """(tag as w:name, w:val) of each child of `element`."""
    return [(f"w:{etree.QName(child).localname}", child.get(qn("w:val"))) for child in element]


# The pPr children the export writes, in the order ECMA-376 (CT_PPrBase) requires them.
PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:overflowPunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:jc",
)


def test_docx_turns_off_word_east_asian_defaults_that_break_the_grid(demo_material):
    """Hanging punctuation and CJK/Latin auto-spacing would give lines other than the PDF's 28 characters."""
    document = read(demo_material)

    normal = document.styles["Normal"].element
    assert children(normal.find(qn("w:pPr"))) == [
        ("w:overflowPunct", "0"),
        ("w:autoSpaceDE", "0"),
        ("w:autoSpaceDN", "0"),
        ("w:spacing", None),
        ("w:ind", None),
        ("w:jc", "both"),
    ]
    # Nothing below the Normal style turns them on again.
    flags = ("w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN")
    assert not [p for p in document.paragraphs for tag in flags if p._p.find(f"{qn('w:pPr')}/{qn(tag)}") is not None]


def test_docx_title_lines_are_not_snapped_to_the_document_grid(demo_material):
    """22 pt lines snapped to a 28.95 pt grid take two grid lines each (LibreOffice)."""
    document = read(demo_material)

    title, *body = document.paragraphs
    assert children(title._p.pPr) == [("w:snapToGrid", "0"), ("w:spacing", None), ("w:ind", None), ("w:jc", "center")]
    assert title._p.pPr.find(qn("w:spacing")).get(qn("w:after")) == "579"
    assert not [p for p in body if p._p.find(f"{qn('w:pPr')}/{qn('w:snapToGrid')}") is not None]
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")


def test_docx_paragraph_properties_are_in_schema_order(world):
    world.material.signature = "第一党支部"
    world.material.signed_on = datetime.date(2022, 11, 15)
    world.material.save()
    make_problem(material=world.material, category=world.categories[0], position=1, text="问题。")
    document = read(world.material)

    section = document.sections[0]
    p_prs = [p._p.pPr for p in document.paragraphs if p._p.pPr is not None]
    p_prs += [section.footer.paragraphs[0]._p.pPr, section.even_page_footer.paragraphs[0]._p.pPr]
    p_prs.append(document.styles["Normal"].element.find(qn("w:pPr")))
    assert len(p_prs) > 5
    for p_pr in p_prs:
        tags = [tag for tag, _ in children(p_pr)]
        assert set(tags) <= set(PPR_ORDER), tags
        assert tags == sorted(tags, key=PPR_ORDER.index), tags


def test_docx_declares_the_official_fonts_with_their_other_names(demo_material):
    """A reader without 仿宋_GB2312 finds 仿宋 (which Windows ships) and the GB2312 character set in the font table."""
    data = material_docx(demo_material)

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
        used = {
            value
            for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml")
            for fonts in etree.fromstring(package.read(name)).iter(qn("w:rFonts"))
            for value in [fonts.get(qn("w:eastAsia"))]
            if value
        }
    declared = {
        font.get(qn("w:name")): tuple(font.find(qn(tag)).get(qn("w:val")) for tag in ("w:altName", "w:charset"))
        for font in table.iter(qn("w:font"))
        if font.find(qn("w:altName")) is not None
    }
    assert declared == {
        "方正小标宋简体": ("方正小标宋_GBK,FZXiaoBiaoSong-B05S,FZXiaoBiaoSongS-B05", "86"),
        "仿宋_GB2312": ("FangSong_GB2312,仿宋,FangSong", "86"),
        "楷体_GB2312": ("KaiTi_GB2312,楷体,KaiTi", "86"),
        "黑体": ("SimHei", "86"),
        "宋体": ("SimSun", "86"),
    }
    assert used == {"方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"}
    for font in table.iter(qn("w:font")):
        assert [tag for tag, _ in children(font)][:2] in (["w:altName", "w:charset"], ["w:panose1", "w:charset"])


def test_docx_theme_language_is_chinese_not_the_template_japanese(demo_material):
    document = read(demo_material)

    language = document.settings.element.find(qn("w:themeFontLang"))
    assert language.get(qn("w:eastAsia")) == "zh-CN"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:lang')}")
    assert defaults.get(qn("w:eastAsia")) == "zh-CN"


def test_docx_file_properties_name_the_material_not_python_docx(demo_material):
    properties = read(demo_material).core_properties

    assert properties.title == demo_material.title
    assert (properties.author, properties.comments, properties.last_modified_by) == ("", "", "")
    updated = demo_material.updated_at.astimezone(datetime.UTC).replace(microsecond=0)
    assert properties.modified.replace(tzinfo=datetime.UTC) == updated
    assert properties.created == properties.modified


def test_official_document_gives_any_document_the_page_fonts_and_page_numbers():
    # What a future document (minutes, a report) starts from, without a material.
    saved = datetime.datetime(2022, 11, 24, 2, 30, tzinfo=datetime.UTC)
    document = official_document(title="会议记录\x01", modified=saved)
    document.add_paragraph("时间：2022年11月24日")

    reread = docx.Document(io.BytesIO(docx_bytes(document)))

    section = reread.sections[0]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]
    assert east_asian_font(reread.styles["Normal"].element) == "仿宋_GB2312"
    assert [p.text for p in reread.paragraphs] == ["时间：2022年11月24日"]
    assert [section.footer.paragraphs[0].text, section.even_page_footer.paragraphs[0].text] == ["— 1 —", "— 1 —"]
    assert (reread.core_properties.title, reread.core_properties.modified) == ("会议记录", saved)
