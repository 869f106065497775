"""Property tests: import never crashes and never loses a character (see helpers.py
for the invariant, stated precisely); a valid material wrapped as a PDF copy wraps
it, or with its headings run on, has the structure of the material as written."""

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from orglife.materials.document.assembly import assembled_text
from orglife.materials.importing import UnreadableDocument, check_text, parse_material
from orglife.materials.importing.services import material_import
from orglife.materials.importing.unwrapping import TITLE_LINES, full_width, width
from tests.materials.importing.helpers import invalid_removals, lost_and_invented
from tests.materials.importing.shapes import wrap

# Pieces real materials are made of, so that the generator reaches the parser's
# branches (parts, sections, items, signatures…) and not only plain prose.
PIECES = [
    "一、", "二、", "三、", "四、", "十一、", "第二部分", "（一）", "(二)", "（三）", "（十二）",
    "一是", "二是", "二是", "三要", "十一是", "1.", "2、", "3．", "（1）", "(2)", "①", "②",
    "存在的问题", "原因剖析", "整改措施", "努力方向", "基本情况", "上年度整改落实情况", "思想方面", "方面",
    "关于", "统一是", "。", "：", ":", "，", "；", "\"", "“", "”", "#", "# ", "## ",
    "\n", "\n\n", "\r\n", " ", "\u3000", "\t", "\ufeff",
    "2022年11月24日", "二〇二二年十一月二十四日", "2022年2月30日", "张三",
    "以上请批评指正。", "总之", "很长的标题" * 30,
    "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f",
    "2024.1.10", "二○二四年一月十日", "中共第一党支部", "以上发言请批评指正",
    "存在問題", "產生問題的原因", "發言人：", "单位：", "发言人:", "原因", "主要有以下几个方面：",
    "政治理论学习方面。", "对照检查材料", "材料", " 一、存在的问题", " （一）", "　", "甲" * 27,
]  # fmt: skip
material_texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=6)),
    max_size=80,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(material_texts)
def test_parse_never_crashes_and_never_loses_characters(text):
    parsed = parse_material(text)

    assert lost_and_invented(text, parsed) == ({}, {})
    assert invalid_removals(parsed) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(material_texts)
def test_import_of_any_readable_text_saves_and_assembles(world, text):
    try:
        check_text(text)
    except UnreadableDocument:
        assume(False)

    outcome = material_import(cycle=world.cycle, text=text)

    assert isinstance(assembled_text(outcome.material), str)
    assert outcome.material.problems.count() == sum(len(c["items"]) for c in outcome.parsed.data["categories"])


@settings(max_examples=150, deadline=None)
@given(material_texts, st.integers(min_value=15, max_value=34))
def test_parse_of_any_text_wrapped_never_loses_characters(text, full):
    wrapped = wrap(text, full)

    parsed = parse_material(wrapped)

    assert lost_and_invented(wrapped, parsed) == ({}, {})
    assert invalid_removals(parsed) == []


# Valid materials, written as text, then wrapped or run on ------------------------------------

# Characters of the generated sentences: no ordinals, and none of the words the parser reads
# (方面, 原因, 以下, 材料, 检查, 以上…), so that the structure is the one generated.
PROSE = "党员群众学习工作理论服务落实制度建设作风纪律责任深入推进加强不够主动规范支部班子思想政治能力水平实际问题"
sentences = st.lists(st.text(alphabet=PROSE, min_size=3, max_size=14), min_size=1, max_size=4).map(
    lambda parts: "，".join(parts) + "。"
)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map("".join)
long_paragraphs = st.lists(sentences, min_size=3, max_size=6).map("".join)
ITEM_ORDINALS = ["一是", "二是", "三是", "四是"]
SECTION_ORDINALS = ["（一）", "（二）", "（三）", "（四）"]


