import datetime
import io
import itertools
import logging

import pytest
from pypdf import PdfReader

from orglife.materials.document.assembly import assembled_text
from orglife.models import Material
from orglife.printing.layout import NO_LINE_START
from tests.factories import make_cause, make_material, make_problem
from tests.printing.conftest import (
    A4,
    BOTTOM,
    LEFT,
    LINE,
    PITCH,
    RIGHT,
    TOP,
    embedded_fonts,
    render,
    rows,
    squeeze,
    text_rows,
    unicode_to_glyph_ids,
)

GRID_LINE = "一二三四五六七八九十" * 3  # no punctuation: nothing for the line breaker to move


def grid_material(world, *, paragraphs: int = 3, lines: int = 30) -> Material:
    """A material whose problems are long runs of CJK characters without punctuation."""
    for position in range(1, paragraphs + 1):
        make_problem(material=world.material, category=world.categories[0], position=position, text=GRID_LINE * lines)
    return world.material


def test_pdf_text_equals_assembled_text_in_order(demo_material):
    data = render(demo_material)

    # The layout adds line breaks (and pypdf spaces or newlines between text
    # operations); it adds no other characters, so both sides drop all whitespace.
    printed = "".join(row.text for row in text_rows(data))
    assert squeeze(printed) == squeeze(assembled_text(demo_material))


def test_pdf_pages_carry_numbers_alternating_right_and_left(demo_material):
    data = render(demo_material)

    numbers = [row for row in rows(data) if row.y < BOTTOM]
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert [row.text for row in numbers] == [f"— {n} —" for n in range(1, pages + 1)]
    assert {row.size for row in numbers} == {14.0}
    # Even pages: one 14 pt character in from the block's left edge.
    assert all(row.x == pytest.approx(LEFT + 14, abs=0.5) for row in numbers if row.page % 2 == 0)
    # Odd pages: at the right, ending one character in from the block's right edge.
    assert all(RIGHT - 14 - 60 < row.x < RIGHT - 14 - 30 for row in numbers if row.page % 2 == 1)
    # The number's line starts 7 mm below the text block.
    assert all(BOTTOM - 7 * 72 / 25.4 - 14 < row.y < BOTTOM - 7 * 72 / 25.4 for row in numbers)


def test_pdf_embeds_every_font_and_uses_the_fallback_families(demo_material):
    reader = PdfReader(io.BytesIO(render(demo_material)))

    fonts = embedded_fonts(reader)
    assert all("/FontFile2" in d or "/FontFile3" in d for d in fonts.values())
    families = {name.split("+", 1)[1] for name in fonts}
    assert families == {"Noto-Serif-CJK-SC-Bold", "Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC", "AR-PL-UKai-CN"}


def test_pdf_fonts_follow_the_paragraph_kinds(demo_material):
    printed = text_rows(render(demo_material))

    def family(text: str) -> str:
        return next(row.font for row in printed if row.text.startswith(text)).split("+", 1)[1]

    assert family("党支部班子2022年") == "Noto-Serif-CJK-SC-Bold"  # title, 小标宋 fallback
    assert family("根据区委组织部") == "Noto-Serif-CJK-SC"  # body, 仿宋 fallback
    assert family("一、存在的问题") == "Noto-Sans-CJK-SC"  # 黑体 fallback
    assert family("(一)思想方面。") == "AR-PL-UKai-CN"  # 楷体 fallback
    assert {row.size for row in printed if row.text.startswith("党支部班子")} == {22.0}


def test_pdf_page_is_a4_with_the_official_text_block(world):
    reader = PdfReader(io.BytesIO(data := render(grid_material(world))))
    printed = text_rows(data)

    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.5)
    body = [row for row in printed if row.font.endswith("Noto-Serif-CJK-SC")]
    assert min(row.x for row in body) == pytest.approx(LEFT, abs=0.3)
    first_lines = [row for row in body if row.text.startswith("一是")]
    assert {round(row.x, 1) for row in first_lines} == {round(LEFT + 2 * PITCH, 1)}
    page_two = [row for row in printed if row.page == 2]
    assert TOP - LINE < page_two[0].y < TOP
    assert BOTTOM < page_two[-1].y < BOTTOM + LINE
    assert all(row.y > BOTTOM for row in printed)


