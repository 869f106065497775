"""Property tests: import never crashes and never loses a character (see helpers.py
for the invariant, stated precisely)."""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from orglife.materials.document.assembly import assembled_text
from orglife.materials.importing import UnreadableDocument, check_text, parse_material
from orglife.materials.importing.services import material_import
from tests.materials.importing.helpers import invalid_removals, lost_and_invented

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