@st.composite
def materials(draw) -> str:
    """The text of a valid material: title, preamble, the three parts with their sections, closing, signature."""
    prefix = draw(st.text(alphabet=PROSE, max_size=16))
    lines = [f"{prefix}2023年度组织生活会对照检查材料"]
    lines += draw(st.lists(long_paragraphs, min_size=1, max_size=2))
    run_on = draw(st.booleans())
    lines.append("一、存在的问题")
    names = draw(
        st.lists(st.sampled_from(["思想", "学习", "工作", "生活", "作风", "纪律"]), min_size=1, max_size=4, unique=True)
    )
    for ordinal, name in zip(SECTION_ORDINALS, names, strict=False):
        items = [o + p for o, p in zip(ITEM_ORDINALS, draw(st.lists(paragraphs, min_size=1, max_size=4)), strict=False)]
        lines += [f"{ordinal}{name}方面。" + "".join(items)] if run_on else [f"{ordinal}{name}方面。", *items]
    lines.append("二、产生问题的原因剖析")
    for ordinal in SECTION_ORDINALS[: draw(st.integers(1, 3))]:
        lines.append(ordinal + draw(st.text(alphabet=PROSE, min_size=4, max_size=12)) + "。" + draw(paragraphs))
    lines.append("三、整改措施")
    for ordinal in SECTION_ORDINALS[: draw(st.integers(1, 3))]:
        heading = ordinal + draw(st.text(alphabet=PROSE, min_size=4, max_size=12)) + "。"
        measures = [
            o + p for o, p in zip(ITEM_ORDINALS, draw(st.lists(paragraphs, min_size=1, max_size=3)), strict=False)
        ]
        lines += [heading + "".join(measures)] if run_on else [heading, *measures]
    if draw(st.booleans()):
        lines += ["以上，请批评指正。", "张三", "2023年12月5日"]
    return "\n".join(lines)


def structure(text: str) -> dict:
    """What parse_material found, with spaces and line breaks (which wrapping changes) left out."""

    def squeeze(value):
        if isinstance(value, str):
            return re.sub(r"\s", "", value)
        if isinstance(value, list):
            return [squeeze(v) for v in value]
        if isinstance(value, dict):
            return {k: squeeze(v) for k, v in value.items() if k != "layout"}
        return value

    return squeeze(parse_material(text).data)


def run_on(text: str, joins: list[bool], space: str) -> str:
    """`text` with the part headings chosen by `joins` run on after the line before them and
    before the line after them, as one line."""
    lines = text.split("\n")
    out: list[str] = []
    glue_next = False
    heading_index = 0
    for line in lines:
        is_heading = bool(re.match(r"^[一二三]、", line))
        join = is_heading and joins[heading_index % len(joins)]
        heading_index += is_heading
        if out and (join or glue_next):
            out[-1] += space + line
        else:
            out.append(line)
        glue_next = join
    return "\n".join(out)


@settings(max_examples=80, deadline=None)
@given(materials(), st.integers(min_value=20, max_value=34), st.integers(min_value=6, max_value=12))
def test_parse_of_a_material_wrapped_as_a_pdf_copy_has_the_structure_of_the_original(text, full, smaller):
    title, body = text.split("\n", 1)
    title_full = max(full - smaller, width(title) / TITLE_LINES + 1)  # the title prints larger, on up to 3 lines
    wrapped = wrap(title, title_full) + "\n" + wrap(body, full)
    # A few lines cut among many short ones are not told from text whose lines are paragraphs
    # (the bounds of unwrapping.full_width: MIN_FULL_LINES, FULL_SHARE, UNENDED_SHARE): such
    # draws are left out.
    assume(full_width(wrapped.splitlines()))

    assert structure(wrapped) == structure(text)


@settings(max_examples=80, deadline=None)
@given(materials(), st.lists(st.booleans(), min_size=1, max_size=3), st.sampled_from([" ", "　", " : "[:1]]))
def test_parse_of_a_material_with_headings_run_on_has_the_structure_of_the_original(text, joins, space):
    assert structure(run_on(text, joins, space)) == structure(text)