def test_pdf_full_line_holds_28_characters_and_full_page_22_lines(world):
    printed = text_rows(render(grid_material(world, paragraphs=2, lines=60)))  # page 2 inside paragraph 1

    page_two = [row for row in printed if row.page == 2]
    assert len(page_two) == 22
    assert [len(row.text) for row in page_two] == [28] * 22
    pitches = {round(a.y - b.y, 2) for a, b in itertools.pairwise(page_two)}
    assert pitches == {round(LINE, 2)}
    # The first line of a paragraph, indented by 2 characters, holds 26.
    assert {len(row.text) for row in printed if row.text.startswith("一是")} == {26}


def test_pdf_characters_outside_gb2312_get_real_glyphs(world, caplog):
    make_problem(
        material=world.material, category=world.categories[0], position=1, text="朱镕基、陶喆和王堃不在GB2312中。"
    )

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        data = render(world.material)

    assert "朱镕基、陶喆和王堃" in "".join(row.text for row in text_rows(data))
    glyphs = unicode_to_glyph_ids(PdfReader(io.BytesIO(data)))
    assert all(glyphs[char] and 0 not in glyphs[char] for char in "镕喆堃")
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]


def test_pdf_no_line_starts_with_closing_punctuation(world):
    # "一是" + 24 characters fill the indented first line (26), so each mark
    # would open the second line if the line breaker allowed it.
    marks = "，。、；：？！）》”…·～"
    for position, mark in enumerate(marks, start=1):
        text = "甲" * 24 + mark + "乙" * 10
        make_problem(material=world.material, category=world.categories[0], position=position, text=text)

    printed = text_rows(render(world.material))

    starts = [row.text[0] for row in printed]
    assert not set(starts) & NO_LINE_START
    assert "\u2060" not in "".join(row.text for row in printed)
    assert squeeze("".join(row.text for row in printed)) == squeeze(assembled_text(world.material))


def test_pdf_title_is_balanced_over_lines(demo_material):
    printed = text_rows(render(demo_material))

    title = [row.text for row in printed if row.size == 22.0]
    assert title == ['党支部班子2022年"迎盛会、', '铸忠诚、强担当、创业绩"主题教育', "专题组织生活会对照检查材料"]


def test_pdf_signature_and_date_follow_gb9704(world):
    material = grid_material(world, paragraphs=1, lines=2)
    material.signature = "中共临江区发展和改革局机关党支部"
    material.signed_on = datetime.date(2022, 11, 5)
    material.save()

    printed = text_rows(render(material))

    signer, date = printed[-2], printed[-1]
    assert (signer.text, date.text) == ("中共临江区发展和改革局机关党支部", "2022年11月5日")
    # Signer ends 2 characters in from the right; the date starts 2 characters
    # right of the signer's first character; one blank line above the signer.
    assert signer.x + 16 * PITCH == pytest.approx(RIGHT - 2 * PITCH, abs=0.5)
    assert date.x == pytest.approx(signer.x + 2 * PITCH, abs=0.5)
    assert printed[-3].y - signer.y == pytest.approx(2 * LINE, abs=0.5)
    assert signer.y - date.y == pytest.approx(LINE, abs=0.5)


def test_pdf_short_signer_moves_left_of_a_longer_date(world):
    material = grid_material(world, paragraphs=1, lines=2)
    material.signature = "第一党支部"
    material.signed_on = datetime.date(2022, 11, 15)
    material.save()

    printed = text_rows(render(material))

    signer, date = printed[-2], printed[-1]
    assert date.x == pytest.approx(signer.x + 2 * PITCH, abs=0.5)
    assert signer.x + 5 * PITCH < RIGHT - 2 * PITCH - 1


def test_pdf_prints_personal_material_with_run_on_heading2(world):
    material = make_material(
        cycle=world.cycle, kind="personal", author=world.member, title="王党员个人对照检查材料", layout="run_on"
    )
    make_cause(material=material, position=1, heading="党性修养锤炼不够", body="无论是学习还是工作。")

    printed = rows(render(material))

    wanted = ("（一）党性修养锤炼不够。", "无论是学习还是工作。")
    cause = [row for row in printed if row.y > BOTTOM and row.text in wanted]
    assert [row.font.split("+", 1)[1] for row in cause] == ["AR-PL-UKai-CN", "Noto-Serif-CJK-SC"]
    assert cause[0].y == pytest.approx(cause[1].y, abs=0.5)
